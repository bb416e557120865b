package org.airwave.core.format;

import io.netty.buffer.ByteBuf;

/**
 * Frames a native FLAC stream (content type audio/flac): the {@code fLaC} marker with the
 * STREAMINFO block, then the other metadata blocks, then audio frames.
 *
 * <p>The marker and every metadata block are returned as stream headers (the marker with
 * STREAMINFO starts a new stream), so a new listener or decoder gets them before audio, as with
 * Ogg headers; STREAMINFO gives the sample rate, channels and the largest frame possible, and a
 * VORBIS_COMMENT block the in-band title. A metadata block longer than
 * {@link #MAX_METADATA_BLOCK_BYTES} (cover art) is skipped, not kept.
 *
 * <p>A FLAC frame header does not give the frame's length: a frame starts at a valid header (sync
 * 0xFFF8/0xFFF9, no reserved codes, correct CRC-8) and ends where the next valid header (or a new
 * {@code fLaC} marker) begins and the frame's own CRC-16 checks out, so a sync pattern inside audio
 * data is not mistaken for a boundary. A frame is therefore handed out once the next one's header
 * has arrived. A candidate frame that grows past the largest size its STREAMINFO allows is not a
 * frame: the framer skips a byte and searches again. The duration comes from the block size and
 * sample rate coded in the header.
 *
 * <p>Ownership and threading: one instance per source session, confined to the thread that feeds
 * it (see {@link AudioFramer}). Audio frames are framed without allocating; the CRC-16 of the frame
 * in progress is carried across calls, so each byte is checked once.
 */
public final class FlacFramer extends HeaderedStreamFramer {

    /** Largest metadata block kept as a stream header. */
    public static final int MAX_METADATA_BLOCK_BYTES = 256 * 1024;

    private static final byte[] MARKER = {'f', 'L', 'a', 'C'};
    private static final int BLOCK_HEADER_LENGTH = 4;
    private static final int STREAMINFO_LENGTH = 34;
    private static final int FIRST_HEADER_LENGTH = MARKER.length + BLOCK_HEADER_LENGTH + STREAMINFO_LENGTH;
    private static final int LAST_BLOCK_FLAG = 0x80;
    private static final int BLOCK_TYPE_MASK = 0x7F;
    private static final int STREAMINFO_TYPE = 0;
    private static final int VORBIS_COMMENT_TYPE = 4;
    private static final int INVALID_BLOCK_TYPE = 127;

    private static final int SYNC_BYTE = 0xFF;
    private static final int SYNC_SECOND_MASK = 0xFE;
    private static final int SYNC_SECOND = 0xF8;
    private static final int VARIABLE_BLOCKING_BIT = 0x01;
    /** Longest frame header: 4 fixed bytes, 7-byte coded number, 2-byte block size, 2-byte rate, CRC-8. */
    private static final int MAX_FRAME_HEADER_LENGTH = 16;
    /** Frame header plus the CRC-16 footer: no frame is shorter. */
    private static final int MIN_FRAME_LENGTH = 6 + 2;
    /** STREAMINFO's smallest valid block size; a smaller maximum is not trusted, the format's largest is used. */
    private static final int MIN_BLOCK_SIZE = 16;
    private static final int MAX_BLOCK_SIZE = 65535;
    /** Room for frame header, subframe headers, padding and footer on top of the verbatim samples. */
    private static final int FRAME_OVERHEAD_BYTES = 64;
    private static final int[] RATES = {0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000,
        96000};
    private static final int RATE_8_BIT_KHZ = 12;
    private static final int RATE_16_BIT_HZ = 13;
    private static final int RATE_16_BIT_TENS_HZ = 14;
    private static final int RATE_INVALID = 15;
    private static final int BLOCK_SIZE_8_BIT = 6;
    private static final int BLOCK_SIZE_16_BIT = 7;
    private static final int MAX_CHANNEL_ASSIGNMENT = 10;
    private static final int SAMPLE_SIZE_RESERVED = 3;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private static final int[] CRC8_TABLE = crcTable(0x07, 8);
    private static final int[] CRC16_TABLE = crcTable(0x8005, 16);

    private enum State { MARKER, METADATA, FRAMES }

    private State state = State.MARKER;

    private int streamRate;
    private int maxFrameBytes;

    /** Whether a frame starts at the reader index (its header was checked). */
    private boolean inFrame;
    private int frameVariableBit;
    /** Bytes of the frame in progress already folded into {@link #frameCrc}. */
    private int scanned;
    private int frameCrc;

    @Override
    public int nextFrame(ByteBuf in) {
        frameDurationMicros = 0;
        streamHeader = false;
        startsNewStream = false;
        inBandTitle = null;
        while (true) {
            if (!skipPendingMetadata(in)) {
                return 0;
            }
            int result = switch (state) {
                case MARKER -> searchMarker(in);
                case METADATA -> metadataBlock(in);
                case FRAMES -> audioFrame(in);
            };
            if (result >= 0) {
                return result;
            }
        }
    }

    /** Finds {@code fLaC} + STREAMINFO; returns its length, 0 to wait. */
    private int searchMarker(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        for (int i = start; i < end; i++) {
            int match = markerAt(in, i, end);
            if (match == 0) {
                skip(in, i - start);
                return 0;
            }
            if (match > 0) {
                skip(in, i - start);
                return acceptStreamInfo(in, i);
            }
        }
        skip(in, end - start);
        return 0;
    }

    /** 1 if {@code fLaC} and a whole STREAMINFO block are at {@code index}, 0 if more bytes are needed, -1 if not. */
    private static int markerAt(ByteBuf in, int index, int end) {
        for (int k = 0; k < MARKER.length; k++) {
            if (index + k == end) {
                return 0;
            }
            if (in.getByte(index + k) != MARKER[k]) {
                return -1;
            }
        }
        if (end - index < FIRST_HEADER_LENGTH) {
            return 0;
        }
        int blockHeader = in.getInt(index + MARKER.length);
        boolean streamInfo = ((blockHeader >>> 24) & BLOCK_TYPE_MASK) == STREAMINFO_TYPE
                && (blockHeader & 0xFFFFFF) == STREAMINFO_LENGTH;
        return streamInfo ? 1 : -1;
    }

    private int acceptStreamInfo(ByteBuf in, int index) {
        int blockHeaderIndex = index + MARKER.length;
        int info = blockHeaderIndex + BLOCK_HEADER_LENGTH;
        int maxBlockSize = in.getUnsignedShort(info + 2);
        int maxFrameSize = in.getUnsignedMedium(info + 7);
        long packed = in.getLong(info + 10);
        streamRate = (int) (packed >>> 44);
        int channels = (int) ((packed >>> 41) & 0x7) + 1;
        int bitsPerSample = (int) ((packed >>> 36) & 0x1F) + 1;
        // Verbatim samples (one extra bit for a side channel) bound every frame the encoder may write.
        int blockBound = maxBlockSize >= MIN_BLOCK_SIZE ? maxBlockSize : MAX_BLOCK_SIZE;
        int verbatimBytes = blockBound * channels * (bitsPerSample + 1) / Byte.SIZE + FRAME_OVERHEAD_BYTES;
        maxFrameBytes = Math.max(maxFrameSize, verbatimBytes);
        streamHeader = true;
        startsNewStream = true;
        inFrame = false;
        state = (in.getUnsignedByte(blockHeaderIndex) & LAST_BLOCK_FLAG) != 0 ? State.FRAMES : State.METADATA;
        frameFound();
        return FIRST_HEADER_LENGTH;
    }

    /** The metadata block at the reader index: its length, 0 to wait, -1 to go on (a block was skipped). */
    private int metadataBlock(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() < BLOCK_HEADER_LENGTH) {
            return 0;
        }
        int flagsAndType = in.getUnsignedByte(start);
        int type = flagsAndType & BLOCK_TYPE_MASK;
        if (type == INVALID_BLOCK_TYPE || type == STREAMINFO_TYPE) {
            // Not a metadata block of this stream: look for the next stream's marker.
            state = State.MARKER;
            return -1;
        }
        State after = (flagsAndType & LAST_BLOCK_FLAG) != 0 ? State.FRAMES : State.METADATA;
        int length = BLOCK_HEADER_LENGTH + in.getUnsignedMedium(start + 1);
        if (length > BLOCK_HEADER_LENGTH + MAX_METADATA_BLOCK_BYTES) {
            skipMetadataLater(length);
            state = after;
            return -1;
        }
        if (in.readableBytes() < length) {
            return 0;
        }
        state = after;
        if (type == VORBIS_COMMENT_TYPE) {
            byte[] body = new byte[length - BLOCK_HEADER_LENGTH];
            in.getBytes(start + BLOCK_HEADER_LENGTH, body);
            inBandTitle = VorbisComment.title(body, 0, body.length);
        }
        streamHeader = true;
        frameFound();
        return length;
    }

    /** The audio frame at the reader index once its end is known: its length, 0 to wait, -1 to go on. */
    private int audioFrame(ByteBuf in) {
        if (!inFrame && !findFrameStart(in)) {
            return state == State.FRAMES ? 0 : -1;
        }
        int start = in.readerIndex();
        int end = in.writerIndex();
        for (int j = start + scanned; j < end; j++) {
            if (scanned >= MIN_FRAME_LENGTH && frameCrc == 0) {
                int b = in.getUnsignedByte(j);
                if (b == SYNC_BYTE || b == MARKER[0]) {
                    int next = b == SYNC_BYTE ? headerLength(in, j, end) : markerAt(in, j, end);
                    if (next == 0) {
                        return 0;
                    }
                    if (next > 0 && (b != SYNC_BYTE || variableBit(in, j) == frameVariableBit)) {
                        return acceptFrame(in, start, j - start);
                    }
                }
            }
            if (scanned >= maxFrameBytes) {
                inFrame = false;
                skip(in, 1);
                return -1;
            }
            frameCrc = ((frameCrc << Byte.SIZE) & 0xFFFF) ^ CRC16_TABLE[(frameCrc >>> Byte.SIZE) ^ in.getUnsignedByte(j)];
            scanned++;
        }
        return 0;
    }

    /** Skips to the next valid frame header (or marker); whether a frame now starts at the reader index. */
    private boolean findFrameStart(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        for (int i = start; i < end; i++) {
            int b = in.getUnsignedByte(i);
            if (b == MARKER[0]) {
                int marker = markerAt(in, i, end);
                if (marker == 0) {
                    skip(in, i - start);
                    return false;
                }
                if (marker > 0) {
                    skip(in, i - start);
                    state = State.MARKER;
                    return false;
                }
            } else if (b == SYNC_BYTE) {
                int header = headerLength(in, i, end);
                if (header == 0) {
                    skip(in, i - start);
                    return false;
                }
                if (header > 0) {
                    skip(in, i - start);
                    inFrame = true;
                    frameVariableBit = variableBit(in, i);
                    scanned = 0;
                    frameCrc = 0;
                    return true;
                }
            }
        }
        skip(in, end - start);
        return false;
    }

    private int acceptFrame(ByteBuf in, int start, int length) {
        int blockSize = blockSize(in, start);
        int rate = sampleRate(in, start);
        frameDurationMicros = rate > 0 ? blockSize * MICROS_PER_SECOND / rate : 0;
        inFrame = false;
        frameFound();
        return length;
    }

    private static int variableBit(ByteBuf in, int index) {
        return in.getUnsignedByte(index + 1) & VARIABLE_BLOCKING_BIT;
    }

    /**
     * Length of the valid frame header at {@code index} (sync, no reserved codes, coded number,
     * CRC-8), 0 if more bytes are needed to tell, -1 if there is none.
     */
    private static int headerLength(ByteBuf in, int index, int end) {
        int available = end - index;
        if (available < 4) {
            return available >= 2 && (in.getUnsignedByte(index + 1) & SYNC_SECOND_MASK) != SYNC_SECOND ? -1 : 0;
        }
        if (in.getUnsignedByte(index) != SYNC_BYTE || (in.getUnsignedByte(index + 1) & SYNC_SECOND_MASK) != SYNC_SECOND) {
            return -1;
        }
        int sizeAndRate = in.getUnsignedByte(index + 2);
        int blockCode = sizeAndRate >>> 4;
        int rateCode = sizeAndRate & 0x0F;
        int channelsAndBits = in.getUnsignedByte(index + 3);
        if (blockCode == 0 || rateCode == RATE_INVALID || (channelsAndBits >>> 4) > MAX_CHANNEL_ASSIGNMENT
                || ((channelsAndBits >>> 1) & 0x7) == SAMPLE_SIZE_RESERVED || (channelsAndBits & 1) != 0) {
            return -1;
        }
        int length = 4;
        if (available <= length) {
            return 0;
        }
        int numberLength = codedNumberLength(in.getUnsignedByte(index + length));
        if (numberLength < 0) {
            return -1;
        }
        if (available < length + numberLength) {
            return 0;
        }
        for (int k = 1; k < numberLength; k++) {
            if ((in.getUnsignedByte(index + length + k) & 0xC0) != 0x80) {
                return -1;
            }
        }
        length += numberLength + extraBlockSizeBytes(blockCode) + extraRateBytes(rateCode);
        if (available <= length) {
            return 0;
        }
        int crc = 0;
        for (int k = 0; k < length; k++) {
            crc = CRC8_TABLE[crc ^ in.getUnsignedByte(index + k)];
        }
        return crc == in.getUnsignedByte(index + length) ? length + 1 : -1;
    }

    /** Bytes of the UTF-8-like coded frame or sample number starting with {@code first}, or -1. */
    private static int codedNumberLength(int first) {
        if ((first & 0x80) == 0) {
            return 1;
        }
        for (int length = 2; length <= 7; length++) {
            int mask = (0xFF << (7 - length)) & 0xFF;
            int pattern = (0xFF << (8 - length)) & 0xFF;
            if ((first & mask) == pattern) {
                return length;
            }
        }
        return -1;
    }

    private static int extraBlockSizeBytes(int blockCode) {
        return blockCode == BLOCK_SIZE_8_BIT ? 1 : blockCode == BLOCK_SIZE_16_BIT ? 2 : 0;
    }

    private static int extraRateBytes(int rateCode) {
        return rateCode == RATE_8_BIT_KHZ ? 1 : rateCode == RATE_16_BIT_HZ || rateCode == RATE_16_BIT_TENS_HZ ? 2 : 0;
    }

    /** Offset of the block size / rate fields following the coded number in the valid header at {@code index}. */
    private static int afterNumber(ByteBuf in, int index) {
        return index + 4 + codedNumberLength(in.getUnsignedByte(index + 4));
    }

    private static int blockSize(ByteBuf in, int index) {
        int blockCode = in.getUnsignedByte(index + 2) >>> 4;
        if (blockCode == 1) {
            return 192;
        }
        if (blockCode <= 5) {
            return 576 << (blockCode - 2);
        }
        if (blockCode == BLOCK_SIZE_8_BIT) {
            return in.getUnsignedByte(afterNumber(in, index)) + 1;
        }
        if (blockCode == BLOCK_SIZE_16_BIT) {
            return in.getUnsignedShort(afterNumber(in, index)) + 1;
        }
        return 256 << (blockCode - 8);
    }

    private int sampleRate(ByteBuf in, int index) {
        int rateCode = in.getUnsignedByte(index + 2) & 0x0F;
        if (rateCode == 0) {
            return streamRate;
        }
        if (rateCode < RATE_8_BIT_KHZ) {
            return RATES[rateCode];
        }
        int field = afterNumber(in, index) + extraBlockSizeBytes(in.getUnsignedByte(index + 2) >>> 4);
        return switch (rateCode) {
            case RATE_8_BIT_KHZ -> in.getUnsignedByte(field) * 1000;
            case RATE_16_BIT_HZ -> in.getUnsignedShort(field);
            default -> in.getUnsignedShort(field) * 10;
        };
    }

    /** MSB-first CRC table for {@code width} bits (FLAC: CRC-8 poly 0x07 and CRC-16 poly 0x8005, both from 0). */
    private static int[] crcTable(int polynomial, int width) {
        int topBit = 1 << (width - 1);
        int mask = (1 << width) - 1;
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int crc = i << (width - Byte.SIZE);
            for (int bit = 0; bit < Byte.SIZE; bit++) {
                crc = (crc & topBit) != 0 ? ((crc << 1) ^ polynomial) & mask : (crc << 1) & mask;
            }
            table[i] = crc;
        }
        return table;
    }
}
