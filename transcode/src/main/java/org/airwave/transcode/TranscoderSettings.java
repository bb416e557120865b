package org.airwave.transcode;

import io.netty.buffer.ByteBufAllocator;

/**
 * The tunables of a {@link MountTranscoder}. Immutable; {@link #live} builds them for a station.
 *
 * @param chunkMicros audio per appended chunk (whole MP3 frames, so chunks come out at or just over
 *     this); shorter when the title changes mid-chunk
 * @param maxQueuedSourceBytes source bytes a feed buffers before {@link SourceFeed#offer} asks the
 *     network side to pause
 * @param maxDecodedMicros decoded audio buffered ahead of the encoders; beyond it the decoder waits,
 *     so a source faster than real time fills the feed queue and is back-pressured
 * @param prebufferMicros decoded audio collected before a (re)starting source replaces silence; it
 *     absorbs network jitter and is most of the latency the transcoder adds (it doubles for a source
 *     after each underrun)
 * @param lameQuality LAME's algorithm quality, 0 (best, slowest) to 9 (FFmpeg's
 *     {@code compression_level})
 * @param switchFadeMicros fade-out of an input that ends and fade-in of one that starts, 0 for a
 *     clean cut; the encoders run this much behind to be able to fade an end (added latency)
 * @param pacing what drives the output clock
 * @param allocator where chunk buffers come from
 */
public record TranscoderSettings(long chunkMicros, int maxQueuedSourceBytes, long maxDecodedMicros,
                                 long prebufferMicros, int lameQuality, long switchFadeMicros, Pacing pacing,
                                 ByteBufAllocator allocator) {

    private static final long MIN_CHUNK_MICROS = 10_000;
    private static final long LIVE_DECODED_MICROS = 500_000;
    private static final long LIVE_PREBUFFER_MICROS = 60_000;
    private static final int MIN_QUEUED_SOURCE_BYTES = 4096;
    private static final int MAX_LAME_QUALITY = 9;
    private static final long MAX_SWITCH_FADE_MICROS = 5_000_000;

    public TranscoderSettings {
        if (chunkMicros < MIN_CHUNK_MICROS) {
            throw new IllegalArgumentException("chunk duration " + chunkMicros + "us is below the minimum of "
                    + MIN_CHUNK_MICROS + "us");
        }
        if (maxQueuedSourceBytes < MIN_QUEUED_SOURCE_BYTES) {
            throw new IllegalArgumentException("source queue of " + maxQueuedSourceBytes
                    + " bytes is below the minimum of " + MIN_QUEUED_SOURCE_BYTES);
        }
        if (pacing == null || allocator == null) {
            throw new IllegalArgumentException("pacing and allocator are required");
        }
        if (prebufferMicros < 0 || maxDecodedMicros <= prebufferMicros) {
            throw new IllegalArgumentException("decoded queue (" + maxDecodedMicros
                    + "us) must hold more than the prebuffer (" + prebufferMicros + "us)");
        }
        if (switchFadeMicros < 0 || switchFadeMicros > MAX_SWITCH_FADE_MICROS) {
            throw new IllegalArgumentException("switch fade must be 0.." + MAX_SWITCH_FADE_MICROS + "us, not "
                    + switchFadeMicros);
        }
        if (lameQuality < 0 || lameQuality > MAX_LAME_QUALITY) {
            throw new IllegalArgumentException("LAME quality must be 0.." + MAX_LAME_QUALITY + ", not " + lameQuality);
        }
    }

    /**
     * Settings for live radio: real-time pacing, the default allocator, a 500 ms decoded queue and a
     * 60 ms prebuffer; the values a station configures come from its config.
     */
    public static TranscoderSettings live(long chunkMicros, int maxQueuedSourceBytes, int lameQuality,
                                          long switchFadeMicros) {
        return new TranscoderSettings(chunkMicros, maxQueuedSourceBytes, LIVE_DECODED_MICROS, LIVE_PREBUFFER_MICROS,
                lameQuality, switchFadeMicros, Pacing.REAL_TIME, ByteBufAllocator.DEFAULT);
    }

    public TranscoderSettings withPacing(Pacing newPacing) {
        return new TranscoderSettings(chunkMicros, maxQueuedSourceBytes, maxDecodedMicros, prebufferMicros,
                lameQuality, switchFadeMicros, newPacing, allocator);
    }

    public TranscoderSettings withMaxQueuedSourceBytes(int bytes) {
        return new TranscoderSettings(chunkMicros, bytes, maxDecodedMicros, prebufferMicros, lameQuality,
                switchFadeMicros, pacing, allocator);
    }

    public TranscoderSettings withLameQuality(int quality) {
        return new TranscoderSettings(chunkMicros, maxQueuedSourceBytes, maxDecodedMicros, prebufferMicros,
                quality, switchFadeMicros, pacing, allocator);
    }

    public TranscoderSettings withSwitchFadeMicros(long micros) {
        return new TranscoderSettings(chunkMicros, maxQueuedSourceBytes, maxDecodedMicros, prebufferMicros,
                lameQuality, micros, pacing, allocator);
    }
}
