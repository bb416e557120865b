package org.airwave.transcode;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a {@link MountTranscoder} counts, for the monitoring module's binders and the status pages.
 * Cumulative counters only grow; gauges describe the last moment.
 *
 * <p>Threading: each counter has one writer (the decoder thread, the encoder thread, or the thread
 * that attaches sources) and is published through a volatile field; readers on any thread may see
 * values a frame old.
 */
public final class TranscoderStats {

    private final List<RungStats> rungs;
    private final AtomicReference<SourceFeed> currentFeed = new AtomicReference<>();

    private volatile long sourcesAttached;
    private volatile long sourcesFinished;
    private volatile long decodeErrors;
    private volatile long nonAudioBytes;
    private volatile long silenceNanos;
    private volatile long skippedNanos;
    private volatile long lateEpisodes;
    private volatile double realtimeFactor;

    TranscoderStats(List<RungStats> rungs) {
        this.rungs = List.copyOf(rungs);
    }

    public List<RungStats> rungs() {
        return rungs;
    }

    /** Sources attached since the transcoder started. */
    public long sourcesAttached() {
        return sourcesAttached;
    }

    /** Sources whose audio has been fed to the encoders to the end. */
    public long sourcesFinished() {
        return sourcesFinished;
    }

    /** Source bytes waiting for the decoder (the back-pressured queue). */
    public long queuedSourceBytes() {
        SourceFeed feed = currentFeed.get();
        return feed == null ? 0 : feed.queuedBytes();
    }

    /** Packets or streams FFmpeg could not read or decode (garbage, corruption). */
    public long decodeErrors() {
        return decodeErrors;
    }

    /** Source bytes that were not audio frames (tags, garbage) and were skipped. */
    public long nonAudioBytes() {
        return nonAudioBytes;
    }

    /** Silence fed to the encoders (no source, a stalled source, or garbage), in microseconds. */
    public long silenceMicros() {
        return silenceNanos / 1000;
    }

    /** Source audio dropped as a source started with more queued than the prebuffer, in microseconds. */
    public long skippedMicros() {
        return skippedNanos / 1000;
    }

    /**
     * CPU time of the decoder and encoder threads per second of audio over the last measuring
     * window: 0.05 means 5% of one core; at 1 or more the mount cannot keep real time.
     */
    public double realtimeFactor() {
        return realtimeFactor;
    }

    /** Times the transcoder fell behind real time by more than the tolerated lag. */
    public long lateEpisodes() {
        return lateEpisodes;
    }

    void attached(SourceFeed feed) {
        currentFeed.set(feed);
        sourcesAttached++;
    }

    void sourceFinished() {
        sourcesFinished++;
    }

    void decodeError() {
        decodeErrors++;
    }

    void nonAudio(long bytes) {
        nonAudioBytes += bytes;
    }

    void silence(long nanos) {
        silenceNanos += nanos;
    }

    void skipped(long nanos) {
        skippedNanos += nanos;
    }

    void lateEpisode() {
        lateEpisodes++;
    }

    void realtimeFactor(double factor) {
        realtimeFactor = factor;
    }
}
