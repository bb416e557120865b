package org.airwave.serve.status;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the number of open event streams ({@code /api/v1/events}) server-wide, so a crowd of
 * pages (or a misbehaving script) cannot make the server poll and write without limit.
 *
 * <p>Threading: any; a lock-free counter.
 */
public final class EventStreamSlots {

    /** Event streams open at once; more are refused with 503. */
    public static final int MAX_EVENT_STREAMS = 4096;

    private final AtomicInteger open = new AtomicInteger();
    private final int max;

    public EventStreamSlots() {
        this(MAX_EVENT_STREAMS);
    }

    public EventStreamSlots(int max) {
        this.max = max;
    }

    /** Takes a slot; false when {@code max} streams are open. */
    boolean tryAcquire() {
        while (true) {
            int now = open.get();
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        open.decrementAndGet();
    }

    /** Event streams open now. */
    public int open() {
        return open.get();
    }

    public int max() {
        return max;
    }
}
