package org.airwave.ingest.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.airwave.core.connection.ConnectionSlot;
import org.airwave.core.text.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes exactly one request head (request line and headers) into a Netty {@link HttpRequest},
 * then removes itself: the bytes that follow (a source's audio, chunked or raw) pass on untouched.
 *
 * <p>Lenient where real source clients need it and strict where safety needs it: lines may end in
 * CRLF or bare LF (darkice, libshout ICY), the version may be {@code ICE/1.0} (other than that and
 * HTTP/1.0 and 1.1, a well-formed version gets 505), any method token is
 * accepted (routing decides), the request target keeps raw non-ASCII bytes as ISO-8859-1 chars
 * (butt sends raw UTF-8), header names are case-insensitive. Every size is bounded by
 * {@link HeadLimits}; a head not complete within the header timeout closes the connection.
 * A malformed head is emitted as a request whose {@link DecoderResult} is a failure holding a
 * {@link RequestHeadException} with the status to answer.
 *
 * <p>Stateful: one per channel, on its event loop.
 */
public final class RequestHeadDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadDecoder.class);
    private static final Pattern METHOD = Pattern.compile("[A-Za-z!][A-Za-z0-9!#$%&'*+.^_`|~-]{0,31}");
    private static final Pattern VERSION =
            Pattern.compile("(HTTP|ICE)/(\\d{1,3})(?:\\.(\\d{1,3}))?", Pattern.CASE_INSENSITIVE);

    private final HeadLimits limits;
    private final Runnable onTimeout;
    private ScheduledFuture<?> timeout;
    private HttpRequest request;
    private int headerBytes;
    private boolean done;

    public RequestHeadDecoder(HeadLimits limits) {
        this(limits, () -> { });
    }

    /**
     * @param onTimeout called (on the event loop) when a client is closed for not sending a head in time
     */
    public RequestHeadDecoder(HeadLimits limits, Runnable onTimeout) {
        this.limits = limits;
        this.onTimeout = onTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            if (!done) {
                LOG.info("{}: no complete request head within {} ms (limits.header-timeout-seconds), closing",
                        ctx.channel().remoteAddress(), limits.headerTimeout().toMillis());
                onTimeout.run();
                ctx.close();
            }
        }, limits.headerTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, java.util.List<Object> out) {
        if (done) {
            return;
        }
        try {
            while (!done) {
                int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                if (eol < 0) {
                    checkPartialLine(in.readableBytes());
                    return;
                }
                int lineLength = eol - in.readerIndex();
                String line = in.toString(in.readerIndex(), lineLength, StandardCharsets.ISO_8859_1);
                in.skipBytes(lineLength + 1);
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                if (request == null) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    if (lineLength > limits.maxRequestLineBytes()) {
                        throw requestLineTooLong();
                    }
                    request = parseRequestLine(line);
                } else if (line.isEmpty()) {
                    finish(ctx, out, request);
                } else {
                    addHeader(line, lineLength + 1);
                }
            }
        } catch (RequestHeadException e) {
            HttpRequest failed = request != null ? request
                    : new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/", new DefaultHttpHeaders(false));
            failed.setDecoderResult(DecoderResult.failure(e));
            in.skipBytes(in.readableBytes());
            finish(ctx, out, failed);
        }
    }

    private void finish(ChannelHandlerContext ctx, java.util.List<Object> out, HttpRequest head) {
        done = true;
        ConnectionSlot.headReceived(ctx.channel());
        out.add(head);
        ctx.pipeline().remove(this);
    }

    private void checkPartialLine(int readable) {
        if (request == null && readable > limits.maxRequestLineBytes()) {
            throw requestLineTooLong();
        }
        if (request != null && headerBytes + readable > limits.maxHeaderBytes()) {
            throw headersTooLarge();
        }
    }

    private RequestHeadException requestLineTooLong() {
        return new RequestHeadException(HttpResponseStatus.REQUEST_URI_TOO_LONG,
                "request line longer than " + limits.maxRequestLineBytes() + " bytes (limits.max-request-line-bytes)");
    }

    private RequestHeadException headersTooLarge() {
        return new RequestHeadException(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                "headers larger than " + limits.maxHeaderBytes() + " bytes (limits.max-header-bytes)");
    }

    private HttpRequest parseRequestLine(String line) {
        String[] parts = line.trim().split(" +");
        if (parts.length != 3) {
            throw new RequestHeadException(HttpResponseStatus.BAD_REQUEST,
                    "malformed request line: " + Printable.of(line));
        }
        if (!METHOD.matcher(parts[0]).matches()) {
            throw new RequestHeadException(HttpResponseStatus.BAD_REQUEST, "malformed method: " + Printable.of(parts[0]));
        }
        var version = VERSION.matcher(parts[2]);
        if (!version.matches()) {
            throw new RequestHeadException(HttpResponseStatus.BAD_REQUEST,
                    "unsupported protocol version: " + Printable.of(parts[2]));
        }
        String protocol = version.group(1).toUpperCase(Locale.ROOT);
        int major = Integer.parseInt(version.group(2));
        int minor = version.group(3) == null ? 0 : Integer.parseInt(version.group(3));
        if (!isSupported(protocol, major, minor, version.group(3) != null)) {
            throw new RequestHeadException(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                    "protocol version " + Printable.of(parts[2]) + " not supported (HTTP/1.0, HTTP/1.1 and ICE/1.0 are)");
        }
        HttpVersion httpVersion = new HttpVersion(protocol, major, minor, true);
        for (int i = 0; i < parts[1].length(); i++) {
            char c = parts[1].charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new RequestHeadException(HttpResponseStatus.BAD_REQUEST, "control character in request target");
            }
        }
        return new DefaultHttpRequest(httpVersion, HttpMethod.valueOf(parts[0]), parts[1], new DefaultHttpHeaders(false));
    }

    /** HTTP/1.0 and 1.1, and ICE/1.0 (legacy Icecast sources); any other version gets 505. */
    private static boolean isSupported(String protocol, int major, int minor, boolean hasMinor) {
        return hasMinor && major == 1 && (minor == 0 || minor == 1 && protocol.equals("HTTP"));
    }

    private void addHeader(String line, int rawLength) {
        headerBytes += rawLength;
        if (headerBytes > limits.maxHeaderBytes()) {
            throw headersTooLarge();
        }
        HttpHeaders headers = request.headers();
        if (headers.size() >= limits.maxHeaderCount()) {
            throw new RequestHeadException(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "more than " + limits.maxHeaderCount() + " header lines (limits.max-header-count)");
        }
        if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
            return;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new RequestHeadException(HttpResponseStatus.BAD_REQUEST, "malformed header line: " + Printable.of(line));
        }
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.isEmpty() || name.indexOf(' ') >= 0) {
            throw new RequestHeadException(HttpResponseStatus.BAD_REQUEST, "malformed header name: " + Printable.of(name));
        }
        headers.add(name, value);
    }
}
