package org.airwave.core.format;

import io.netty.buffer.ByteBuf;

/**
 * Common framing logic for formats whose frames start with a fixed-size header that begins with a
 * sync word and gives the frame length (MPEG audio, AAC ADTS).
 *
 * <p>Sync strategy: while not synced, a candidate header is accepted only when a second header of
 * the same stream (same bits under the subclass's stream key mask) follows at the computed frame
 * length; until those bytes arrive the candidate waits. Once synced, a header is expected exactly
 * where the previous frame ended; on a mismatch the framer searches again. ID3v2 tags (anywhere)
 * and 128-byte ID3v1 "TAG" blocks (right after a frame) are skipped by length, streaming through
 * large tags without buffering them; anything else that is not a frame (APE tags, garbage) is
 * skipped byte by byte while searching.
 *
 * <p>Ownership and threading: as {@link AudioFramer}, one instance per source, confined to the
 * thread that feeds it. The hot path allocates nothing.
 */
abstract class SyncWordFramer extends SkipCountingFramer {

    /** Returned by {@link #frameLength} when the bytes are not a valid frame header. */
    static final int NOT_A_HEADER = -1;

    private static final int CONTINUE = -1;
    private static final int SYNC_BYTE = 0xFF;
    private static final int ID3V1_LENGTH = 128;
    private static final byte[] ID3V1_MAGIC = {'T', 'A', 'G'};

    private final int headerLength;
    private final int streamKeyMask;

    private boolean synced;
    private int syncedKey;

    /**
     * @param headerLength bytes needed to parse a header with {@link #frameLength}
     * @param streamKeyMask bits of the first four header bytes (big-endian) that stay the same for
     *     every frame of one stream
     */
    SyncWordFramer(int headerLength, int streamKeyMask) {
        this.headerLength = headerLength;
        this.streamKeyMask = streamKeyMask;
    }

    /**
     * Parses the header at {@code index}, where at least the header length is readable.
     *
     * @return the whole frame length including the header, or {@link #NOT_A_HEADER}
     */
    abstract int frameLength(ByteBuf in, int index);

    /** Records the parameters of the frame whose valid header is at {@code index}: it is being returned. */
    abstract void onFrame(ByteBuf in, int index);

    @Override
    public final int nextFrame(ByteBuf in) {
        while (true) {
            if (!skipPendingMetadata(in)) {
                return 0;
            }
            int result = synced ? frameAtReaderIndex(in) : search(in);
            if (result != CONTINUE) {
                return result;
            }
        }
    }

    private int frameAtReaderIndex(ByteBuf in) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        if (available < headerLength) {
            return 0;
        }
        int length = frameLength(in, start);
        if (length > 0 && streamKey(in, start) == syncedKey) {
            return available < length ? 0 : accept(in, start, length);
        }
        int tag = tagLength(in, start, in.writerIndex());
        if (tag == Id3v2.NEED_MORE_BYTES) {
            return 0;
        }
        if (tag > 0) {
            skipMetadataLater(tag);
        } else {
            synced = false;
        }
        return CONTINUE;
    }

    private int search(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        for (int i = start; i < end; i++) {
            int b = in.getUnsignedByte(i);
            if (b == SYNC_BYTE) {
                if (end - i < headerLength) {
                    return waitAt(in, start, i);
                }
                int length = frameLength(in, i);
                if (length > 0) {
                    int next = i + length;
                    if (end - next < headerLength) {
                        return waitAt(in, start, i);
                    }
                    int key = streamKey(in, i);
                    if (frameLength(in, next) > 0 && streamKey(in, next) == key) {
                        skip(in, i - start);
                        synced = true;
                        syncedKey = key;
                        return accept(in, i, length);
                    }
                }
            } else if (b == 'I') {
                int tag = Id3v2.tagLength(in, i, end);
                if (tag == Id3v2.NEED_MORE_BYTES) {
                    return waitAt(in, start, i);
                }
                if (tag > 0) {
                    skip(in, i - start);
                    skipMetadataLater(tag);
                    return CONTINUE;
                }
            }
        }
        skip(in, end - start);
        return 0;
    }

    private int waitAt(ByteBuf in, int start, int candidate) {
        skip(in, candidate - start);
        return 0;
    }

    private int accept(ByteBuf in, int index, int length) {
        onFrame(in, index);
        frameFound();
        return length;
    }

    private int streamKey(ByteBuf in, int index) {
        return in.getInt(index) & streamKeyMask;
    }

    /** ID3v2 or ID3v1 tag length at a frame boundary, with the return values of {@link Id3v2#tagLength}. */
    private static int tagLength(ByteBuf in, int index, int end) {
        int id3v2 = Id3v2.tagLength(in, index, end);
        if (id3v2 != Id3v2.NOT_A_TAG) {
            return id3v2;
        }
        int available = end - index;
        for (int i = 0; i < ID3V1_MAGIC.length; i++) {
            if (i == available) {
                return Id3v2.NEED_MORE_BYTES;
            }
            if (in.getByte(index + i) != ID3V1_MAGIC[i]) {
                return Id3v2.NOT_A_TAG;
            }
        }
        return ID3V1_LENGTH;
    }
}
