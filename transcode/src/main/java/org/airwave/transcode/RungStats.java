package org.airwave.transcode;

/**
 * Counters of one rung, kept by the encoder thread as it works and read by monitoring from any
 * thread (each field has that single writer; reads may lag by a frame).
 */
public final class RungStats {

    private final Rung rung;
    private volatile long framesEncoded;
    private volatile long encodeNanos;
    private volatile long bytesEncoded;
    private volatile long chunksAppended;

    RungStats(Rung rung) {
        this.rung = rung;
    }

    public Rung rung() {
        return rung;
    }

    /** MP3 frames produced. */
    public long framesEncoded() {
        return framesEncoded;
    }

    /** Wall time spent in LAME for this rung (send and receive), in nanoseconds. */
    public long encodeNanos() {
        return encodeNanos;
    }

    /** MP3 bytes produced. */
    public long bytesEncoded() {
        return bytesEncoded;
    }

    /** Chunks appended to the rung's buffer. */
    public long chunksAppended() {
        return chunksAppended;
    }

    void encoded(long nanos) {
        encodeNanos += nanos;
    }

    void frame(int bytes) {
        framesEncoded++;
        bytesEncoded += bytes;
    }

    void chunk() {
        chunksAppended++;
    }
}
