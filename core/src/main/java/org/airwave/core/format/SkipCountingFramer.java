package org.airwave.core.format;

import io.netty.buffer.ByteBuf;

/**
 * Counts the bytes a framer skips: all of them ({@link #skippedBytes}) and, for the garbage limit,
 * those since the last frame ({@link #skippedSinceLastFrame}). Subclasses call {@link #skip} for
 * bytes that are not audio, {@link #skipMetadataLater} for tags and metadata they drop (streamed
 * through without buffering them), and {@link #frameFound} when they return a frame.
 *
 * <p>Ownership and threading: as {@link AudioFramer}, one instance per source, confined to the
 * thread that feeds it.
 */
abstract class SkipCountingFramer implements AudioFramer {

    private long skippedBytes;
    private long skippedSinceLastFrame;
    private long pendingMetadata;

    /** Skips {@code n} bytes that are not audio; they count towards the garbage limit. */
    final void skip(ByteBuf in, int n) {
        in.skipBytes(n);
        skippedBytes += n;
        skippedSinceLastFrame += n;
    }

    /**
     * Skips the next {@code n} bytes, a tag or metadata block, as they arrive (see
     * {@link #skipPendingMetadata}): metadata is not garbage, so they do not count towards its limit.
     */
    final void skipMetadataLater(long n) {
        pendingMetadata = n;
    }

    /** Skips what has arrived of the metadata announced by {@link #skipMetadataLater}; whether all of it is gone. */
    final boolean skipPendingMetadata(ByteBuf in) {
        int n = (int) Math.min(pendingMetadata, in.readableBytes());
        in.skipBytes(n);
        skippedBytes += n;
        pendingMetadata -= n;
        return pendingMetadata == 0;
    }

    /** Records that a frame is being returned: the bytes skipped before it stop counting as garbage. */
    final void frameFound() {
        skippedSinceLastFrame = 0;
    }

    @Override
    public final long skippedBytes() {
        return skippedBytes;
    }

    @Override
    public final long skippedSinceLastFrame() {
        return skippedSinceLastFrame;
    }
}
