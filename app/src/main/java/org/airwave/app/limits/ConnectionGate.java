package org.airwave.app.limits;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import org.airwave.core.connection.ConnectionSlot;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.core.stats.ServerStats;
import org.airwave.ingest.http.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every accepted connection: asks {@link ConnectionCounts} for the connection's
 * slot and either lets it on (the slot rides on the channel until it closes or a listener stream
 * takes its socket) or refuses it at once: 429 (a per-address limit) or 503 (the total), the
 * body naming the limit's key, written through the port's response encoder, then a close, with
 * nothing read. Each refusal is counted ({@link RejectReason#CONNECTION_LIMIT}) and the first of
 * a burst from an address is logged ({@link RefusalBursts}).
 *
 * <p>{@code @Sharable}: one per port (it knows the port's protocol tag); its state is in the
 * shared {@link ConnectionCounts}. Threading: event loops; nothing blocks.
 */
@Sharable
public final class ConnectionGate extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final ConnectionCounts counts;
    private final Protocol protocol;
    private final ServerStats stats;
    private final RefusalBursts bursts;

    /** @param protocol the {@code protocol} tag of the port's rejections (HTTP, SHOUTCAST) */
    public ConnectionGate(ConnectionCounts counts, Protocol protocol, ServerStats stats, RefusalBursts bursts) {
        this.counts = counts;
        this.protocol = protocol;
        this.stats = stats;
        this.bursts = bursts;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress client)) {
            ctx.fireChannelActive();
            return;
        }
        ConnectionCounts.Admission admission = counts.admit(client);
        if (admission.admitted()) {
            ctx.channel().attr(ConnectionSlot.KEY).set(admission.slot());
            ctx.fireChannelActive();
            return;
        }
        refuse(ctx, client, admission.refusedBy());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ConnectionSlot.handOver(ctx.channel()).release();
        ctx.fireChannelInactive();
    }

    private void refuse(ChannelHandlerContext ctx, InetSocketAddress client, String key) {
        stats.rejected(protocol, RejectReason.CONNECTION_LIMIT);
        ConnectionLimits limits = counts.limits();
        boolean total = key.equals(ConnectionLimits.TOTAL_KEY);
        int limit = total ? limits.maxConnections()
                : key.equals(ConnectionLimits.PENDING_HEADS_KEY) ? limits.maxPendingHeadsPerAddress()
                : limits.maxConnectionsPerAddress();
        String reason = (total ? "Too many connections" : "Too many connections from your address")
                + " (" + key + "=" + limit + ")";
        if (bursts.startsBurst(client.getAddress())) {
            LOG.warn("{}: connection refused: {}; further refusals of {} are counted, not logged, until it has"
                    + " been refused nothing for {} s", client, reason, client.getAddress().getHostAddress(),
                    RefusalBursts.QUIET.toSeconds());
        }
        ctx.channel().config().setAutoRead(false);
        ctx.channel().writeAndFlush(Responses.error(total ? HttpResponseStatus.SERVICE_UNAVAILABLE
                        : HttpResponseStatus.TOO_MANY_REQUESTS, reason))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
