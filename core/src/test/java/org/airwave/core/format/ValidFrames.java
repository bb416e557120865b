package org.airwave.core.format;

/**
 * Test oracle for the framers: decides from the format specifications alone, without any framer
 * code, whether a byte range is one whole, valid frame (MPEG audio frame, ADTS frame, Ogg page,
 * FLAC frame or metadata block). Each method returns null for a valid frame, else what is wrong.
 *
 * <p>Stateless; threading: any.
 */
final class ValidFrames {

    /** Bitrates in kbit/s by index: MPEG-1 Layers I, II, III, then MPEG-2/2.5 Layer I, then Layers II/III. */
    private static final int[][] MPEG_KBPS = {
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448, -1},
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, -1},
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1},
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256, -1},
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1},
    };
    /** Sample rates by MPEG version bits (0: 2.5, 2: MPEG-2, 3: MPEG-1) and rate index. */
    private static final int[][] MPEG_RATES = {{11025, 12000, 8000}, null, {22050, 24000, 16000}, {44100, 48000, 32000}};
    private static final int[] ADTS_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
        11025, 8000, 7350};

    private ValidFrames() {
    }

    /** An MPEG-1/2/2.5 Layer I/II/III frame: a valid header and exactly the length it gives. */
    static String mpegAudio(byte[] frame) {
        if (frame.length < 4) {
            return "shorter than a header";
        }
        int b1 = frame[1] & 0xFF;
        int b2 = frame[2] & 0xFF;
        int b3 = frame[3] & 0xFF;
        int version = (b1 >> 3) & 3;
        int layer = (b1 >> 1) & 3;
        int bitrateIndex = b2 >> 4;
        int rateIndex = (b2 >> 2) & 3;
        int padding = (b2 >> 1) & 1;
        if ((frame[0] & 0xFF) != 0xFF || (b1 & 0xE0) != 0xE0) {
            return "no frame sync";
        }
        if (version == 1 || layer == 0 || rateIndex == 3 || (b3 & 3) == 2) {
            return "reserved version, layer, sample rate or emphasis";
        }
        int row = version == 3 ? 3 - layer : layer == 3 ? 3 : 4;
        int kbps = MPEG_KBPS[row][bitrateIndex];
        if (kbps <= 0) {
            return "free-format or bad bitrate index";
        }
        int rate = MPEG_RATES[version][rateIndex];
        int expected;
        if (layer == 3) {
            expected = (12 * kbps * 1000 / rate + padding) * 4;
        } else {
            int bytesPerKbit = layer == 1 && version != 3 ? 72 : 144;
            expected = bytesPerKbit * kbps * 1000 / rate + padding;
        }
        return frame.length == expected ? null : "length " + frame.length + ", header says " + expected;
    }

    /** An AAC ADTS frame: a valid fixed header and exactly the length its frame_length field gives. */
    static String adts(byte[] frame) {
        if (frame.length < 7) {
            return "shorter than a header";
        }
        if ((frame[0] & 0xFF) != 0xFF || (frame[1] & 0xF0) != 0xF0) {
            return "no frame sync";
        }
        if ((frame[1] & 0x06) != 0) {
            return "layer is not 0";
        }
        if (((frame[2] & 0xFF) >> 2 & 0xF) >= ADTS_RATES.length) {
            return "reserved sampling frequency index";
        }
        int headerLength = (frame[1] & 1) == 0 ? 9 : 7;
        int length = (frame[3] & 3) << 11 | (frame[4] & 0xFF) << 3 | (frame[5] & 0xFF) >> 5;
        if (length <= headerLength) {
            return "frame_length " + length + " not beyond the header";
        }
        return frame.length == length ? null : "length " + frame.length + ", header says " + length;
    }

    /** An Ogg page: capture pattern, version 0, defined flags only, lacing-given length and CRC-32. */
    static String oggPage(byte[] page) {
        if (page.length < 27 || page[0] != 'O' || page[1] != 'g' || page[2] != 'g' || page[3] != 'S') {
            return "no capture pattern";
        }
        if (page[4] != 0 || (page[5] & ~7) != 0) {
            return "bad version or header type";
        }
        int segments = page[26] & 0xFF;
        int length = 27 + segments;
        for (int i = 0; i < segments && 27 + i < page.length; i++) {
            length += page[27 + i] & 0xFF;
        }
        if (page.length != length) {
            return "length " + page.length + ", lacing says " + length;
        }
        int stored = (page[22] & 0xFF) | (page[23] & 0xFF) << 8 | (page[24] & 0xFF) << 16 | (page[25] & 0xFF) << 24;
        return OggPageWriter.crc(page) == stored ? null : "CRC mismatch";
    }

    /** The {@code fLaC} marker with a whole STREAMINFO block (the first stream header). */
    static String flacStreamInfo(byte[] bytes) {
        boolean marker = bytes.length == 42 && bytes[0] == 'f' && bytes[1] == 'L' && bytes[2] == 'a' && bytes[3] == 'C';
        return marker && (bytes[4] & 0x7F) == 0 && bytes[5] == 0 && bytes[6] == 0 && bytes[7] == 34
                ? null : "not fLaC + a 34-byte STREAMINFO";
    }

    /** One whole metadata block other than STREAMINFO: type not invalid, length as its header gives. */
    static String flacMetadataBlock(byte[] block) {
        if (block.length < 4) {
            return "shorter than a block header";
        }
        int type = block[0] & 0x7F;
        int length = (block[1] & 0xFF) << 16 | (block[2] & 0xFF) << 8 | (block[3] & 0xFF);
        if (type == 0 || type == 127) {
            return "block type " + type;
        }
        return block.length == 4 + length ? null : "length " + block.length + ", header says " + (4 + length);
    }

    /** A FLAC audio frame: sync, no reserved codes, CRC-8 over the header and CRC-16 over the frame. */
    static String flacFrame(byte[] frame) {
        if (frame.length < 8) {
            return "shorter than a header and footer";
        }
        if ((frame[0] & 0xFF) != 0xFF || (frame[1] & 0xFE) != 0xF8) {
            return "no frame sync";
        }
        int blockCode = (frame[2] & 0xFF) >> 4;
        int rateCode = frame[2] & 0xF;
        int channels = (frame[3] & 0xFF) >> 4;
        int sampleSize = (frame[3] >> 1) & 7;
        if (blockCode == 0 || rateCode == 15 || channels > 10 || sampleSize == 3 || (frame[3] & 1) != 0) {
            return "reserved code in the frame header";
        }
        int first = frame[4] & 0xFF;
        int numberLength = Integer.numberOfLeadingZeros(~first << 24);
        if (numberLength == 1 || numberLength > 7) {
            return "bad coded number";
        }
        int headerLength = 4 + Math.max(numberLength, 1) + (blockCode == 6 ? 1 : blockCode == 7 ? 2 : 0)
                + (rateCode == 12 ? 1 : rateCode == 13 || rateCode == 14 ? 2 : 0);
        if (frame.length < headerLength + 1 + 2) {
            return "shorter than its header";
        }
        if (crc(frame, headerLength, 0x07, 8) != (frame[headerLength] & 0xFF)) {
            return "header CRC-8 mismatch";
        }
        return crc(frame, frame.length, 0x8005, 16) == 0 ? null : "frame CRC-16 mismatch";
    }

    /** MSB-first CRC of {@code bytes[0, length)}, bit by bit, initial value 0. */
    private static int crc(byte[] bytes, int length, int polynomial, int width) {
        int mask = (1 << width) - 1;
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= (bytes[i] & 0xFF) << (width - 8);
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & (1 << (width - 1))) != 0 ? (crc << 1) ^ polynomial : crc << 1;
                crc &= mask;
            }
        }
        return crc;
    }
}
