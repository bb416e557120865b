package org.airwave.core.format;

import io.netty.buffer.ByteBuf;

/**
 * Finds whole audio frames (MP3/ADTS frames, Ogg pages) in the byte stream of one source, so that
 * the broadcast buffer only ever holds whole frames and every listener starts on a frame boundary.
 *
 * <p>Ownership and threading: one instance per source session, used by the single thread that
 * feeds that source's bytes. Implementations keep parsing state (sync, codec parameters) and are
 * not thread-safe. They never retain or release the buffer they are given.
 */
public interface AudioFramer {

    /**
     * Scans {@code in} from its reader index. Bytes that are not audio (ID3v2/ID3v1 tags, garbage
     * before a re-sync, APE tags) are skipped by advancing the reader index and counted in
     * {@link #skippedBytes()}. When a whole frame starts at the reader index, its length is
     * returned and the reader index is left at its first byte: the caller consumes it.
     *
     * @return the length of the whole frame at the reader index, or 0 when more bytes are needed
     */
    int nextFrame(ByteBuf in);

    /** Playing time of the frame last returned by {@link #nextFrame}, in microseconds (0 if unknown). */
    long frameDurationMicros();

    /**
     * Whether the frame last returned is a stream header that every listener needs before audio
     * (Ogg identification/comment/setup pages). Always false for MP3 and ADTS.
     */
    default boolean isStreamHeader() {
        return false;
    }

    /**
     * Whether the frame last returned starts a new logical stream (an Ogg BOS page: a chained Ogg
     * stream, e.g. a track change), which invalidates the stream headers collected so far.
     */
    default boolean startsNewStream() {
        return false;
    }

    /**
     * A "now playing" title carried in-band by the frame last returned (Vorbis/Opus comments:
     * "ARTIST - TITLE", or TITLE alone), or null.
     */
    default String inBandTitle() {
        return null;
    }

    /** Total bytes skipped as non-audio since this framer was created. */
    long skippedBytes();

    /** Bytes skipped since the last frame was found; a source whose count grows past a limit is garbage. */
    long skippedSinceLastFrame();
}
