package org.airwave.core.format;

import io.netty.buffer.ByteBuf;

/**
 * Frames MPEG-1, MPEG-2 and MPEG-2.5 audio, Layers I, II and III (content types audio/mpeg and
 * friends). Headers with reserved version, layer, sample rate or emphasis values, or with a free
 * format or invalid bitrate index, are not frames. A Xing/Info/LAME frame is an ordinary frame and
 * is returned like any other. Frame length: Layer I {@code (12 * bitrate / rate + padding) * 4};
 * Layers II and III {@code samples / 8 * bitrate / rate + padding}, with 384 samples per Layer I
 * frame, 1152 per Layer II and MPEG-1 Layer III frame and 576 per MPEG-2/2.5 Layer III frame.
 *
 * <p>Ownership and threading: one instance per source session, confined to the thread that feeds
 * it (see {@link AudioFramer}); sync and tag handling are described in {@link SyncWordFramer}.
 */
public final class Mp3Framer extends SyncWordFramer {

    private static final int HEADER_LENGTH = 4;
    /** Sync word, version, layer and sample rate index: constant within one stream. */
    private static final int STREAM_KEY_MASK = 0xFFFE0C00;
    private static final int SYNC = 0x7FF;
    private static final int VERSION_RESERVED = 1;
    private static final int VERSION_2 = 2;
    private static final int VERSION_1 = 3;
    private static final int LAYER_RESERVED = 0;
    private static final int LAYER_2 = 2;
    private static final int LAYER_1 = 3;
    private static final int BITRATE_FREE = 0;
    private static final int BITRATE_BAD = 15;
    private static final int SAMPLE_RATE_RESERVED = 3;
    private static final int EMPHASIS_RESERVED = 2;
    private static final int LAYER_1_SLOT_BYTES = 4;
    private static final int LAYER_1_SLOTS_PER_SAMPLE_GROUP = 12;
    private static final int BITS_PER_BYTE = 8;
    private static final int SAMPLES_LAYER_1 = 384;
    private static final int SAMPLES_LAYER_2 = 1152;
    private static final int SAMPLES_LAYER_3_MPEG_1 = 1152;
    private static final int SAMPLES_LAYER_3_LOW_RATES = 576;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final int BITS_PER_KBIT = 1000;

    /** MPEG-1 sample rates by index; MPEG-2 halves them, MPEG-2.5 quarters them. */
    private static final int[] MPEG_1_SAMPLE_RATES = {44100, 48000, 32000};

    /** Bitrates in kbit/s by bitrate index, one row per {@link #bitrateRow}. */
    private static final int[][] BITRATES_KBPS = {
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
    };

    private long frameDurationMicros;

    /** Creates a framer for one MPEG audio stream. */
    public Mp3Framer() {
        super(HEADER_LENGTH, STREAM_KEY_MASK);
    }

    @Override
    int frameLength(ByteBuf in, int index) {
        int header = in.getInt(index);
        if (!isValid(header)) {
            return NOT_A_HEADER;
        }
        int padding = (header >>> 9) & 1;
        long bitsPerSecond = (long) bitrateKbps(header) * BITS_PER_KBIT;
        int rate = sampleRate(header);
        if (layer(header) == LAYER_1) {
            return (int) (LAYER_1_SLOTS_PER_SAMPLE_GROUP * bitsPerSecond / rate + padding) * LAYER_1_SLOT_BYTES;
        }
        return (int) (samplesPerFrame(header) / BITS_PER_BYTE * bitsPerSecond / rate) + padding;
    }

    @Override
    void onFrame(ByteBuf in, int index) {
        int header = in.getInt(index);
        frameDurationMicros = samplesPerFrame(header) * MICROS_PER_SECOND / sampleRate(header);
    }

    private static boolean isValid(int header) {
        int bitrateIndex = (header >>> 12) & 0xF;
        return (header >>> 21) == SYNC
                && version(header) != VERSION_RESERVED
                && layer(header) != LAYER_RESERVED
                && bitrateIndex != BITRATE_FREE && bitrateIndex != BITRATE_BAD
                && ((header >>> 10) & 3) != SAMPLE_RATE_RESERVED
                && (header & 3) != EMPHASIS_RESERVED;
    }

    private static int version(int header) {
        return (header >>> 19) & 3;
    }

    private static int layer(int header) {
        return (header >>> 17) & 3;
    }

    private static int sampleRate(int header) {
        int base = MPEG_1_SAMPLE_RATES[(header >>> 10) & 3];
        switch (version(header)) {
            case VERSION_1:
                return base;
            case VERSION_2:
                return base / 2;
            default: // MPEG-2.5
                return base / 4;
        }
    }

    private static int bitrateKbps(int header) {
        return BITRATES_KBPS[bitrateRow(header)][(header >>> 12) & 0xF];
    }

    /** Rows: MPEG-1 Layer I, II, III, then MPEG-2/2.5 Layer I, then MPEG-2/2.5 Layers II and III. */
    private static int bitrateRow(int header) {
        int layer = layer(header);
        if (version(header) == VERSION_1) {
            return layer == LAYER_1 ? 0 : layer == LAYER_2 ? 1 : 2;
        }
        return layer == LAYER_1 ? 3 : 4;
    }

    private static int samplesPerFrame(int header) {
        switch (layer(header)) {
            case LAYER_1:
                return SAMPLES_LAYER_1;
            case LAYER_2:
                return SAMPLES_LAYER_2;
            default: // Layer III
                return version(header) == VERSION_1 ? SAMPLES_LAYER_3_MPEG_1 : SAMPLES_LAYER_3_LOW_RATES;
        }
    }

    @Override
    public long frameDurationMicros() {
        return frameDurationMicros;
    }
}
