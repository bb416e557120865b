package org.airwave.ingest.relay;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Tells when a playing upstream delivers audio slower than real time: an upstream that trickles
 * (a byte a second keeps the read timeout quiet) is as lost as a silent one. The rate is measured
 * in audio time, not bytes: the framer knows each frame's duration (MP3 and ADTS headers, Ogg
 * granules, FLAC block sizes), so "expected rate" is exact for CBR, VBR and every codec, where an
 * {@code icy-br} header may be missing or only nominal. An upstream is too slow once the audio it
 * delivered over the last {@code relay.min-rate-seconds} is less than {@code relay.min-rate-fraction}
 * of that time; a window not yet full never counts (the first seconds of a connection are judged
 * only once a whole window has passed).
 *
 * <p>The owner samples it periodically ({@link #tooSlow}) with the time from its clock and the audio
 * time the connection has delivered. Kept samples are bounded by the window over the sampling period.
 *
 * <p>Stateful and not thread-safe: one per playing upstream connection, used on the relay's event loop.
 */
final class UpstreamRateWatch {

    private final double minFraction;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    /** Pairs of (clock nanos, delivered audio micros), oldest first. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    /**
     * @param minFraction {@code relay.min-rate-fraction}: the least share of real time the upstream
     *     must deliver; 0 turns the watch off
     * @param window {@code relay.min-rate-seconds}: how long it may deliver less
     * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime}, or a test's clock)
     */
    UpstreamRateWatch(double minFraction, Duration window, LongSupplier nanoClock) {
        this.minFraction = minFraction;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Whether the watch is on ({@code relay.min-rate-fraction} above 0). */
    boolean enabled() {
        return minFraction > 0 && windowNanos > 0;
    }

    /** How often the owner should sample: a tenth of the window, so detection comes within 1.1 windows. */
    Duration samplingPeriod() {
        return Duration.ofNanos(Math.max(Duration.ofMillis(100).toNanos(), windowNanos / 10));
    }

    /**
     * Records that the connection has delivered {@code deliveredMicros} of audio by now and answers
     * whether, over the last full window, it delivered less than the minimum fraction of real time.
     */
    boolean tooSlow(long deliveredMicros) {
        long now = nanoClock.getAsLong();
        samples.addLast(new long[] {now, deliveredMicros});
        while (samples.size() > 2 && now - secondOldest()[0] >= windowNanos) {
            samples.removeFirst();
        }
        long[] oldest = samples.peekFirst();
        long elapsedNanos = now - oldest[0];
        if (elapsedNanos < windowNanos) {
            return false;
        }
        long deliveredNanos = (deliveredMicros - oldest[1]) * 1000;
        return deliveredNanos < minFraction * elapsedNanos;
    }

    /** The expected share and the window, as a log line names them. */
    String limit() {
        return "less than " + minFraction + " of real time for " + Duration.ofNanos(windowNanos).toSeconds()
                + " s (relay.min-rate-fraction, relay.min-rate-seconds)";
    }

    private long[] secondOldest() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }
}
