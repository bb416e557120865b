package org.airwave.bench;

/**
 * Phase boundaries of a run, written by the main thread and read by every event loop.
 * Times are {@link System#nanoTime()} values; {@link Long#MAX_VALUE} until known.
 */
final class Timeline {
    private volatile long steadyStart = Long.MAX_VALUE;
    private volatile long steadyEnd = Long.MAX_VALUE;
    private volatile boolean finished;

    void steadyWindow(long start, long end) {
        steadyStart = start;
        steadyEnd = end;
    }

    boolean inSteadyWindow(long now) {
        return now >= steadyStart && now <= steadyEnd;
    }

    /** Set before the client closes its own connections, so those closes are not failures. */
    void finish() {
        finished = true;
    }

    boolean finished() {
        return finished;
    }
}
