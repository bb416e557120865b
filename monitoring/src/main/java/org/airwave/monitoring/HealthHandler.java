package org.airwave.monitoring;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;

/**
 * Answers {@code GET /health} (and {@code HEAD}) for container health checks and load balancers:
 * {@code 200 {"status":"up","mounts":N,"live_mounts":N,"listeners":N}}. Being answered at all is
 * the signal (the event loop runs and the port accepts); the counts are for a human reading it.
 * Open to anyone: it tells no more than the public stream list does.
 *
 * <p>Stateless apart from the mounts; one per request, on the event loop. Expects an
 * {@code HttpResponseEncoder} in the pipeline.
 */
public final class HealthHandler extends ChannelInboundHandlerAdapter {

    /** Where health checks ask. */
    public static final String PATH = "/health";

    private final MountRegistry mounts;

    public HealthHandler(MountRegistry mounts) {
        this.mounts = mounts;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        boolean head = request.method().equals(HttpMethod.HEAD);
        ReferenceCountUtil.release(msg);
        String status = status();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK,
                head ? Unpooled.EMPTY_BUFFER : ByteBufUtil.writeAscii(ctx.alloc(), status));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, status.length())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store")
                .set(HttpHeaderNames.CONNECTION, "Close");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** The body: ASCII only (its length in chars is its length in bytes). */
    private String status() {
        int total = 0;
        int live = 0;
        long listeners = 0;
        for (Mount mount : mounts.all()) {
            total++;
            live += mount.liveSource().isPresent() ? 1 : 0;
            listeners += mount.listeners();
        }
        return "{\"status\":\"up\",\"mounts\":" + total + ",\"live_mounts\":" + live + ",\"listeners\":" + listeners
                + "}\n";
    }
}
