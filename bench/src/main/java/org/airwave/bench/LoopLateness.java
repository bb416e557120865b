package org.airwave.bench;

import io.netty.channel.EventLoop;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How late the generator's own event loop runs a task due every {@value #PERIOD_MILLIS} ms: the
 * most per minute. A listener stall that coincides with lateness of the generator's loop of the
 * same size is the generator's (or the machine's), not the server's.
 *
 * <p>Threading: the tick runs on the event loop; {@link #takeMaxMillis} on any thread.
 */
final class LoopLateness {

    private static final long PERIOD_MILLIS = 100;

    private final AtomicLong maxNanos = new AtomicLong();
    private long lastNanos;

    /** Starts ticking on {@code loop} until it shuts down. */
    void start(EventLoop loop) {
        lastNanos = System.nanoTime();
        loop.scheduleAtFixedRate(this::tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Most lateness since the last call, ms; starts the next interval. */
    double takeMaxMillis() {
        return maxNanos.getAndSet(0) / 1e6;
    }

    private void tick() {
        long now = System.nanoTime();
        long late = now - lastNanos - TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
        lastNanos = now;
        maxNanos.accumulateAndGet(late, Math::max);
    }
}
