package org.airwave.transcode;

/**
 * A strict walk over an MP3 byte stream: every byte must belong to a layer III frame and every frame
 * header must announce the same version, bitrate, sample rate and channel count. Unlike a player
 * (or the core's framer), it never skips anything, so a gap, a tag or a format change fails it.
 */
final class Mp3FrameWalk {

    private static final int HEADER_BYTES = 4;
    private static final int[] MPEG1_KBPS = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] MPEG2_KBPS = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    private static final int[][] RATES = {{11_025, 12_000, 8_000}, {0, 0, 0}, {22_050, 24_000, 16_000},
        {44_100, 48_000, 32_000}};

    /** What the frames announce, and how many there were. */
    record Result(int frames, int bitrateKbps, int sampleRate, int channels) {
    }

    private Mp3FrameWalk() {
    }

    /** Walks the whole stream; throws with the offset of the first frame that breaks the rules. */
    static Result walk(byte[] mp3) {
        int offset = 0;
        int frames = 0;
        int headerKey = -1;
        int kbps = 0;
        int rate = 0;
        int channels = 0;
        while (offset < mp3.length) {
            if (offset + HEADER_BYTES > mp3.length) {
                throw new AssertionError("truncated frame header at offset " + offset);
            }
            int header = (mp3[offset] & 0xFF) << 24 | (mp3[offset + 1] & 0xFF) << 16
                    | (mp3[offset + 2] & 0xFF) << 8 | mp3[offset + 3] & 0xFF;
            int version = header >>> 19 & 3;
            int layer = header >>> 17 & 3;
            int bitrateIndex = header >>> 12 & 15;
            int rateIndex = header >>> 10 & 3;
            if ((header >>> 21) != 0x7FF || version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15
                    || rateIndex == 3) {
                throw new AssertionError(String.format("no layer III frame header at offset %d of %d: %08x",
                        offset, mp3.length, header));
            }
            kbps = version == 3 ? MPEG1_KBPS[bitrateIndex] : MPEG2_KBPS[bitrateIndex];
            rate = RATES[version][rateIndex];
            channels = (header >>> 6 & 3) == 3 ? 1 : 2;
            int formatKey = version << 12 | bitrateIndex << 4 | rateIndex << 2 | channels;
            if (headerKey >= 0 && formatKey != headerKey) {
                throw new AssertionError("format changed at frame " + frames + " (offset " + offset + ")");
            }
            headerKey = formatKey;
            int padding = header >>> 9 & 1;
            offset += (version == 3 ? 144 : 72) * kbps * 1000 / rate + padding;
            frames++;
        }
        if (offset != mp3.length) {
            throw new AssertionError("last frame runs past the end of the stream");
        }
        return new Result(frames, kbps, rate, channels);
    }
}
