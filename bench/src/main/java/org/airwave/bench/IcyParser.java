package org.airwave.bench;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Splits an ICY stream (audio bytes, then a length byte and {@code 16 * length} bytes of metadata
 * every {@code metaint} audio bytes) and validates every metadata block: it must be empty or hold
 * {@code StreamTitle='...';} followed only by NUL padding.
 *
 * <p>Audio is skipped without being touched; only metadata bytes are copied. Confined to the
 * event loop of its connection.
 */
final class IcyParser {

    /** Largest block the length byte can announce: 255 * 16. */
    private static final int MAX_BLOCK = 255 * 16;
    private static final String TITLE_PREFIX = "StreamTitle='";

    private final int metaint;
    private final byte[] block = new byte[MAX_BLOCK];
    private int audioLeft;
    /** -1 when expecting the length byte, else the metadata bytes still missing. */
    private int metaLeft;
    private int blockLength;
    private long blocks;
    private long errors;

    IcyParser(int metaint) {
        this.metaint = metaint;
        this.audioLeft = metaint;
        this.metaLeft = 0;
    }

    /** Consumes {@code in} fully; returns how many of its bytes were audio. */
    long consume(ByteBuf in) {
        long audio = 0;
        while (in.isReadable()) {
            if (audioLeft > 0) {
                int n = Math.min(audioLeft, in.readableBytes());
                in.skipBytes(n);
                audioLeft -= n;
                audio += n;
                if (audioLeft == 0) metaLeft = -1;
            } else if (metaLeft == -1) {
                blockLength = (in.readByte() & 0xff) * 16;
                metaLeft = blockLength;
                if (metaLeft == 0) endBlock();
            } else {
                int n = Math.min(metaLeft, in.readableBytes());
                in.readBytes(block, blockLength - metaLeft, n);
                metaLeft -= n;
                if (metaLeft == 0) endBlock();
            }
        }
        return audio;
    }

    long blocks() {
        return blocks;
    }

    long errors() {
        return errors;
    }

    private void endBlock() {
        blocks++;
        if (blockLength > 0 && !valid()) errors++;
        audioLeft = metaint;
        metaLeft = 0;
    }

    private boolean valid() {
        int end = blockLength;
        while (end > 0 && block[end - 1] == 0) end--;
        String text = new String(block, 0, end, StandardCharsets.UTF_8);
        for (int i = end; i < blockLength; i++) {
            if (block[i] != 0) return false;
        }
        return text.startsWith(TITLE_PREFIX) && text.contains("';");
    }
}
