package org.airwave.core.format;

/**
 * What a framer of a stream with in-band stream headers (Ogg, native FLAC) reports about the frame
 * it last returned: subclasses set these fields while parsing.
 *
 * <p>Ownership and threading: as {@link AudioFramer}, one instance per source, confined to the
 * thread that feeds it.
 */
abstract class HeaderedStreamFramer extends SkipCountingFramer {

    long frameDurationMicros;
    boolean streamHeader;
    boolean startsNewStream;
    String inBandTitle;

    @Override
    public final long frameDurationMicros() {
        return frameDurationMicros;
    }

    @Override
    public final boolean isStreamHeader() {
        return streamHeader;
    }

    @Override
    public final boolean startsNewStream() {
        return startsNewStream;
    }

    @Override
    public final String inBandTitle() {
        return inBandTitle;
    }
}
