package org.airwave.app.limits;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.core.stats.ServerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket's handler for when the process runs out of file descriptors anyway (other
 * processes, a limit set too high): an accept that fails with "Too many open files" (EMFILE, or
 * ENFILE for the whole system) closes the connections waiting in the backlog at once, so their
 * clients learn it in milliseconds instead of waiting unanswered, and pauses accepting for a delay
 * that doubles while the failures go on ({@link #FIRST_PAUSE} to {@link #MAX_PAUSE}).
 *
 * <p>To accept a connection only to close it needs one free descriptor: the handler keeps one
 * in reserve ({@code /dev/null}, opened at start), frees it to shed the backlog and takes it back
 * after. That needs the native transport's socket; under NIO, Netty logs and drops the failure
 * itself. Without this handler Netty's acceptor stops accepting for a second after each failure,
 * and its log gets a stack trace per failed accept.
 *
 * <p>One per listening socket (it holds the reserve descriptor and the pause); confined to the
 * acceptor's event loop. Each connection shed is counted as {@link RejectReason#NO_DESCRIPTORS};
 * the first failure of a run is logged, and the end of the run with its count.
 */
public final class AcceptBackoff extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptBackoff.class);
    static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    static final Duration MAX_PAUSE = Duration.ofMillis(500);
    /** Connections shed per failure at most, so a deep backlog cannot hold the acceptor's loop. */
    private static final int MAX_SHED = 1024;
    /** What {@code accept} writes the peer's address into: Netty's own size (IPv6, scope id and port). */
    private static final int ACCEPTED_ADDRESS_BYTES = 26;
    private static final String RESERVE = "/dev/null";

    private final Protocol protocol;
    private final ServerStats stats;
    private final LongSupplier nanoClock;
    private FileDescriptor reserve;
    private long pauseNanos;
    private long lastFailureNanos;
    private boolean inRun;
    private long shedInRun;

    /**
     * @param protocol the {@code protocol} tag of the port's rejections
     * @param nanoClock {@link System#nanoTime} in production
     */
    public AcceptBackoff(Protocol protocol, ServerStats stats, LongSupplier nanoClock) {
        this.protocol = protocol;
        this.stats = stats;
        this.nanoClock = nanoClock;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof UnixChannel) {
            reserve = openReserve();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        closeReserve();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object child) {
        if (inRun && nanoClock.getAsLong() - lastFailureNanos > MAX_PAUSE.toNanos() * 2) {
            LOG.warn("accepting connections again on {}; {} connections were closed unserved for want of file"
                    + " descriptors", ctx.channel().localAddress(), shedInRun);
            inRun = false;
            shedInRun = 0;
        }
        ctx.fireChannelRead(child);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!outOfDescriptors(cause)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        long now = nanoClock.getAsLong();
        boolean continuing = inRun && now - lastFailureNanos <= MAX_PAUSE.toNanos() * 2;
        pauseNanos = continuing ? Math.min(pauseNanos * 2, MAX_PAUSE.toNanos()) : FIRST_PAUSE.toNanos();
        lastFailureNanos = now;
        int shed = shedBacklog(ctx);
        for (int i = 0; i < shed; i++) {
            stats.rejected(protocol, RejectReason.NO_DESCRIPTORS);
        }
        shedInRun += shed;
        if (!inRun) {
            inRun = true;
            LOG.warn("{}: {}: no file descriptor left to accept a connection; closing waiting connections and"
                    + " pausing accepts ({} ms, doubling to {} ms) until descriptors are free. Raise the process's"
                    + " descriptor limit (ulimit -n) or lower limits.max-connections", ctx.channel().localAddress(),
                    cause.getMessage(), FIRST_PAUSE.toMillis(), MAX_PAUSE.toMillis());
        }
        if (ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(() -> {
                ctx.channel().config().setAutoRead(true);
            }, pauseNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Accepts and closes what waits in the backlog, with the reserve descriptor freed for it; returns how many. */
    private int shedBacklog(ChannelHandlerContext ctx) {
        if (!(ctx.channel() instanceof UnixChannel unix) || !(unix.fd() instanceof Socket listening)) {
            return 0;
        }
        if (reserve == null) {
            reserve = openReserve();
            return 0;
        }
        closeReserve();
        int shed = 0;
        byte[] address = new byte[ACCEPTED_ADDRESS_BYTES];
        try {
            while (shed < MAX_SHED) {
                int accepted = listening.accept(address);
                if (accepted < 0) {
                    break;
                }
                new FileDescriptor(accepted).close();
                shed++;
            }
        } catch (IOException stillFull) {
            LOG.debug("shedding the backlog stopped: {}", stillFull.getMessage());
        }
        reserve = openReserve();
        return shed;
    }

    private static boolean outOfDescriptors(Throwable cause) {
        return cause instanceof IOException && cause.getMessage() != null
                && cause.getMessage().contains("Too many open files");
    }

    private static FileDescriptor openReserve() {
        try {
            return FileDescriptor.from(RESERVE);
        } catch (IOException e) {
            LOG.debug("no reserve descriptor: {}", e.getMessage());
            return null;
        }
    }

    private void closeReserve() {
        if (reserve != null) {
            try {
                reserve.close();
            } catch (IOException e) {
                LOG.debug("closing the reserve descriptor: {}", e.getMessage());
            }
            reserve = null;
        }
    }
}
