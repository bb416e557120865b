package org.airwave.core.stats;

/**
 * What a mount's transcoder tells monitoring and status pages, without them depending on the
 * transcode module. Values may lag by a frame.
 *
 * <p>Threading: any thread.
 */
public interface TranscoderReadout {

    /** CPU time of the transcoder's threads per second of audio recently: at 1 or more it cannot keep real time. */
    double realtimeFactor();

    /** Source bytes waiting for the decoder. */
    long queuedSourceBytes();

    /** Decoder errors since start (each recovered without restarting the encoders). */
    long decodeErrors();

    /** Silence fed to the encoders since start (no source, stalls, garbage), in microseconds. */
    long silenceMicros();

    /** Times the transcoder fell behind real time. */
    long lateEpisodes();

    /** MP3 frames encoded for a rendition. */
    long framesEncoded(String rendition);

    /** Time spent encoding a rendition, in nanoseconds. */
    long encodeNanos(String rendition);
}
