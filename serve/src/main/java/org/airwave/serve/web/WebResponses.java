package org.airwave.serve.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.airwave.core.auth.AuthVerdict;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.airwave.serve.listener.ListenerResponseHead;

/**
 * Builds and sends the complete answers of the status, admin and page endpoints in the shape
 * Icecast gives them (HTTP/1.0, headers in Icecast's order: {@code Server}, {@code Connection:
 * Close}, {@code Date}, {@code Content-Type}, no-cache headers, then {@code Content-Length}), and
 * closes the connection once the answer is out, as Icecast does.
 *
 * <p>Threading: stateless apart from the clock; any thread builds, the channel's event loop sends.
 */
public final class WebResponses {

    /** Realm of the admin credentials challenge. */
    public static final String REALM = "Airwave";
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Clock clock;

    public WebResponses(Clock clock) {
        this.clock = clock;
    }

    /** A 200 answer with {@code body} (sent as UTF-8) of {@code contentType}. */
    public FullHttpResponse ok(String contentType, String body) {
        return of(HttpResponseStatus.OK, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A complete answer; the body array is wrapped, not copied, and must not change afterwards. */
    public FullHttpResponse of(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, icecastPhrase(status),
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set("Server", ListenerResponseHead.SERVER)
                .set("Connection", "Close")
                .set("Date", HTTP_DATE.format(clock.instant()))
                .set("Content-Type", contentType);
        addNoCache(response.headers());
        response.headers().set("Content-Length", body.length);
        return response;
    }

    /** Icecast's error page: {@code <b>400 - reason</b>} in a tiny HTML document. */
    public FullHttpResponse error(HttpResponseStatus status, String reason) {
        String body = "<html><head><title>Error " + status.code() + "</title></head><body><b>" + status.code()
                + " - " + Markup.escapeXml(reason) + "</b></body></html>\r\n";
        return of(status, "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The 401 with a Basic challenge that admin clients (and browsers) answer with credentials;
     * {@code WWW-Authenticate} right after {@code Content-Type}, as Icecast sends it.
     */
    public FullHttpResponse authenticationRequired() {
        FullHttpResponse response = of(HttpResponseStatus.UNAUTHORIZED, "text/plain; charset=utf-8",
                "You need to authenticate\r\n".getBytes(StandardCharsets.UTF_8));
        HttpHeaders headers = response.headers();
        String length = headers.get("Content-Length");
        headers.remove("Cache-Control").remove("Expires").remove("Pragma").remove("Content-Length");
        headers.set("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
        addNoCache(headers);
        headers.set("Content-Length", length);
        return response;
    }

    /**
     * The answer to an admin login that was not granted: the 401 of
     * {@link #authenticationRequired()} for wrong credentials, 429 with {@code Retry-After} while the
     * client's address is blocked for failing too often.
     */
    public FullHttpResponse authenticationRefused(AuthVerdict verdict) {
        if (!verdict.blocked()) {
            return authenticationRequired();
        }
        FullHttpResponse response = error(HttpResponseStatus.TOO_MANY_REQUESTS, verdict.refusal());
        insertBeforeLength(response.headers(), "Retry-After", Long.toString(verdict.retryAfterSeconds()));
        return response;
    }

    /** Icecast's reason phrases where they differ from the standard ones. */
    private static HttpResponseStatus icecastPhrase(HttpResponseStatus status) {
        return switch (status.code()) {
            case 401 -> new HttpResponseStatus(401, "Authentication Required");
            case 404 -> new HttpResponseStatus(404, "File Not Found");
            default -> status;
        };
    }

    /** Lets pages on other sites read a public answer (status JSON for dashboards and players). */
    public static FullHttpResponse allowAnyOrigin(FullHttpResponse response) {
        insertBeforeLength(response.headers(), "Access-Control-Allow-Origin", "*");
        return response;
    }

    /** Sets a header so that Content-Length stays the last one, as in Icecast's answers. */
    public static void insertBeforeLength(HttpHeaders headers, String name, String value) {
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH).set(name, value);
        if (length != null) {
            headers.set("Content-Length", length);
        }
    }

    /** The headers that keep browsers and proxies from caching a live answer. */
    public static void addNoCache(HttpHeaders headers) {
        headers.set("Cache-Control", "no-cache, no-store")
                .set("Expires", "Mon, 26 Jul 1997 05:00:00 GMT")
                .set("Pragma", "no-cache");
    }

    /** Writes the answer and closes; for HEAD the body is dropped and Content-Length kept. */
    public static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean head) {
        if (head) {
            response.content().clear();
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
