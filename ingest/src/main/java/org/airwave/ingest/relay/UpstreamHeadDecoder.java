package org.airwave.ingest.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an upstream's response head, as SHOUTcast ({@code ICY 200 OK}) and Icecast
 * ({@code HTTP/1.0 200 OK}, {@code HTTP/1.1}) send it, bare-LF line ends included, into an
 * {@link UpstreamResponse}; then removes itself, so the bytes after the head flow on as the body.
 *
 * <p>Stateful: one per upstream connection, on its event loop.
 */
public final class UpstreamHeadDecoder extends ByteToMessageDecoder {

    private static final Pattern STATUS_LINE = Pattern.compile("(ICY|HTTP/1\\.[01])\\s+(\\d{3})(?:\\s+(.*))?");

    private final int maxHeadBytes;
    private boolean headRead;

    /** @param maxHeadBytes longest head accepted ({@code limits.max-header-bytes}) */
    public UpstreamHeadDecoder(int maxHeadBytes) {
        this.maxHeadBytes = maxHeadBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (headRead) {
            out.add(in.readRetainedSlice(in.readableBytes()));
            return;
        }
        int end = headEnd(in);
        if (end < 0) {
            if (in.readableBytes() > maxHeadBytes) {
                throw new TooLongFrameException("upstream response head longer than " + maxHeadBytes
                        + " bytes (limits.max-header-bytes)");
            }
            return;
        }
        String head = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
        in.readerIndex(end);
        out.add(parse(head));
        headRead = true;
    }

    /** Index just past the blank line ending the head, or -1 while it is incomplete. */
    private static int headEnd(ByteBuf in) {
        int from = in.readerIndex();
        int to = in.writerIndex();
        for (int i = from; i < to; i++) {
            if (in.getByte(i) == '\n') {
                if (i + 1 < to && in.getByte(i + 1) == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    static UpstreamResponse parse(String head) {
        String[] lines = head.split("\r?\n");
        String statusLine = lines.length == 0 ? "" : lines[0].trim();
        Matcher status = STATUS_LINE.matcher(statusLine);
        if (!status.matches()) {
            throw new CorruptedFrameException("unexpected status line from upstream: '" + statusLine + "'");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        String reason = status.group(3) == null ? "" : status.group(3).trim();
        return new UpstreamResponse(status.group(1), Integer.parseInt(status.group(2)), reason, Map.copyOf(headers));
    }
}
