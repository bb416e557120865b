package org.airwave.core.format;

import java.nio.charset.StandardCharsets;

/**
 * Reads the "now playing" title from a Vorbis comment list (the body of a Vorbis comment header, of
 * OpusTags and of a FLAC VORBIS_COMMENT block): a vendor string, then a count of "KEY=value" UTF-8
 * strings, every length and the count a little-endian u32. Keys match case-insensitively.
 *
 * <p>Stateless utility; safe to use from any thread. It only reads the array it is given.
 */
final class VorbisComment {

    private static final int LENGTH_BYTES = 4;
    private static final byte[] ARTIST_KEY = {'A', 'R', 'T', 'I', 'S', 'T', '='};
    private static final byte[] TITLE_KEY = {'T', 'I', 'T', 'L', 'E', '='};
    private static final String TITLE_SEPARATOR = " - ";

    private VorbisComment() {
    }

    /**
     * The title of the comment list in {@code data[offset, end)}: "ARTIST - TITLE" when both are
     * present, TITLE alone otherwise, null without a (non-empty) TITLE. A list cut short yields what
     * was read before the cut.
     */
    static String title(byte[] data, int offset, int end) {
        int position = offset;
        int vendorLength = lengthAt(data, position, end);
        if (vendorLength < 0) {
            return null;
        }
        position += LENGTH_BYTES + vendorLength;
        int count = lengthAt(data, position, end);
        if (count < 0) {
            return null;
        }
        position += LENGTH_BYTES;
        String artist = null;
        String title = null;
        for (int c = 0; c < count; c++) {
            int length = lengthAt(data, position, end);
            if (length < 0) {
                break;
            }
            position += LENGTH_BYTES;
            if (artist == null && hasKey(data, position, length, ARTIST_KEY)) {
                artist = value(data, position, length, ARTIST_KEY);
            } else if (title == null && hasKey(data, position, length, TITLE_KEY)) {
                title = value(data, position, length, TITLE_KEY);
            }
            position += length;
        }
        if (title == null) {
            return null;
        }
        return artist != null ? artist + TITLE_SEPARATOR + title : title;
    }

    /** The u32 LE at {@code position} when it and that many bytes after it fit before {@code end}; else -1. */
    private static int lengthAt(byte[] data, int position, int end) {
        if (end - position < LENGTH_BYTES) {
            return -1;
        }
        long length = (data[position] & 0xFFL) | (data[position + 1] & 0xFFL) << 8
                | (data[position + 2] & 0xFFL) << 16 | (data[position + 3] & 0xFFL) << 24;
        return length <= end - position - LENGTH_BYTES ? (int) length : -1;
    }

    private static boolean hasKey(byte[] data, int position, int length, byte[] key) {
        if (length < key.length) {
            return false;
        }
        for (int k = 0; k < key.length; k++) {
            int b = data[position + k];
            if (b >= 'a' && b <= 'z') {
                b -= 'a' - 'A';
            }
            if (b != key[k]) {
                return false;
            }
        }
        return true;
    }

    /** The value after the key, or null when it is empty. */
    private static String value(byte[] data, int position, int length, byte[] key) {
        int valueLength = length - key.length;
        return valueLength == 0 ? null : new String(data, position + key.length, valueLength, StandardCharsets.UTF_8);
    }
}
