package org.airwave.transcode;

/**
 * When a source's decoded audio may replace silence: the jitter buffer. The source must have queued
 * the prebuffer's worth of audio <em>and</em> have been queueing for that long (in output time), so
 * a source that arrives in bursts larger than the prebuffer still keeps the prebuffer in hand when
 * the next burst is due.
 *
 * <p>The prebuffer starts at {@link TranscoderSettings#prebufferMicros()} (low latency for a smooth
 * source) and doubles after each underrun, up to {@link #MAX_SHARE_OF_QUEUE} of the decoded queue,
 * so a jittery source stops stuttering after a glitch or two; each new source starts again from the
 * configured value.
 *
 * <p>Threading: encoder thread only.
 */
final class Prebuffer {

    /** The prebuffer never grows past this share of the decoded queue, which must still hold a burst. */
    static final double MAX_SHARE_OF_QUEUE = 0.75;

    private final long baseNanos;
    private final long maxNanos;
    private long currentNanos;

    Prebuffer(TranscoderSettings settings) {
        this.baseNanos = settings.prebufferMicros() * 1000;
        this.maxNanos = Math.max(baseNanos, (long) (settings.maxDecodedMicros() * 1000 * MAX_SHARE_OF_QUEUE));
        this.currentNanos = baseNanos;
    }

    /**
     * Whether the source may start playing.
     *
     * @param queuedNanos decoded audio waiting
     * @param waitedNanos output time since the source's first audio was queued
     */
    boolean isFilled(long queuedNanos, long waitedNanos) {
        return queuedNanos > 0 && queuedNanos >= currentNanos && waitedNanos >= currentNanos;
    }

    /** The playing source ran dry: ask for more before playing it again. */
    void underrun() {
        currentNanos = Math.min(maxNanos, Math.max(currentNanos * 2, EncodeLoop.SILENCE_STEP_NANOS));
    }

    /** A source ended: the next one starts from the configured prebuffer. */
    void reset() {
        currentNanos = baseNanos;
    }

    long currentNanos() {
        return currentNanos;
    }
}
