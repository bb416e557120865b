package org.airwave.ingest.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.airwave.core.auth.AuthVerdict;

/**
 * Builds the short answers the ingest side gives (errors, admin replies) in the shape Icecast
 * gives them: HTTP/1.0, {@code Connection: Close}, no-cache headers, a small body; and writes
 * them, closing the connection afterwards. Threading: stateless.
 */
public final class Responses {

    /** What the server calls itself in {@code Server:} and the Basic realm. */
    public static final String SERVER = "Airwave";
    /** Methods a source may use, advertised so libshout picks PUT. */
    public static final String ALLOW = "GET, PUT, OPTIONS, SOURCE";

    private Responses() {
    }

    /** A complete response with a body of {@code contentType}. */
    public static FullHttpResponse of(HttpResponseStatus status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, status,
                Unpooled.wrappedBuffer(bytes));
        response.headers()
                .set(HttpHeaderNames.SERVER, SERVER)
                .set(HttpHeaderNames.CONNECTION, "Close")
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store")
                .set(HttpHeaderNames.PRAGMA, "no-cache")
                .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }

    /** A plain-text error whose body states the reason. */
    public static FullHttpResponse error(HttpResponseStatus status, String reason) {
        return of(status, "text/plain; charset=utf-8", reason + "\r\n");
    }

    /** The 401 every client understands, with the methods libshout reads to choose PUT or SOURCE. */
    public static FullHttpResponse authenticationRequired() {
        FullHttpResponse response = error(HttpResponseStatus.UNAUTHORIZED, "You need to authenticate");
        response.headers()
                .set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"" + SERVER + "\"")
                .set(HttpHeaderNames.ALLOW, ALLOW);
        return response;
    }

    /**
     * The answer to a login that was not granted: the 401 of {@link #authenticationRequired()} for
     * wrong credentials, 429 with {@code Retry-After} while the client's address is blocked.
     */
    public static FullHttpResponse authenticationRefused(AuthVerdict verdict) {
        if (!verdict.blocked()) {
            return authenticationRequired();
        }
        FullHttpResponse response = error(HttpResponseStatus.TOO_MANY_REQUESTS, verdict.refusal());
        response.headers().set(HttpHeaderNames.RETRY_AFTER, verdict.retryAfterSeconds());
        return response;
    }

    /** Writes the response and closes the connection once it is out. */
    public static void sendAndClose(ChannelHandlerContext ctx, FullHttpResponse response) {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
