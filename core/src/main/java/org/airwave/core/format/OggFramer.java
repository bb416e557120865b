package org.airwave.core.format;

import io.netty.buffer.ByteBuf;

/**
 * Frames an Ogg stream into pages (content types application/ogg, audio/ogg and friends). A page is
 * accepted only when its capture pattern, version and CRC-32 check out, so a corrupt page is skipped
 * and the framer resynchronises on the next good one.
 *
 * <p>For the audio logical stream (the first Vorbis, Opus or FLAC stream whose BOS page starts a
 * group) the header packets are followed, reassembled across pages up to
 * {@link #MAX_HEADER_PACKET_BYTES}: the pages carrying them are reported as stream headers, the
 * comment header yields the in-band title and the identification header the sample rate used to
 * turn granule positions into page durations. Pages of other logical streams are passed through
 * with no duration; only their BOS pages are stream headers. The first BOS page of a group (a
 * chained stream) starts a new stream and resets the codec state; further BOS pages right after it
 * belong to the same multiplexed group.
 *
 * <p>Ownership and threading: one instance per source session, confined to the thread that feeds
 * it (see {@link AudioFramer}). Audio pages are framed without allocating; header packets are
 * copied into one reusable array.
 */
public final class OggFramer extends HeaderedStreamFramer {

    /** Largest header packet reassembled; a longer comment header yields no title. */
    public static final int MAX_HEADER_PACKET_BYTES = 256 * 1024;

    private static final int INITIAL_PACKET_CAPACITY = 4096;
    private static final int PAGE_HEADER_LENGTH = 27;
    private static final byte[] CAPTURE_PATTERN = {'O', 'g', 'g', 'S'};
    private static final int VERSION_OFFSET = 4;
    private static final int TYPE_OFFSET = 5;
    private static final int GRANULE_OFFSET = 6;
    private static final int SERIAL_OFFSET = 14;
    private static final int SEQUENCE_OFFSET = 18;
    private static final int CRC_OFFSET = 22;
    private static final int CRC_LENGTH = 4;
    private static final int SEGMENT_COUNT_OFFSET = 26;
    private static final int FLAG_CONTINUED = 0x01;
    private static final int FLAG_BOS = 0x02;
    private static final int UNDEFINED_FLAGS = ~0x07;
    private static final int MAX_LACING_VALUE = 255;
    private static final long UNKNOWN_GRANULE = -1;
    private static final int CRC_POLYNOMIAL = 0x04C11DB7;
    private static final int[] CRC_TABLE = crcTable();
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private static final byte[] VORBIS_ID = {1, 'v', 'o', 'r', 'b', 'i', 's'};
    private static final byte[] VORBIS_COMMENT = {3, 'v', 'o', 'r', 'b', 'i', 's'};
    private static final byte[] VORBIS_SETUP = {5, 'v', 'o', 'r', 'b', 'i', 's'};
    private static final int VORBIS_HEADER_TYPE_BIT = 0x01;
    private static final int VORBIS_ID_LENGTH = 30;
    private static final int VORBIS_RATE_OFFSET = 12;
    private static final byte[] OPUS_HEAD = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd'};
    private static final byte[] OPUS_TAGS = {'O', 'p', 'u', 's', 'T', 'a', 'g', 's'};
    private static final int OPUS_HEAD_LENGTH = 19;
    /** Opus granule positions always count 48 kHz samples. */
    private static final int OPUS_RATE = 48000;
    private static final byte[] FLAC_MAPPING = {0x7F, 'F', 'L', 'A', 'C'};
    private static final byte[] FLAC_SIGNATURE = {'f', 'L', 'a', 'C'};
    private static final int FLAC_SIGNATURE_OFFSET = 9;
    private static final int FLAC_STREAMINFO_OFFSET = 17;
    private static final int FLAC_STREAMINFO_LENGTH = 34;
    private static final int FLAC_RATE_OFFSET = FLAC_STREAMINFO_OFFSET + 10;
    private static final int FLAC_BLOCK_HEADER_LENGTH = 4;
    private static final int FLAC_BLOCK_TYPE_MASK = 0x7F;
    private static final int FLAC_LAST_BLOCK_FLAG = 0x80;
    private static final int FLAC_VORBIS_COMMENT_BLOCK = 4;
    private static final int FLAC_AUDIO_FRAME_FIRST_BYTE = 0xFF;

    /** The codecs whose headers this framer follows. */
    private enum Codec { UNKNOWN, VORBIS, OPUS, FLAC }

    private boolean previousPageWasBos;

    private boolean hasAudioStream;
    private int audioSerial;
    private int expectedSequence;
    private Codec codec = Codec.UNKNOWN;
    private int sampleRate;
    private long lastGranule = UNKNOWN_GRANULE;
    private boolean inHeaders;
    private int headerPacketsSeen;

    private byte[] packet;
    private int packetLength;
    private boolean packetOpen;
    private boolean packetTruncated;

    @Override
    public int nextFrame(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int i = start;
        while (true) {
            i = in.indexOf(i, end, CAPTURE_PATTERN[0]);
            if (i < 0) {
                skip(in, end - start);
                return 0;
            }
            int length = pageLength(in, i, end);
            if (length >= 0) {
                skip(in, i - start);
                if (length == 0) {
                    return 0;
                }
                onPage(in, i);
                frameFound();
                return length;
            }
            i++;
        }
    }

    /** The length of the valid page at {@code index}, 0 if more bytes are needed to tell, -1 if none. */
    private static int pageLength(ByteBuf in, int index, int end) {
        int available = end - index;
        for (int k = 0; k < CAPTURE_PATTERN.length; k++) {
            if (k == available) {
                return 0;
            }
            if (in.getByte(index + k) != CAPTURE_PATTERN[k]) {
                return -1;
            }
        }
        if (available < PAGE_HEADER_LENGTH) {
            return 0;
        }
        if (in.getByte(index + VERSION_OFFSET) != 0
                || (in.getUnsignedByte(index + TYPE_OFFSET) & UNDEFINED_FLAGS) != 0) {
            return -1;
        }
        int segments = in.getUnsignedByte(index + SEGMENT_COUNT_OFFSET);
        if (available < PAGE_HEADER_LENGTH + segments) {
            return 0;
        }
        int length = PAGE_HEADER_LENGTH + segments;
        for (int s = 0; s < segments; s++) {
            length += in.getUnsignedByte(index + PAGE_HEADER_LENGTH + s);
        }
        if (available < length) {
            return 0;
        }
        return crc(in, index, length) == in.getIntLE(index + CRC_OFFSET) ? length : -1;
    }

    /** The page's CRC-32, computed with the CRC field taken as zero. */
    private static int crc(ByteBuf in, int index, int length) {
        int crc = crcUpdate(0, in, index, index + CRC_OFFSET);
        for (int k = 0; k < CRC_LENGTH; k++) {
            crc = crcStep(crc, 0);
        }
        return crcUpdate(crc, in, index + CRC_OFFSET + CRC_LENGTH, index + length);
    }

    private static int crcUpdate(int crc, ByteBuf in, int from, int to) {
        int value = crc;
        for (int k = from; k < to; k++) {
            value = crcStep(value, in.getUnsignedByte(k));
        }
        return value;
    }

    private static int crcStep(int crc, int b) {
        return (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xFF];
    }

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int i = 0; i < table.length; i++) {
            int r = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ CRC_POLYNOMIAL : r << 1;
            }
            table[i] = r;
        }
        return table;
    }

    private void onPage(ByteBuf in, int index) {
        int type = in.getUnsignedByte(index + TYPE_OFFSET);
        long granule = in.getLongLE(index + GRANULE_OFFSET);
        int serial = in.getIntLE(index + SERIAL_OFFSET);
        int sequence = in.getIntLE(index + SEQUENCE_OFFSET);
        boolean bos = (type & FLAG_BOS) != 0;
        startsNewStream = bos && !previousPageWasBos;
        previousPageWasBos = bos;
        streamHeader = bos;
        inBandTitle = null;
        frameDurationMicros = 0;
        if (startsNewStream) {
            resetStream();
        }
        if (bos && !hasAudioStream) {
            identify(in, index, type, serial);
            expectedSequence = sequence + 1;
        } else if (hasAudioStream && serial == audioSerial) {
            if (sequence != expectedSequence) {
                discardPacket();
            }
            expectedSequence = sequence + 1;
            if (inHeaders && readHeaderPackets(in, index, type)) {
                streamHeader = true;
            } else {
                frameDurationMicros = durationMicros(granule);
            }
        }
        if (hasAudioStream && serial == audioSerial && granule != UNKNOWN_GRANULE) {
            lastGranule = granule;
        }
    }

    private void resetStream() {
        hasAudioStream = false;
        codec = Codec.UNKNOWN;
        sampleRate = 0;
        lastGranule = UNKNOWN_GRANULE;
        inHeaders = false;
    }

    /** Reads the first packet of a BOS page; its logical stream becomes the audio stream if the codec is known. */
    private void identify(ByteBuf in, int index, int type, int serial) {
        inHeaders = true;
        headerPacketsSeen = 0;
        discardPacket();
        readHeaderPackets(in, index, type);
        if (codec == Codec.UNKNOWN) {
            inHeaders = false;
            discardPacket();
        } else {
            hasAudioStream = true;
            audioSerial = serial;
        }
    }

    /**
     * Feeds the page's segments to the header packet reassembly while headers are expected. Vorbis
     * headers end with the setup packet (or any audio packet), Opus headers with the packet after
     * OpusHead, FLAC headers with the last metadata block (or an audio frame).
     *
     * @return whether the page carried header packet data
     */
    private boolean readHeaderPackets(ByteBuf in, int index, int type) {
        boolean continued = (type & FLAG_CONTINUED) != 0;
        if (packetOpen && !continued) {
            discardPacket();
        }
        boolean orphanFragment = continued && !packetOpen;
        int segments = in.getUnsignedByte(index + SEGMENT_COUNT_OFFSET);
        int position = index + PAGE_HEADER_LENGTH + segments;
        boolean carriedHeader = false;
        for (int s = 0; s < segments && inHeaders; s++) {
            int lacing = in.getUnsignedByte(index + PAGE_HEADER_LENGTH + s);
            if (!orphanFragment) {
                if (!packetOpen && isFlacAudioFrame(in, position, lacing)) {
                    inHeaders = false;
                    break;
                }
                append(in, position, lacing);
                packetOpen = true;
                carriedHeader = true;
            }
            position += lacing;
            if (lacing < MAX_LACING_VALUE) {
                if (orphanFragment) {
                    orphanFragment = false;
                } else {
                    completeHeaderPacket();
                }
            }
        }
        return carriedHeader;
    }

    private boolean isFlacAudioFrame(ByteBuf in, int position, int lacing) {
        return codec == Codec.FLAC && lacing > 0 && in.getUnsignedByte(position) == FLAC_AUDIO_FRAME_FIRST_BYTE;
    }

    private void append(ByteBuf in, int position, int length) {
        int room = MAX_HEADER_PACKET_BYTES - packetLength;
        int n = Math.min(length, room);
        if (n < length) {
            packetTruncated = true;
        }
        if (n == 0) {
            return;
        }
        if (packet == null || packet.length < packetLength + n) {
            int capacity = packet == null ? INITIAL_PACKET_CAPACITY : packet.length;
            while (capacity < packetLength + n) {
                capacity *= 2;
            }
            byte[] grown = new byte[Math.min(capacity, MAX_HEADER_PACKET_BYTES)];
            if (packet != null) {
                System.arraycopy(packet, 0, grown, 0, packetLength);
            }
            packet = grown;
        }
        in.getBytes(position, packet, packetLength, n);
        packetLength += n;
    }

    private void discardPacket() {
        packetOpen = false;
        packetLength = 0;
        packetTruncated = false;
    }

    private void completeHeaderPacket() {
        int packetIndex = headerPacketsSeen++;
        if (packetIndex == 0) {
            readIdentification();
        } else if (codec == Codec.VORBIS) {
            if (startsWith(VORBIS_COMMENT)) {
                readComments(VORBIS_COMMENT.length);
            }
            inHeaders = packetLength > 0 && (packet[0] & VORBIS_HEADER_TYPE_BIT) != 0 && !startsWith(VORBIS_SETUP);
        } else if (codec == Codec.OPUS) {
            if (startsWith(OPUS_TAGS)) {
                readComments(OPUS_TAGS.length);
            }
            inHeaders = false;
        } else if (codec == Codec.FLAC && packetLength > 0) {
            int blockHeader = packet[0] & 0xFF;
            if ((blockHeader & FLAC_BLOCK_TYPE_MASK) == FLAC_VORBIS_COMMENT_BLOCK) {
                readComments(FLAC_BLOCK_HEADER_LENGTH);
            }
            inHeaders = (blockHeader & FLAC_LAST_BLOCK_FLAG) == 0;
        }
        discardPacket();
    }

    private void readIdentification() {
        if (packetLength >= VORBIS_ID_LENGTH && startsWith(VORBIS_ID)) {
            codec = Codec.VORBIS;
            sampleRate = positiveIntLE(VORBIS_RATE_OFFSET);
        } else if (packetLength >= OPUS_HEAD_LENGTH && startsWith(OPUS_HEAD)) {
            codec = Codec.OPUS;
            sampleRate = OPUS_RATE;
        } else if (packetLength >= FLAC_STREAMINFO_OFFSET + FLAC_STREAMINFO_LENGTH && startsWith(FLAC_MAPPING)
                && startsWith(FLAC_SIGNATURE, FLAC_SIGNATURE_OFFSET)) {
            codec = Codec.FLAC;
            int b0 = packet[FLAC_RATE_OFFSET] & 0xFF;
            int b1 = packet[FLAC_RATE_OFFSET + 1] & 0xFF;
            int b2 = packet[FLAC_RATE_OFFSET + 2] & 0xFF;
            sampleRate = (b0 << 12) | (b1 << 4) | (b2 >>> 4);
        }
    }

    /** Takes the in-band title from the comment list at {@code offset} of a whole reassembled packet. */
    private void readComments(int offset) {
        if (!packetTruncated) {
            inBandTitle = VorbisComment.title(packet, offset, packetLength);
        }
    }

    private boolean startsWith(byte[] prefix) {
        return startsWith(prefix, 0);
    }

    private boolean startsWith(byte[] prefix, int offset) {
        if (packetLength < offset + prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (packet[offset + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** A LE i32 of the packet, or 0 when it is not positive. */
    private int positiveIntLE(int offset) {
        int value = (packet[offset] & 0xFF) | (packet[offset + 1] & 0xFF) << 8
                | (packet[offset + 2] & 0xFF) << 16 | (packet[offset + 3] & 0xFF) << 24;
        return Math.max(value, 0);
    }

    private long durationMicros(long granule) {
        if (granule == UNKNOWN_GRANULE || lastGranule == UNKNOWN_GRANULE || granule < lastGranule
                || sampleRate <= 0) {
            return 0;
        }
        long samples = granule - lastGranule;
        return samples / sampleRate * MICROS_PER_SECOND + samples % sampleRate * MICROS_PER_SECOND / sampleRate;
    }
}
