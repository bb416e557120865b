package org.airwave.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import org.airwave.core.stats.RejectReason;
import org.airwave.core.stats.ServerStats;
import org.airwave.core.stream.GarbageStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an accepted source connection (Icecast or SHOUTcast): hands every audio
 * byte to the {@link SourceSession} and ends the session when the connection ends, whatever the
 * way (FIN, RST, idle timeout, garbage).
 *
 * <p>Stateful: one per source connection, on its event loop.
 */
public final class SourceStreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SourceStreamHandler.class);

    private final SourceSession session;
    private final ServerStats rejections;
    private final long idleTimeoutSeconds;

    public SourceStreamHandler(SourceSession session, ServerStats rejections, long idleTimeoutSeconds) {
        this.session = session;
        this.rejections = rejections;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf data)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (!session.feed(data)) {
                // The transcoder is behind: stop reading until it has room (TCP pushes back on the source).
                ctx.channel().config().setAutoRead(false);
            }
        } catch (GarbageStreamException e) {
            rejections.rejected(session.protocol(), RejectReason.NOT_AUDIO);
            session.close("not audio: " + e.getMessage());
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.close("connection closed");
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            rejections.rejected(session.protocol(), RejectReason.TIMEOUT);
            session.close("sent nothing for " + idleTimeoutSeconds + " s (limits.source-idle-timeout-seconds)");
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            session.close("connection reset (" + cause.getMessage() + ")");
        } else if (cause instanceof DecoderException) {
            session.close("malformed body: " + cause.getMessage());
        } else {
            LOG.warn("source on {} failed", session.mount().path(), cause);
            session.close("error: " + cause);
        }
        ctx.close();
    }
}
