package org.airwave.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
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
 * <p>On the native transport the socket wakes the event loop only once {@value
 * #READ_LOW_WATER_BYTES} bytes wait ({@code SO_RCVLOWAT}): encoders send about one frame per
 * packet (38 a second at 44.1 kHz), and the wake-ups, not the bytes, are what an idle server
 * spends its CPU on. 2 KiB is about 1/8 s at 128 kbit/s, 1/2 s at 32 kbit/s (listeners are
 * written once a second anyway); the end of a stream wakes the loop whatever waits. Before the
 * idle timeout closes a source, the mark drops to one byte: a source that sent a few bytes and
 * then paused has them read (and judged) rather than being called silent.
 *
 * <p>Stateful: one per source connection, on its event loop.
 */
public final class SourceStreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SourceStreamHandler.class);

    static final int READ_LOW_WATER_BYTES = 2048;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVLOWAT = 18;
    private static final ChannelOption<Integer> READ_LOW_WATER =
            new IntegerUnixChannelOption("SO_RCVLOWAT", SOL_SOCKET, SO_RCVLOWAT);
    /** Time the bytes below the mark get to arrive once it dropped, before the source counts as silent. */
    private static final long LOW_WATER_FLUSH_MILLIS = 200;

    private final SourceSession session;
    private final ServerStats rejections;
    private final long idleTimeoutSeconds;
    private boolean lowWater;
    /** The mark dropped to one byte at an idle timeout; whether a read came since decides. */
    private boolean flushing;

    public SourceStreamHandler(SourceSession session, ServerStats rejections, long idleTimeoutSeconds) {
        this.session = session;
        this.rejections = rejections;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof UnixChannel) {
            lowWater = ctx.channel().config().setOption(READ_LOW_WATER, READ_LOW_WATER_BYTES);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf data)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (flushing) {
            flushing = false;
            ctx.channel().config().setOption(READ_LOW_WATER, READ_LOW_WATER_BYTES);
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
            if (lowWater && !flushing) {
                flushing = true;
                ctx.channel().config().setOption(READ_LOW_WATER, 1);
                ctx.executor().schedule(() -> {
                    if (flushing && ctx.channel().isActive()) {
                        closeSilent(ctx);
                    }
                }, LOW_WATER_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            closeSilent(ctx);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void closeSilent(ChannelHandlerContext ctx) {
        rejections.rejected(session.protocol(), RejectReason.TIMEOUT);
        session.close("sent nothing for " + idleTimeoutSeconds + " s (limits.source-idle-timeout-seconds)");
        ctx.close();
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
