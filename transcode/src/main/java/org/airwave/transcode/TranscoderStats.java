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
    private final DecodedAudioQueue decoded;
    private final AtomicReference<SourceFeed> currentFeed = new AtomicReference<>();

    private volatile long sourcesAttached;
    private volatile long sourcesFinished;
    private volatile long decodeErrors;
    private volatile long decoderReopens;
    private volatile long nonAudioBytes;
    private volatile long silenceNanos;
    private volatile long underruns;
    private volatile long skippedNanos;
    private volatile long outputNanos;
    private volatile long lagNanos;
    private volatile long lateEpisodes;
    private volatile long clockResyncs;
    private volatile long prebufferMicros;
    private volatile boolean late;
    private volatile double realtimeFactor;

    TranscoderStats(List<RungStats> rungs, DecodedAudioQueue decoded) {
        this.rungs = List.copyOf(rungs);
        this.decoded = decoded;
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

    /** Decoded audio waiting for the encoders, in microseconds (mostly the prebuffer). */
    public long queuedDecodedMicros() {
        return decoded.queuedNanos() / 1000;
    }

    /** Packets or streams FFmpeg could not read or decode (garbage, corruption). */
    public long decodeErrors() {
        return decodeErrors;
    }

    /** Source bytes that were not audio frames (tags, garbage) and were skipped. */
    public long nonAudioBytes() {
        return nonAudioBytes;
    }

    /** Times the decoder was reopened after errors in a row. */
    public long decoderReopens() {
        return decoderReopens;
    }

    /** Silence fed to the encoders (no source, a stalled source, or garbage), in microseconds. */
    public long silenceMicros() {
        return silenceNanos / 1000;
    }

    /** Source audio dropped as a source started with more queued than the prebuffer, in microseconds. */
    public long skippedMicros() {
        return skippedNanos / 1000;
    }

    /** Times an attached source ran dry while playing (each ends in silence until it refills). */
    public long underruns() {
        return underruns;
    }

    /** Decoded audio a source must queue before it plays (grows after underruns), in microseconds. */
    public long prebufferMicros() {
        return prebufferMicros;
    }

    /** Audio time fed to the encoders since the start, in microseconds. */
    public long outputMicros() {
        return outputNanos / 1000;
    }

    /**
     * CPU time of the decoder and encoder threads per second of audio over the last measuring
     * window: 0.05 means 5% of one core; at 1 or more the mount cannot keep real time.
     */
    public double realtimeFactor() {
        return realtimeFactor;
    }

    /** How far the output clock is behind wall-clock time, in microseconds (paced mode). */
    public long lagMicros() {
        return lagNanos / 1000;
    }

    /** Whether the transcoder is currently behind real time by more than the tolerated lag. */
    public boolean isLate() {
        return late;
    }

    /** Times the transcoder fell behind real time by more than the tolerated lag. */
    public long lateEpisodes() {
        return lateEpisodes;
    }

    /** Times the output clock gave up catching up and restarted from now (audio time lost). */
    public long clockResyncs() {
        return clockResyncs;
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

    void decoderReopened() {
        decoderReopens++;
    }

    void silence(long nanos) {
        silenceNanos += nanos;
    }

    void skipped(long nanos) {
        skippedNanos += nanos;
    }

    void underrun() {
        underruns++;
    }

    void prebuffer(long micros) {
        prebufferMicros = micros;
    }

    void output(long nanos) {
        outputNanos += nanos;
    }

    void lag(long nanos, boolean isLate, boolean newEpisode) {
        lagNanos = nanos;
        late = isLate;
        if (newEpisode) {
            lateEpisodes++;
        }
    }

    void clockResynced() {
        clockResyncs++;
    }

    void realtimeFactor(double factor) {
        realtimeFactor = factor;
    }
}
