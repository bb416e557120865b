package org.airwave.app.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import org.airwave.core.auth.CredentialCheck;
import org.airwave.core.http.RequestTarget;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.ingest.IngestSettings;
import org.airwave.ingest.SourceAccess;
import org.airwave.ingest.SourceAdmission;
import org.airwave.core.text.Printable;
import org.airwave.ingest.http.RequestHeadException;
import org.airwave.ingest.http.Responses;
import org.airwave.ingest.icecast.IcecastSourceHandler;
import org.airwave.ingest.metadata.MetadataUpdateHandler;
import org.airwave.monitoring.HealthHandler;
import org.airwave.monitoring.MetricsHandler;
import org.airwave.monitoring.Monitoring;
import org.airwave.serve.ServeSettings;
import org.airwave.serve.listener.ListenerRequestHandler;
import org.airwave.serve.web.WebRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one decoded request head, before any body is read, to the handler that owns it: sources
 * ({@code PUT}/{@code SOURCE}) and metadata updates to ingest; the page, status, event stream and
 * admin endpoints ({@link WebRoutes}) and everything else a listener asks for to serve. Malformed
 * heads get the status their decoder chose; unknown methods 405 with {@code Allow}. The chosen handler replaces the router and receives the request.
 *
 * <p>Stateless apart from its collaborators; one per connection, on its event loop.
 */
public final class RequestRouter extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);
    private static final HttpMethod SOURCE = HttpMethod.valueOf("SOURCE");
    /** Every method this port answers. */
    static final String ALLOW = "GET, HEAD, OPTIONS, PUT, SOURCE";

    private final MountRegistry mounts;
    private final SourceAccess access;
    private final IngestSettings ingest;
    private final SourceAdmission admission;
    private final ServeSettings serve;
    private final Monitoring monitoring;
    private final CredentialCheck metricsAuth;
    private final WebRoutes web;
    private final ChannelGroup connections;

    /**
     * @param monitoring what /metrics and /health report, or null when the management port serves them
     * @param metricsAuth credential check for /metrics, or null when it is open
     * @param web the page, status, event stream and admin endpoints of the serve module
     * @param connections the server's open connections, which listener sockets leave (see {@link ListenerRequestHandler})
     */
    public RequestRouter(MountRegistry mounts, SourceAccess access, IngestSettings ingest, SourceAdmission admission,
                         ServeSettings serve, Monitoring monitoring, CredentialCheck metricsAuth,
                         WebRoutes web, ChannelGroup connections) {
        this.mounts = mounts;
        this.access = access;
        this.ingest = ingest;
        this.admission = admission;
        this.serve = serve;
        this.monitoring = monitoring;
        this.metricsAuth = metricsAuth;
        this.web = web;
        this.connections = connections;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (request.decoderResult().isFailure()) {
            reject(ctx, request, mounts);
            return;
        }
        HttpMethod method = request.method();
        String path = RequestTarget.parse(request.uri()).path();
        if (method.equals(HttpMethod.PUT) || method.equals(SOURCE)) {
            handOver(ctx, request, new IcecastSourceHandler(admission, access));
        } else if (method.equals(HttpMethod.OPTIONS) && request.uri().equals("*")) {
            FullHttpResponse response = Responses.of(HttpResponseStatus.OK, "text/plain; charset=utf-8", "");
            response.headers().set(HttpHeaderNames.ALLOW, ALLOW);
            Responses.sendAndClose(ctx, response);
        } else if ((method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))
                && MetadataUpdateHandler.handles(path)) {
            handOver(ctx, request, new MetadataUpdateHandler(mounts, access, admission));
        } else if (method.equals(HttpMethod.GET) && path.equals(MetricsHandler.PATH) && monitoring != null) {
            handOver(ctx, request, new MetricsHandler(monitoring.registry(), metricsAuth));
        } else if ((method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) && path.equals(HealthHandler.PATH)
                && monitoring != null) {
            handOver(ctx, request, new HealthHandler(mounts));
        } else if ((method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) && web.handles(path)) {
            handOver(ctx, request, web.handlerFor(path));
        } else if ((method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))
                && (path.startsWith("/admin/") || path.startsWith("/admin."))) {
            Responses.sendAndClose(ctx, Responses.error(HttpResponseStatus.BAD_REQUEST, "Unknown admin request"));
        } else if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS)) {
            handOver(ctx, request, new ListenerRequestHandler(mounts, serve, connections));
        } else {
            LOG.info("{}: method {} not allowed", ctx.channel().remoteAddress(), Printable.of(method.name()));
            mounts.stats().rejected(Protocol.HTTP, RejectReason.METHOD_NOT_ALLOWED);
            FullHttpResponse response = Responses.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "Method " + Printable.of(method.name()) + " not allowed");
            response.headers().set(HttpHeaderNames.ALLOW, ALLOW);
            Responses.sendAndClose(ctx, response);
        }
    }

    /** Replaces the router whose context this is with {@code handler} and gives it the request. */
    static void handOver(ChannelHandlerContext ctx, HttpRequest request, ChannelHandler handler) {
        ctx.pipeline().replace(ctx.handler(), "request", handler);
        // After replace() this context forwards to the replacement (Netty keeps the old links pointing at it).
        ctx.fireChannelRead(request);
    }

    /**
     * Answers a request whose head failed to parse (400, 505 for an unknown version, or 414/431 for a
     * named limit), counts it as rejected and closes the connection.
     */
    static void reject(ChannelHandlerContext ctx, HttpRequest request, MountRegistry mounts) {
        Throwable cause = request.decoderResult().cause();
        HttpResponseStatus status = cause instanceof RequestHeadException e ? e.status() : HttpResponseStatus.BAD_REQUEST;
        boolean tooLarge = status.equals(HttpResponseStatus.REQUEST_URI_TOO_LONG)
                || status.equals(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
        mounts.stats().rejected(Protocol.HTTP, tooLarge ? RejectReason.TOO_LARGE : RejectReason.BAD_REQUEST);
        LOG.info("{}: bad request: {} {}", ctx.channel().remoteAddress(), status.code(), cause.getMessage());
        Responses.sendAndClose(ctx, Responses.error(status, cause.getMessage()));
    }
}
