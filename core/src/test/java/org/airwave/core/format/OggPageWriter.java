package org.airwave.core.format;

import java.io.ByteArrayOutputStream;

/**
 * Test helper that lays packets out as Ogg pages (RFC 3533), with its own bit-by-bit CRC so that the
 * framer's table-driven CRC is checked against an independent implementation.
 */
final class OggPageWriter {

    static final int FLAG_CONTINUED = 0x01;
    static final int FLAG_BOS = 0x02;
    static final int FLAG_EOS = 0x04;

    private static final int MAX_SEGMENTS = 255;
    private static final int CRC_OFFSET = 22;

    private final int serial;
    private int sequence;

    OggPageWriter(int serial, int firstSequence) {
        this.serial = serial;
        this.sequence = firstSequence;
    }

    /**
     * Pages holding {@code packets} back to back, each page up to 255 segments. A page on which no
     * packet ends has granule -1, the others {@code granule}; {@code firstFlags} go on the first page.
     */
    byte[] pages(int firstFlags, long granule, byte[]... packets) {
        ByteArrayOutputStream lacing = new ByteArrayOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int flags = firstFlags;
        boolean packetEnded = false;
        for (byte[] packet : packets) {
            int position = 0;
            while (true) {
                int segment = Math.min(255, packet.length - position);
                lacing.write(segment);
                body.write(packet, position, segment);
                position += segment;
                boolean last = segment < 255;
                packetEnded |= last;
                if (lacing.size() == MAX_SEGMENTS) {
                    out.writeBytes(page(flags, packetEnded ? granule : -1, lacing.toByteArray(), body.toByteArray()));
                    flags = last ? 0 : FLAG_CONTINUED;
                    lacing.reset();
                    body.reset();
                    packetEnded = false;
                }
                if (last) {
                    break;
                }
            }
        }
        if (lacing.size() > 0) {
            out.writeBytes(page(flags, granule, lacing.toByteArray(), body.toByteArray()));
        }
        return out.toByteArray();
    }

    private byte[] page(int flags, long granule, byte[] lacing, byte[] body) {
        byte[] page = new byte[27 + lacing.length + body.length];
        page[0] = 'O';
        page[1] = 'g';
        page[2] = 'g';
        page[3] = 'S';
        page[5] = (byte) flags;
        putLE(page, 6, granule, 8);
        putLE(page, 14, serial, 4);
        putLE(page, 18, sequence++, 4);
        page[26] = (byte) lacing.length;
        System.arraycopy(lacing, 0, page, 27, lacing.length);
        System.arraycopy(body, 0, page, 27 + lacing.length, body.length);
        putLE(page, CRC_OFFSET, crc(page), 4);
        return page;
    }

    /** Ogg CRC-32 of a page, bit by bit, with the CRC field counted as zero. */
    static int crc(byte[] page) {
        int crc = 0;
        for (int i = 0; i < page.length; i++) {
            int b = i >= CRC_OFFSET && i < CRC_OFFSET + 4 ? 0 : page[i] & 0xFF;
            crc ^= b << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = crc < 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        return crc;
    }

    static void putLE(byte[] target, int offset, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            target[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
