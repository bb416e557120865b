package org.airwave.ingest.icecast;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * Removes HTTP/1.1 chunked transfer coding from a source body (liquidsoap {@code chunked=true}
 * sends upper-case hex sizes), passing the audio bytes on as slices without copying. Chunk
 * extensions and trailers are skipped; the terminating zero-size chunk ends the body and the
 * connection (the source is done). Framing errors (a size that is not hex, data not followed by
 * CRLF) end the source with a clear reason.
 *
 * <p>Stateful: one per source connection, on its event loop.
 */
public final class ChunkedBodyDecoder extends ByteToMessageDecoder {

    /** Longest chunk-size line (size, extensions, CRLF) accepted. */
    public static final int MAX_SIZE_LINE_BYTES = 1024;

    private static final int MAX_SIZE_DIGITS = 15;
    private static final java.util.regex.Pattern HEX = java.util.regex.Pattern.compile("[0-9A-Fa-f]+");

    private enum State { SIZE, DATA, DATA_END, TRAILER, DONE }

    private State state = State.SIZE;
    private long remaining;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            switch (state) {
                case SIZE -> {
                    String line = readLine(in);
                    if (line == null) {
                        return;
                    }
                    if (line.isEmpty()) {
                        continue;
                    }
                    int semicolon = line.indexOf(';');
                    String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
                    if (hex.isEmpty() || hex.length() > MAX_SIZE_DIGITS || !HEX.matcher(hex).matches()) {
                        throw new CorruptedFrameException("bad chunk size line: " + hex);
                    }
                    try {
                        remaining = Long.parseLong(hex, 16);
                    } catch (NumberFormatException e) {
                        throw new CorruptedFrameException("bad chunk size line: " + hex);
                    }
                    if (remaining < 0) {
                        throw new CorruptedFrameException("negative chunk size: " + hex);
                    }
                    state = remaining == 0 ? State.TRAILER : State.DATA;
                }
                case DATA -> {
                    int n = (int) Math.min(remaining, in.readableBytes());
                    out.add(in.readRetainedSlice(n));
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.DATA_END;
                    }
                }
                case DATA_END -> {
                    String line = readLine(in);
                    if (line == null) {
                        return;
                    }
                    if (!line.isEmpty()) {
                        throw new CorruptedFrameException("chunk data not followed by CRLF");
                    }
                    state = State.SIZE;
                }
                case TRAILER -> {
                    String line = readLine(in);
                    if (line == null) {
                        return;
                    }
                    if (line.isEmpty()) {
                        state = State.DONE;
                        in.skipBytes(in.readableBytes());
                        ctx.close();
                    }
                }
                case DONE -> in.skipBytes(in.readableBytes());
            }
        }
    }

    private static String readLine(ByteBuf in) {
        int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (eol < 0) {
            if (in.readableBytes() > MAX_SIZE_LINE_BYTES) {
                throw new CorruptedFrameException("chunk size line longer than " + MAX_SIZE_LINE_BYTES + " bytes");
            }
            return null;
        }
        String line = in.toString(in.readerIndex(), eol - in.readerIndex(), java.nio.charset.StandardCharsets.US_ASCII);
        in.readerIndex(eol + 1);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
