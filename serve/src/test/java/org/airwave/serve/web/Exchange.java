package org.airwave.serve.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * A request answered by a handler in an {@link EmbeddedChannel} behind a real
 * {@link HttpResponseEncoder}, as on the wire: the answer's bytes (head and body), with every
 * buffer released.
 *
 * @param head the response head up to and including the blank line
 * @param body the body, decoded as UTF-8
 * @param closed whether the handler closed the connection after answering
 */
public record Exchange(String head, String body, boolean closed) {

    /** Sends {@code GET target} (plus header lines "Name: value") to {@code handler}. */
    public static Exchange get(ChannelHandler handler, String target, String... headers) {
        return run(handler, HttpMethod.GET, target, headers);
    }

    public static Exchange run(ChannelHandler handler, HttpMethod method, String target, String... headers) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpResponseEncoder(), handler);
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target);
        for (String header : headers) {
            int colon = header.indexOf(':');
            request.headers().add(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        }
        channel.writeInbound(request);
        channel.runPendingTasks();
        StringBuilder wire = new StringBuilder();
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) out;
            wire.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        boolean closed = !channel.isOpen();
        channel.finishAndReleaseAll();
        String all = wire.toString();
        int end = all.indexOf("\r\n\r\n") + 4;
        String body = new String(all.substring(end).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return new Exchange(all.substring(0, end), body, closed);
    }

    public String statusLine() {
        return head.substring(0, head.indexOf("\r\n"));
    }

    public String header(String name) {
        return IcecastCapture.header(head, name);
    }
}
