package org.airwave.app.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import org.airwave.core.auth.CredentialCheck;
import org.airwave.core.http.RequestTarget;
import org.airwave.core.mount.MountRegistry;
import org.airwave.ingest.http.Responses;
import org.airwave.monitoring.HealthHandler;
import org.airwave.monitoring.MetricsHandler;
import org.airwave.monitoring.Monitoring;

/**
 * Routes requests on the management port ({@code monitoring.port}): {@code /metrics} and
 * {@code /health} only, so scrapers and load-balancer checks can live on a private address while
 * the main port faces listeners. Everything else is 404.
 *
 * <p>Stateless apart from its collaborators; one per connection, on its event loop.
 */
final class ManagementRouter extends ChannelInboundHandlerAdapter {

    private final MountRegistry mounts;
    private final Monitoring monitoring;
    private final CredentialCheck metricsAuth;

    ManagementRouter(MountRegistry mounts, Monitoring monitoring, CredentialCheck metricsAuth) {
        this.mounts = mounts;
        this.monitoring = monitoring;
        this.metricsAuth = metricsAuth;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (request.decoderResult().isFailure()) {
            RequestRouter.reject(ctx, request, mounts);
            return;
        }
        String path = RequestTarget.parse(request.uri()).path();
        boolean read = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        if (read && path.equals(MetricsHandler.PATH)) {
            RequestRouter.handOver(ctx, request, new MetricsHandler(monitoring.registry(), metricsAuth));
        } else if (read && path.equals(HealthHandler.PATH)) {
            RequestRouter.handOver(ctx, request, new HealthHandler(mounts));
        } else {
            Responses.sendAndClose(ctx, Responses.error(HttpResponseStatus.NOT_FOUND,
                    "The management port serves /metrics and /health only"));
        }
    }
}
