package org.airwave.transcode;

/**
 * Counters of one rung, kept by the encoder thread as it works and read by monitoring from any
 * thread (each field has that single writer; reads may lag by a frame).
 */
public final class RungStats {

    private final Rung rung;
    private volatile long framesEncoded;
    private volatile long encodeNanos;

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

    void encoded(long nanos) {
        encodeNanos += nanos;
    }

    void frame() {
        framesEncoded++;
    }
}
