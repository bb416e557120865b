package org.airwave.serve.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;
import org.airwave.core.http.RequestTarget;

/**
 * Serves the listener page ({@code /}) and its files ({@code /web/...}) from {@link WebAssets}:
 * revalidated on every load ({@code Cache-Control: no-cache} with an ETag, 304 when unchanged), with
 * a content security policy that allows only this server's own scripts, styles, media and API.
 *
 * <p>Stateless apart from its collaborators; one per request, on the channel's event loop.
 */
public final class WebPageHandler extends ChannelInboundHandlerAdapter {

    /** Everything the page loads comes from this server; no inline script, no frames. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final WebAssets assets;
    private final WebResponses responses;

    public WebPageHandler(WebAssets assets, WebResponses responses) {
        this.assets = assets;
        this.responses = responses;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        boolean head = request.method().equals(HttpMethod.HEAD);
        Optional<WebAssets.Asset> asset = assets.find(RequestTarget.parse(request.uri()).path());
        if (asset.isEmpty()) {
            WebResponses.send(ctx, responses.error(HttpResponseStatus.NOT_FOUND,
                    "The file you requested could not be found"), head);
            return;
        }
        String etag = asset.get().etag();
        boolean unchanged = etag.equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        FullHttpResponse response = unchanged
                ? responses.of(HttpResponseStatus.NOT_MODIFIED, asset.get().contentType(), new byte[0])
                : responses.of(HttpResponseStatus.OK, asset.get().contentType(), asset.get().body());
        HttpHeaders headers = response.headers();
        headers.remove(HttpHeaderNames.PRAGMA).remove(HttpHeaderNames.EXPIRES).set("Cache-Control", "no-cache");
        WebResponses.insertBeforeLength(headers, "ETag", etag);
        WebResponses.insertBeforeLength(headers, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
        WebResponses.insertBeforeLength(headers, "X-Content-Type-Options", "nosniff");
        WebResponses.insertBeforeLength(headers, "Referrer-Policy", "no-referrer");
        WebResponses.send(ctx, response, head);
    }
}
