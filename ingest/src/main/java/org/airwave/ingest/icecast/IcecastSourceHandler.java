package org.airwave.ingest.icecast;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;
import org.airwave.core.auth.AuthVerdict;
import org.airwave.core.http.BasicCredentials;
import org.airwave.core.http.RequestTarget;
import org.airwave.core.mount.MountPaths;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.ingest.SourceAccess;
import org.airwave.ingest.SourceAdmission;
import org.airwave.core.text.Printable;
import org.airwave.ingest.http.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts an Icecast source ({@code PUT} or {@code SOURCE}, HTTP/1.0, HTTP/1.1 or ICE/1.0): checks
 * the mount name, credentials and content type, claims the mount, answers exactly as clients
 * expect ({@code HTTP/1.1 100 Continue} when asked, then {@code HTTP/1.0 200 OK\r\n\r\n} at once,
 * without waiting for the body) and hands the connection to the source stream. Audio that arrives
 * before the answer (ffmpeg legacy SOURCE, clients streaming right after the 100) is kept: the
 * head decoder passes it on only after this handler has rebuilt the pipeline for the stream.
 *
 * <p>Refusals follow PROTOCOLS.md §1: 401 with {@code Allow} without or with wrong credentials (no
 * 100 first), 429 with {@code Retry-After} while the client's address is blocked for failing too
 * often ({@link org.airwave.core.auth.AuthThrottle}), 400 for a bad mount or a PUT without
 * Content-Type, 403 when the mount is in use.
 *
 * <p>Stateful: one per connection, on its event loop; added by the router with the request.
 */
public final class IcecastSourceHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(IcecastSourceHandler.class);
    private static final String DEFAULT_CONTENT_TYPE = "audio/mpeg";

    private final SourceAdmission admission;
    private final SourceAccess access;

    public IcecastSourceHandler(SourceAdmission admission, SourceAccess access) {
        this.admission = admission;
        this.access = access;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            ReferenceCountUtil.release(msg);
            handshake(ctx, request);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handshake(ChannelHandlerContext ctx, HttpRequest request) {
        HttpHeaders headers = request.headers();
        String mount = RequestTarget.parse(request.uri()).path();
        String problem = MountPaths.problem(mount);
        if (problem != null) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "Bad mount: " + problem, mount, RejectReason.BAD_REQUEST);
            return;
        }
        Optional<BasicCredentials> credentials;
        try {
            credentials = BasicCredentials.of(headers.get(HttpHeaderNames.AUTHORIZATION));
        } catch (IllegalArgumentException oversized) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, oversized.getMessage(), mount, RejectReason.BAD_REQUEST);
            return;
        }
        if (credentials.isEmpty()) {
            admission.rejected(Protocol.ICECAST, RejectReason.AUTH);
            Responses.sendAndClose(ctx, Responses.authenticationRequired());
            return;
        }
        AuthVerdict verdict = access.attempt(ctx.channel().remoteAddress(), "source " + mount,
                () -> access.maySource(mount, credentials.get().user(), credentials.get().password()));
        if (!verdict.granted()) {
            admission.rejected(Protocol.ICECAST, verdict.rejectReason());
            Responses.sendAndClose(ctx, Responses.authenticationRefused(verdict));
            return;
        }
        String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null || contentType.isBlank()) {
            if (request.method().equals(HttpMethod.PUT)) {
                refuse(ctx, HttpResponseStatus.BAD_REQUEST, "No Content-type given", mount, RejectReason.BAD_REQUEST);
                return;
            }
            contentType = DEFAULT_CONTENT_TYPE;
        }
        SourceInfo info = SourceHeaders.describe(Protocol.ICECAST, headers, contentType.trim(), ctx.channel().remoteAddress());
        SourceAdmission.Result result = admission.admit(mount, info, ctx);
        if (result instanceof SourceAdmission.Refused refused) {
            refuse(ctx, refused.status(), refused.reason(), mount, refused.cause());
            return;
        }
        SourceAdmission.Admitted admitted = (SourceAdmission.Admitted) result;
        if (headers.contains(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE, true)) {
            ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK));
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true)) {
            ctx.pipeline().addBefore(ctx.name(), "dechunk", new ChunkedBodyDecoder());
        }
        admitted.start(ctx);
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason, String mount,
                        RejectReason cause) {
        admission.rejected(Protocol.ICECAST, cause);
        LOG.info("{}: source refused for {}: {} {}", ctx.channel().remoteAddress(), Printable.of(mount),
                status.code(), reason);
        Responses.sendAndClose(ctx, Responses.error(status, reason));
    }
}
