package org.airwave.app.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.core.stats.ServerStats;
import org.airwave.ingest.http.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every server connection's pipeline: an exception that no handler before it
 * dealt with still ends the request. Before any byte of an answer has left, the client gets 400
 * (input a decoder could not read) or 500 (a handler failed); after that the connection is closed,
 * because a second answer would corrupt the first. Either way the failure is logged once with the
 * peer and counted as rejected. A connection the peer reset ({@link IOException}) is closed quietly:
 * the peer is gone, nobody is refused.
 *
 * <p>Install with {@link #install}, which also puts a watch at the front of the pipeline: every
 * write passes there, so the guard knows whether an answer has started, whichever handler wrote it.
 *
 * <p>Stateful: one per connection, on its event loop.
 */
final class RequestGuard extends ChannelInboundHandlerAdapter {

    /** The guard's name in the pipeline; handlers added later go before it. */
    static final String NAME = "guard";

    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);

    private final Protocol protocol;
    private final ServerStats stats;
    private boolean answerStarted;
    private boolean failed;

    private RequestGuard(Protocol protocol, ServerStats stats) {
        this.protocol = protocol;
        this.stats = stats;
    }

    /**
     * Adds the guard at the end of {@code pipeline} and its write watch at the front.
     *
     * @param protocol the {@code protocol} tag its rejections are counted under
     */
    static void install(ChannelPipeline pipeline, Protocol protocol, ServerStats stats) {
        RequestGuard guard = new RequestGuard(protocol, stats);
        pipeline.addFirst("answer-watch", guard.new AnswerWatch()).addLast(NAME, guard);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failed) {
            ctx.close();
            return;
        }
        failed = true;
        Object peer = ctx.channel().remoteAddress();
        if (cause instanceof IOException) {
            LOG.debug("{}: connection lost: {}", peer, cause.toString());
            ctx.close();
            return;
        }
        boolean badInput = cause instanceof DecoderException;
        stats.rejected(protocol, badInput ? RejectReason.BAD_REQUEST : RejectReason.ERROR);
        HttpResponseStatus status = badInput ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.INTERNAL_SERVER_ERROR;
        boolean answer = !answerStarted && ctx.channel().isActive();
        String outcome = answer ? "answered " + status.code() : "closed";
        if (badInput) {
            LOG.info("{}: unreadable request, {}: {}", peer, outcome, cause.getMessage());
        } else {
            LOG.warn("{}: request failed, {}", peer, outcome, cause);
        }
        if (!answer) {
            ctx.close();
            return;
        }
        ctx.writeAndFlush(Responses.error(status, badInput ? "Bad request: the request could not be read"
                : "Internal server error: the request could not be handled")).addListener(ChannelFutureListener.CLOSE);
    }

    /** Notes the first write on the connection (the start of an answer). */
    private final class AnswerWatch extends ChannelDuplexHandler {

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            answerStarted = true;
            ctx.write(msg, promise);
        }
    }
}
