package org.airwave.ingest.shoutcast;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.airwave.core.auth.AuthVerdict;
import org.airwave.core.connection.ConnectionSlot;
import org.airwave.core.mount.MountPaths;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.ingest.SourceAccess;
import org.airwave.ingest.SourceAdmission;
import org.airwave.ingest.SourceLogins;
import org.airwave.core.text.Printable;
import org.airwave.ingest.http.Responses;
import org.airwave.ingest.icecast.SourceHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SHOUTcast v1 source protocol on port+1: a password line ({@code \r\n}, {@code \n} or
 * {@code \r\r\n}), {@code OK2\r\nicy-caps:11\r\n\r\n} as soon as it is accepted (liquidsoap waits
 * for it before sending headers; butt and libshout pipeline them), then {@code icy-*} header lines
 * up to a blank line, then raw audio. A wrong password gets {@code invalid password\r\n} and a
 * close (a client whose address is blocked for failing too often gets it unchecked, with a line
 * saying when to retry); libshout's {@code !POKE} probe is closed without creating a source; a request line such
 * as {@code GET /admin.cgi?... HTTP/1.0} switches the connection to plain HTTP (the
 * {@code httpFallback} installs that pipeline). From OK2 until the mount is claimed the login is
 * pending in {@link SourceLogins}, so that a title update sent right after OK2 waits for it. A
 * busy mount gets Icecast's answer: OK2 first, then 403 once the headers are in.
 *
 * <p>Pipeline: an {@code HttpResponseEncoder} must follow this handler; raw replies (OK2) are
 * written from this handler's context and so bypass it, HTTP errors go through it.
 *
 * <p>Stateful: one per connection, on its event loop.
 */
public final class ShoutcastSourceDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ShoutcastSourceDecoder.class);
    private static final Pattern HTTP_REQUEST_LINE =
            Pattern.compile("^[A-Z]{3,10} \\S+ (HTTP|ICE)/\\d\\.\\d\\r?$");
    private static final Pattern HTTP_REQUEST_START = Pattern.compile("(GET|HEAD|POST|OPTIONS) /");
    private static final int HTTP_START_PROBE_BYTES = 9;
    private static final byte[] OK2 = "OK2\r\nicy-caps:11\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String INVALID_PASSWORD_LINE = "invalid password\r\n";
    private static final byte[] INVALID_PASSWORD = INVALID_PASSWORD_LINE.getBytes(StandardCharsets.US_ASCII);
    private static final String POKE = "!POKE";

    private enum State { PASSWORD, HEADERS, DONE }

    private final SourceAdmission admission;
    private final SourceAccess access;
    private final Consumer<ChannelPipeline> httpFallback;
    private final HttpHeaders headers = new DefaultHttpHeaders(false);
    private State state = State.PASSWORD;
    private String mount;
    private SourceLogins.Login pendingLogin;
    private int headerBytes;
    private ScheduledFuture<?> timeout;

    /**
     * @param httpFallback adds the HTTP request pipeline after this handler (which then removes itself)
     */
    public ShoutcastSourceDecoder(SourceAdmission admission, SourceAccess access,
                                  Consumer<ChannelPipeline> httpFallback) {
        this.admission = admission;
        this.access = access;
        this.httpFallback = httpFallback;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long millis = admission.settings().head().headerTimeout().toMillis();
        timeout = ctx.executor().schedule(() -> {
            if (state != State.DONE) {
                LOG.info("{}: no complete SHOUTcast login within {} ms (limits.header-timeout-seconds), closing",
                        ctx.channel().remoteAddress(), millis);
                admission.rejected(Protocol.SHOUTCAST, RejectReason.TIMEOUT);
                ctx.close();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        settleLogin();
    }

    private void settleLogin() {
        if (pendingLogin != null) {
            pendingLogin.settle();
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (state != State.DONE) {
            int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            int limit = admission.settings().maxLoginLineBytes();
            if (eol < 0) {
                if (state == State.PASSWORD && startsLikeHttpRequest(in)) {
                    switchToHttp(ctx);
                } else if (in.readableBytes() > limit && state == State.PASSWORD) {
                    LOG.info("{}: SHOUTcast source refused: password line longer than {} bytes"
                            + " (limits.max-login-line-bytes)", ctx.channel().remoteAddress(), limit);
                    refusePassword(ctx, in, INVALID_PASSWORD, RejectReason.AUTH);
                } else if (in.readableBytes() > limit) {
                    fail(ctx, in, "header line longer than " + limit + " bytes (limits.max-login-line-bytes)");
                }
                return;
            }
            String line = in.toString(in.readerIndex(), eol - in.readerIndex(), StandardCharsets.ISO_8859_1);
            if (state == State.PASSWORD && HTTP_REQUEST_LINE.matcher(line).matches()) {
                switchToHttp(ctx);
                return;
            }
            in.readerIndex(eol + 1);
            String text = stripCarriageReturns(line);
            if (state == State.PASSWORD) {
                password(ctx, in, text);
            } else {
                header(ctx, in, text);
            }
        }
    }

    /**
     * Whether a line still being received (no LF yet) begins like an HTTP request, e.g. a long
     * {@code /admin.cgi} title update split over several TCP segments; those lines may exceed the
     * login line limit: the HTTP decoder applies its own.
     */
    private static boolean startsLikeHttpRequest(ByteBuf in) {
        int length = Math.min(in.readableBytes(), HTTP_START_PROBE_BYTES);
        return length == HTTP_START_PROBE_BYTES
                && HTTP_REQUEST_START.matcher(in.toString(in.readerIndex(), length, StandardCharsets.ISO_8859_1))
                .lookingAt();
    }

    private void switchToHttp(ChannelHandlerContext ctx) {
        state = State.DONE;
        httpFallback.accept(ctx.pipeline());
        ctx.pipeline().remove(this);
    }

    private void password(ChannelHandlerContext ctx, ByteBuf in, String line) {
        if (line.startsWith(POKE)) {
            state = State.DONE;
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        ShoutcastLogin login = ShoutcastLogin.parse(line, admission.settings().shoutcastSids());
        String target = login.mount() != null ? login.mount() : admission.settings().shoutcastMount();
        if (MountPaths.problem(target) != null) {
            LOG.info("{}: SHOUTcast source refused: bad mount {}", ctx.channel().remoteAddress(), Printable.of(target));
            refusePassword(ctx, in, INVALID_PASSWORD, RejectReason.AUTH);
            return;
        }
        AuthVerdict verdict = access.attempt(ctx.channel().remoteAddress(), "SHOUTcast source " + target,
                () -> access.maySource(target, "source", login.password()));
        if (!verdict.granted()) {
            byte[] answer = verdict.blocked()
                    ? (INVALID_PASSWORD_LINE + verdict.refusal() + "\r\n").getBytes(StandardCharsets.US_ASCII)
                    : INVALID_PASSWORD;
            refusePassword(ctx, in, answer, verdict.rejectReason());
            return;
        }
        mount = target;
        state = State.HEADERS;
        // Before OK2: a title update the client sends right after it must find the login.
        pendingLogin = admission.logins().begin(target);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(OK2));
    }

    /**
     * The refusal SHOUTcast clients recognise (butt looks for "invalid password"; a blocked client
     * gets a second line saying when to retry), then a close. Wrong passwords are logged by the
     * throttle, once per burst.
     */
    private void refusePassword(ChannelHandlerContext ctx, ByteBuf in, byte[] answer, RejectReason cause) {
        admission.rejected(Protocol.SHOUTCAST, cause);
        state = State.DONE;
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
    }

    private void header(ChannelHandlerContext ctx, ByteBuf in, String line) {
        if (line.isEmpty()) {
            start(ctx, in);
            return;
        }
        headerBytes += line.length() + 1;
        if (headerBytes > admission.settings().head().maxHeaderBytes()) {
            fail(ctx, in, "headers larger than " + admission.settings().head().maxHeaderBytes()
                    + " bytes (limits.max-header-bytes)");
            return;
        }
        int colon = line.indexOf(':');
        if (colon > 0) {
            headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
    }

    private void start(ChannelHandlerContext ctx, ByteBuf in) {
        state = State.DONE;
        ConnectionSlot.headReceived(ctx.channel());
        String contentType = headers.get("content-type", "audio/mpeg");
        SourceInfo info = SourceHeaders.describe(Protocol.SHOUTCAST, headers, contentType, ctx.channel().remoteAddress());
        SourceAdmission.Result result = admission.admit(mount, info, ctx);
        settleLogin();
        if (result instanceof SourceAdmission.Refused refused) {
            LOG.info("{}: SHOUTcast source refused for {}: {}", ctx.channel().remoteAddress(), mount, refused.reason());
            admission.rejected(Protocol.SHOUTCAST, refused.cause());
            in.skipBytes(in.readableBytes());
            ctx.pipeline().writeAndFlush(Responses.error(refused.status(), refused.reason()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ((SourceAdmission.Admitted) result).start(ctx);
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        LOG.info("{}: SHOUTcast login refused: {}", ctx.channel().remoteAddress(), reason);
        admission.rejected(Protocol.SHOUTCAST, RejectReason.BAD_REQUEST);
        state = State.DONE;
        in.skipBytes(in.readableBytes());
        ctx.pipeline().writeAndFlush(Responses.error(HttpResponseStatus.BAD_REQUEST, reason))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private static String stripCarriageReturns(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }
}
