package org.airwave.core.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters one relay (a stream pulled from another server into a mount) keeps: whether it is
 * connected to an upstream now, how often it reconnected, and the body bytes it received. Updated by
 * the relay's event loop, read by monitoring on scrape.
 *
 * <p>Threading: any thread.
 */
public final class RelayStats {

    private volatile boolean connected;
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();

    /** An upstream answered with audio; {@code again} when it is not the relay's first connection. */
    public void connected(boolean again) {
        connected = true;
        if (again) {
            reconnects.increment();
        }
    }

    /** The upstream connection ended (or was dropped on purpose). */
    public void disconnected() {
        connected = false;
    }

    /** An attempt to reach an upstream failed (refused, timed out, bad answer). */
    public void failed() {
        failures.increment();
    }

    /** Body bytes received from the upstream (ICY metadata included). */
    public void received(long bytes) {
        bytesIn.add(bytes);
    }

    public boolean isConnected() {
        return connected;
    }

    public long reconnects() {
        return reconnects.sum();
    }

    public long failures() {
        return failures.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }
}
