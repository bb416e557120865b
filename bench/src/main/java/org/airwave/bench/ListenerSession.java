package org.airwave.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The soak's view of one listener: sits behind its {@link Listener} in the pipeline, sends the
 * request, leaves after the listener's planned time and, once the connection is gone, judges the
 * session ({@link ListenerOutcome}) and hands the verdict to {@code onEnd}.
 *
 * <p>Threading: confined to the channel's event loop, like the {@link Listener} it reads.
 */
final class ListenerSession extends ChannelInboundHandlerAdapter {

    private final Listener listener;
    private final SoakOptions.Stream stream;
    private final byte[] request;
    private final long listenNanos;
    private final ProgramSource program;
    private final Consumer<ListenerSession> onEnd;
    private boolean leftByListener;
    private long openedNanos = System.nanoTime();
    private ListenerOutcome outcome;

    ListenerSession(Listener listener, SoakOptions.Stream stream, byte[] request, long listenNanos,
                    ProgramSource program, Consumer<ListenerSession> onEnd) {
        this.listener = listener;
        this.stream = stream;
        this.request = request;
        this.listenNanos = listenNanos;
        this.program = program;
        this.onEnd = onEnd;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        openedNanos = System.nanoTime();
        ctx.writeAndFlush(Unpooled.wrappedBuffer(request));
        ctx.executor().schedule(() -> {
            leftByListener = true;
            ctx.close();
        }, listenNanos, TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        outcome = judge(System.nanoTime());
        onEnd.accept(this);
    }

    /** Called instead of the channel events when the connection could not be made. */
    void connectFailed(Throwable cause) {
        listener.failure = "connect: " + cause.getMessage();
        outcome = ListenerOutcome.NO_AUDIO;
        onEnd.accept(this);
    }

    /** The verdict; set when the connection is gone, before {@code onEnd} runs. */
    ListenerOutcome outcome() {
        return outcome;
    }

    /** The session in a few words, for the log of disturbed listeners. */
    String describe() {
        long now = System.nanoTime();
        double seconds = (now - openedNanos) / 1e9;
        double kbps = listener.firstByteNanos < 0 ? 0 : listener.audioBytes * 8 / 1000.0 / ((now - listener.firstByteNanos) / 1e9);
        return String.format(Locale.ROOT, "%s %s%s after %.1f s of %.1f, %.1f kbit/s, %d stalls%s", outcome,
                stream.path(), listener.icy ? " (icy)" : "", seconds, listenNanos / 1e9, kbps, listener.stalls,
                listener.failure == null || leftByListener ? "" : ": " + listener.failure);
    }

    private ListenerOutcome judge(long now) {
        if (!leftByListener) {
            return stream.passthrough() && !program.steady(now)
                    ? ListenerOutcome.ENDED_WITH_SOURCE : ListenerOutcome.CLOSED_BY_SERVER;
        }
        if (listener.firstByteNanos < 0) return ListenerOutcome.NO_AUDIO;
        if (!listener.slow && now - listener.lastByteNanos > Listener.STALL_NANOS) listener.stalls++;
        if (listener.stalls > 0) return ListenerOutcome.STALLED;
        if (listener.icyErrors() > 0) return ListenerOutcome.BAD_METADATA;
        double expected = (now - listener.firstByteNanos) / 1e9 * stream.kbps() * 1000 / 8;
        if (!listener.slow && listener.audioBytes < LoadReport.LAG_THRESHOLD * expected) return ListenerOutcome.BELOW_RATE;
        return ListenerOutcome.KEPT_LISTENING;
    }
}
