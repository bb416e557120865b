package org.airwave.transcode;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces a transcoder's output to wall-clock time: audio becomes due as time passes since the start,
 * and the encoder thread sleeps until the audio it has produced is due again.
 *
 * <p>It also watches the lag (due minus produced): beyond {@link #LATE_NANOS} the transcoder cannot
 * keep real time, which is logged once per episode and counted; beyond {@link #MAX_CATCH_UP_NANOS}
 * (a stalled machine) the clock restarts from now instead of bursting the backlog out.
 *
 * <p>Threading: encoder thread only. Time comes from an injectable nanosecond source.
 */
final class OutputClock {

    /** Lag at which the transcoder counts as not keeping real time. */
    static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Lag beyond which the backlog is given up. */
    static final long MAX_CATCH_UP_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Shortest sleep, so a loop that is exactly on time does not spin. */
    static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(OutputClock.class);

    private final String mount;
    private final LongSupplier nanoTime;
    private final TranscoderStats stats;
    private long epoch;
    private boolean late;

    OutputClock(String mount, LongSupplier nanoTime, TranscoderStats stats) {
        this.mount = mount;
        this.nanoTime = nanoTime;
        this.stats = stats;
    }

    void start() {
        epoch = nanoTime.getAsLong();
    }

    /**
     * How much audio is due by now, after checking the lag of the {@code produced} audio.
     */
    long due(long produced) {
        long due = nanoTime.getAsLong() - epoch;
        long lag = due - produced;
        if (lag > MAX_CATCH_UP_NANOS) {
            LOG.warn("{}: transcoder was {} ms behind real time; giving up the backlog", mount,
                    TimeUnit.NANOSECONDS.toMillis(lag));
            epoch += lag;
            due = produced;
            lag = 0;
        }
        boolean nowLate = lag > LATE_NANOS;
        if (nowLate && !late) {
            stats.lateEpisode();
            LOG.warn("{}: transcoder cannot keep real time ({} ms behind, realtime factor {})", mount,
                    TimeUnit.NANOSECONDS.toMillis(lag), String.format("%.2f", stats.realtimeFactor()));
        } else if (!nowLate && late) {
            LOG.info("{}: transcoder caught up with real time", mount);
        }
        late = nowLate;
        return due;
    }

    /** How long to sleep until the {@code produced} audio is due. */
    long sleepNanos(long produced) {
        return Math.max(MIN_SLEEP_NANOS, produced - (nanoTime.getAsLong() - epoch));
    }
}
