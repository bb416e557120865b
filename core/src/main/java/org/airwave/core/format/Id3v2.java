package org.airwave.core.format;

import io.netty.buffer.ByteBuf;

/**
 * Measures an ID3v2 tag (ID3v2.2 to 2.4) starting at a given buffer position, so that a framer can
 * skip it: "ID3", major version, revision, flags, four syncsafe size bytes, the tag body and, when
 * the footer flag is set (ID3v2.4), a 10-byte footer.
 *
 * <p>Stateless utility; safe to use from any thread. It only reads the buffer.
 */
final class Id3v2 {

    /** Returned when the bytes at the position are not an ID3v2 tag header. */
    static final int NOT_A_TAG = -1;
    /** Returned when the bytes seen so far could still be a tag header but are too few to decide. */
    static final int NEED_MORE_BYTES = 0;

    static final int HEADER_LENGTH = 10;

    private static final int FOOTER_LENGTH = 10;
    private static final int FLAG_FOOTER_PRESENT = 0x10;
    private static final int UNDEFINED_FLAGS = 0x0F;
    private static final int MIN_MAJOR_VERSION = 2;
    private static final int MAX_MAJOR_VERSION = 4;
    private static final int FOOTER_MAJOR_VERSION = 4;
    private static final int NO_REVISION = 0xFF;
    private static final int SYNCSAFE_BYTES = 4;
    private static final int SYNCSAFE_BITS = 7;
    private static final int SYNCSAFE_HIGH_BIT = 0x80;
    private static final byte[] MAGIC = {'I', 'D', '3'};

    private Id3v2() {
    }

    /**
     * Measures the tag at {@code index}, reading no further than {@code end} (exclusive).
     *
     * @return the whole tag length in bytes (header, body and footer), {@link #NOT_A_TAG} or
     *     {@link #NEED_MORE_BYTES}
     */
    static int tagLength(ByteBuf in, int index, int end) {
        int available = end - index;
        for (int i = 0; i < MAGIC.length && i < available; i++) {
            if (in.getByte(index + i) != MAGIC[i]) {
                return NOT_A_TAG;
            }
        }
        if (available < HEADER_LENGTH) {
            return NEED_MORE_BYTES;
        }
        int major = in.getUnsignedByte(index + 3);
        int revision = in.getUnsignedByte(index + 4);
        int flags = in.getUnsignedByte(index + 5);
        if (major < MIN_MAJOR_VERSION || major > MAX_MAJOR_VERSION || revision == NO_REVISION
                || (flags & UNDEFINED_FLAGS) != 0) {
            return NOT_A_TAG;
        }
        int size = 0;
        for (int i = 0; i < SYNCSAFE_BYTES; i++) {
            int b = in.getUnsignedByte(index + 6 + i);
            if ((b & SYNCSAFE_HIGH_BIT) != 0) {
                return NOT_A_TAG;
            }
            size = (size << SYNCSAFE_BITS) | b;
        }
        boolean footer = major == FOOTER_MAJOR_VERSION && (flags & FLAG_FOOTER_PRESENT) != 0;
        return HEADER_LENGTH + size + (footer ? FOOTER_LENGTH : 0);
    }
}
