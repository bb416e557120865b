package org.airwave.app.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.core.stats.ServerStats;
import org.junit.jupiter.api.Test;

/** Whatever a request handler throws, the connection is answered or closed, and counted once. */
class RequestGuardTest {

    private final ServerStats stats = new ServerStats();

    @Test
    void aHandlerThatFailsBeforeAnsweringGets500() {
        EmbeddedChannel channel = guarded(new Failing(new IllegalStateException("bug"), false));

        channel.writeInbound(Unpooled.copiedBuffer("request", StandardCharsets.US_ASCII));

        assertThat(wire(channel)).startsWith("HTTP/1.0 500 Internal Server Error\r\n")
                .endsWith("Internal server error: the request could not be handled\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(stats.rejections(Protocol.HTTP, RejectReason.ERROR)).isOne();
        channel.checkException();
    }

    @Test
    void inputADecoderCannotReadGets400() {
        EmbeddedChannel channel = guarded(new Failing(new DecoderException("bad chunk size"), false));

        channel.writeInbound(Unpooled.copiedBuffer("request", StandardCharsets.US_ASCII));

        assertThat(wire(channel)).startsWith("HTTP/1.0 400 Bad Request\r\n")
                .endsWith("Bad request: the request could not be read\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(stats.rejections(Protocol.HTTP, RejectReason.BAD_REQUEST)).isOne();
    }

    @Test
    void aFailureAfterTheAnswerStartedOnlyCloses() {
        EmbeddedChannel channel = guarded(new Failing(new IllegalStateException("bug"), true));

        channel.writeInbound(Unpooled.copiedBuffer("request", StandardCharsets.US_ASCII));

        assertThat(wire(channel)).as("nothing after the answer already sent").isEqualTo("HTTP/1.0 200 OK\r\n\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(stats.rejections(Protocol.HTTP, RejectReason.ERROR)).isOne();
    }

    @Test
    void aResetByThePeerIsClosedWithoutAnAnswerOrACount() {
        EmbeddedChannel channel = guarded(new Failing(new IOException("Connection reset by peer"), false));

        channel.writeInbound(Unpooled.copiedBuffer("request", StandardCharsets.US_ASCII));

        assertThat(wire(channel)).isEmpty();
        assertThat(channel.isOpen()).isFalse();
        for (RejectReason reason : RejectReason.values()) {
            assertThat(stats.rejections(Protocol.HTTP, reason)).as(reason.name()).isZero();
        }
    }

    @Test
    void aSecondFailureOfTheSameConnectionIsNotCountedAgain() {
        EmbeddedChannel channel = guarded(new Failing(new IllegalStateException("bug"), false));

        channel.pipeline().fireExceptionCaught(new IllegalStateException("first"));
        channel.pipeline().fireExceptionCaught(new IllegalStateException("second"));

        assertThat(wire(channel)).startsWith("HTTP/1.0 500");
        assertThat(stats.rejections(Protocol.HTTP, RejectReason.ERROR)).isOne();
    }

    private EmbeddedChannel guarded(Failing handler) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("http-encoder", new HttpResponseEncoder()).addLast("request", handler);
        RequestGuard.install(channel.pipeline(), Protocol.HTTP, stats);
        return channel;
    }

    private static String wire(EmbeddedChannel channel) {
        StringBuilder wire = new StringBuilder();
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            wire.append(((ByteBuf) out).toString(StandardCharsets.ISO_8859_1));
            ReferenceCountUtil.release(out);
        }
        return wire.toString();
    }

    /** A request handler that throws on the first message, after writing the head of a streamed answer if told to. */
    private static final class Failing extends ChannelInboundHandlerAdapter {

        private final Exception failure;
        private final boolean answerFirst;

        Failing(Exception failure, boolean answerFirst) {
            this.failure = failure;
            this.answerFirst = answerFirst;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            ReferenceCountUtil.release(msg);
            if (answerFirst) {
                ctx.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK));
            }
            throw failure;
        }
    }
}
