package org.airwave.core.stream;

/**
 * The bounds of one {@link BroadcastBuffer}.
 *
 * @param windowMicros how much recent audio the buffer keeps; a listener further behind is lagging
 * @param maxBytes byte cap on the window, whatever its duration (protects against high-bitrate or
 *     duration-less streams)
 * @param burstMicros how much audio a new listener receives at once on connect
 * @param maxChunks chunk-count cap on the window (rounded up to a power of two)
 */
public record BufferLimits(long windowMicros, long maxBytes, long burstMicros, int maxChunks) {

    public BufferLimits {
        if (windowMicros <= 0 || maxBytes <= 0 || burstMicros < 0 || maxChunks < 2) {
            throw new IllegalArgumentException("buffer limits must be positive: " + windowMicros + "us, "
                    + maxBytes + " bytes, burst " + burstMicros + "us, " + maxChunks + " chunks");
        }
        if (burstMicros > windowMicros) {
            throw new IllegalArgumentException("burst (" + burstMicros + "us) longer than the buffer window ("
                    + windowMicros + "us)");
        }
    }
}
