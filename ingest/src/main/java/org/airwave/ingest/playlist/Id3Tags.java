package org.airwave.ingest.playlist;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The artist and title of an MP3 file from its ID3 tags: ID3v2.2/2.3/2.4 text frames
 * ({@code TPE1}/{@code TIT2}, {@code TP1}/{@code TT2}) in any of their encodings, else the ID3v1
 * tag at the end. Threading: stateless.
 *
 * @param artist the artist, or empty
 * @param title the title, or empty
 */
public record Id3Tags(String artist, String title) {

    private static final int ID3V2_HEADER = 10;
    private static final int ID3V1_SIZE = 128;

    /** Reads the tags of a whole file's bytes; empty fields where none are found. */
    public static Id3Tags read(byte[] file) {
        Id3Tags v2 = readV2(file);
        if (!v2.title().isEmpty()) {
            return v2;
        }
        Id3Tags v1 = readV1(file);
        return v1.title().isEmpty() ? v2 : v1;
    }

    /** "Artist - Title", or the title alone, or {@code fallback} when the file has no title. */
    public String displayTitle(String fallback) {
        if (title.isEmpty()) {
            return fallback;
        }
        return artist.isEmpty() ? title : artist + " - " + title;
    }

    private static Id3Tags readV2(byte[] b) {
        if (b.length < ID3V2_HEADER || b[0] != 'I' || b[1] != 'D' || b[2] != '3') {
            return new Id3Tags("", "");
        }
        int version = b[3];
        int flags = b[5] & 0xff;
        int end = Math.min(b.length, ID3V2_HEADER + syncsafe(b, 6));
        int pos = ID3V2_HEADER;
        if ((flags & 0x40) != 0 && version >= 3 && pos + 4 <= end) {
            int extended = version == 4 ? syncsafe(b, pos) : bigEndian(b, pos) + 4;
            pos += extended;
        }
        int idLength = version == 2 ? 3 : 4;
        int headerLength = version == 2 ? 6 : 10;
        String artist = "";
        String title = "";
        while (pos + headerLength <= end && b[pos] != 0) {
            String id = new String(b, pos, idLength, StandardCharsets.ISO_8859_1);
            int size = version == 2 ? ((b[pos + 3] & 0xff) << 16) | ((b[pos + 4] & 0xff) << 8) | (b[pos + 5] & 0xff)
                    : version == 4 ? syncsafe(b, pos + 4) : bigEndian(b, pos + 4);
            int data = pos + headerLength;
            if (size <= 0 || data + size > end) {
                break;
            }
            if (id.equals("TIT2") || id.equals("TT2")) {
                title = text(b, data, size);
            } else if (id.equals("TPE1") || id.equals("TP1")) {
                artist = text(b, data, size);
            }
            pos = data + size;
        }
        return new Id3Tags(artist, title);
    }

    private static Id3Tags readV1(byte[] b) {
        int at = b.length - ID3V1_SIZE;
        if (at < 0 || b[at] != 'T' || b[at + 1] != 'A' || b[at + 2] != 'G') {
            return new Id3Tags("", "");
        }
        return new Id3Tags(latin1(b, at + 33, 30), latin1(b, at + 3, 30));
    }

    private static String text(byte[] b, int offset, int size) {
        Charset charset = switch (b[offset]) {
            case 1 -> StandardCharsets.UTF_16;
            case 2 -> StandardCharsets.UTF_16BE;
            case 3 -> StandardCharsets.UTF_8;
            default -> StandardCharsets.ISO_8859_1;
        };
        String value = new String(b, offset + 1, size - 1, charset);
        int nul = value.indexOf('\0');
        return (nul >= 0 ? value.substring(0, nul) : value).strip();
    }

    private static String latin1(byte[] b, int offset, int length) {
        String value = new String(b, offset, length, StandardCharsets.ISO_8859_1);
        int nul = value.indexOf('\0');
        return (nul >= 0 ? value.substring(0, nul) : value).strip();
    }

    private static int syncsafe(byte[] b, int offset) {
        return ((b[offset] & 0x7f) << 21) | ((b[offset + 1] & 0x7f) << 14) | ((b[offset + 2] & 0x7f) << 7)
                | (b[offset + 3] & 0x7f);
    }

    private static int bigEndian(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 24) | ((b[offset + 1] & 0xff) << 16) | ((b[offset + 2] & 0xff) << 8)
                | (b[offset + 3] & 0xff);
    }
}
