package org.airwave.monitoring;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.airwave.core.auth.AuthVerdict;
import org.airwave.core.auth.CredentialCheck;
import org.airwave.core.http.BasicCredentials;

/**
 * Answers {@code GET /metrics} with the registry in Prometheus text format, or OpenMetrics when
 * the scraper's {@code Accept} asks for it. Optional Basic auth ({@code monitoring.metrics-auth}):
 * 401 without or with wrong credentials, 429 with {@code Retry-After} while the client's address
 * is blocked for failing too often.
 * A scrape reads counters only; it is cheap enough for the event loop (no I/O, no locks held long).
 *
 * <p>Stateless apart from its collaborators; one per request, on the event loop. Expects an
 * {@code HttpResponseEncoder} in the pipeline.
 */
public final class MetricsHandler extends ChannelInboundHandlerAdapter {

    /** Where Prometheus scrapes. */
    public static final String PATH = "/metrics";
    private static final String OPENMETRICS = "application/openmetrics-text";
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final CredentialCheck credentials;

    /**
     * @param credentials checks a Basic-auth user and password through the login throttle; null when
     *                    /metrics is open
     */
    public MetricsHandler(PrometheusMeterRegistry registry, CredentialCheck credentials) {
        this.registry = registry;
        this.credentials = credentials;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        FullHttpResponse response;
        AuthVerdict verdict = AuthVerdict.GRANTED;
        if (credentials != null) {
            Optional<BasicCredentials> sent;
            try {
                sent = BasicCredentials.of(request.headers().get(HttpHeaderNames.AUTHORIZATION));
            } catch (IllegalArgumentException oversized) {
                respond(ctx, plainText(HttpResponseStatus.BAD_REQUEST, oversized.getMessage()));
                return;
            }
            verdict = sent.map(login -> credentials.check(ctx.channel().remoteAddress(), login.user(), login.password()))
                    .orElse(AuthVerdict.DENIED);
        }
        if (verdict.blocked()) {
            response = plainText(HttpResponseStatus.TOO_MANY_REQUESTS, verdict.refusal());
            response.headers().set(HttpHeaderNames.RETRY_AFTER, verdict.retryAfterSeconds());
        } else if (!verdict.granted()) {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.UNAUTHORIZED);
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"Airwave metrics\"")
                    .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        } else {
            String accept = request.headers().get(HttpHeaderNames.ACCEPT, "");
            boolean openMetrics = accept.contains(OPENMETRICS);
            String contentType = openMetrics ? OPENMETRICS_FORMAT : TEXT_FORMAT;
            ByteBuf body = ctx.alloc().buffer(16 * 1024);
            try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
                registry.scrape(out, openMetrics ? OPENMETRICS : "text/plain");
            } catch (IOException e) {
                body.release();
                throw new UncheckedIOException(e);
            }
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
        respond(ctx, response);
    }

    private static FullHttpResponse plainText(HttpResponseStatus status, String text) {
        byte[] body = (text + "\r\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store")
                .set(HttpHeaderNames.CONNECTION, "Close");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
