package org.airwave.core.format;

import io.netty.buffer.ByteBuf;

/**
 * Frames AAC in ADTS framing (content types audio/aac, audio/aacp and friends). A header is a
 * 12-bit sync word 0xFFF, layer 00, a sampling frequency index below 13 and a 13-bit frame length
 * (header included) longer than the header; a frame carries {@code number_of_raw_data_blocks + 1}
 * blocks of 1024 samples each.
 *
 * <p>Ownership and threading: one instance per source session, confined to the thread that feeds
 * it (see {@link AudioFramer}); sync and ID3 tag handling are described in {@link SyncWordFramer}.
 */
public final class AdtsFramer extends SyncWordFramer {

    private static final int HEADER_LENGTH = 7;
    private static final int HEADER_LENGTH_WITH_CRC = 9;
    /** Sync word, MPEG version, layer, profile, sampling frequency index and channel configuration. */
    private static final int STREAM_KEY_MASK = 0xFFFEFDC0;
    private static final int SYNC = 0xFFF;
    private static final int LAYER = 0;
    private static final int SAMPLE_RATE_INDEX_COUNT = 13;
    private static final int SAMPLES_PER_RAW_DATA_BLOCK = 1024;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private static final int[] SAMPLE_RATES = {
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
    };

    private long frameDurationMicros;

    /** Creates a framer for one ADTS stream. */
    public AdtsFramer() {
        super(HEADER_LENGTH, STREAM_KEY_MASK);
    }

    @Override
    int frameLength(ByteBuf in, int index) {
        int header = in.getInt(index);
        boolean crcPresent = ((header >>> 16) & 1) == 0;
        if ((header >>> 20) != SYNC || ((header >>> 17) & 3) != LAYER
                || sampleRateIndex(header) >= SAMPLE_RATE_INDEX_COUNT) {
            return NOT_A_HEADER;
        }
        int length = ((header & 3) << 11) | (in.getUnsignedByte(index + 4) << 3)
                | (in.getUnsignedByte(index + 5) >>> 5);
        return length > (crcPresent ? HEADER_LENGTH_WITH_CRC : HEADER_LENGTH) ? length : NOT_A_HEADER;
    }

    @Override
    void onFrame(ByteBuf in, int index) {
        int header = in.getInt(index);
        int rawDataBlocks = (in.getUnsignedByte(index + 6) & 3) + 1;
        frameDurationMicros = (long) rawDataBlocks * SAMPLES_PER_RAW_DATA_BLOCK * MICROS_PER_SECOND
                / SAMPLE_RATES[sampleRateIndex(header)];
    }

    private static int sampleRateIndex(int header) {
        return (header >>> 10) & 0xF;
    }

    @Override
    public long frameDurationMicros() {
        return frameDurationMicros;
    }
}
