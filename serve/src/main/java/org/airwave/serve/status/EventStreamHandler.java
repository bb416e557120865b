package org.airwave.serve.status;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.airwave.core.stats.RejectReason;
import org.airwave.serve.listener.ListenerResponseHead;
import org.airwave.serve.web.WebResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/events}: a server-sent event stream ({@code text/event-stream}) telling a page
 * about title and listener-count changes (see {@link StationEvents}). The handler looks at the
 * mounts every {@link #POLL_MILLIS} ms with a task scheduled on the connection's own event loop, so
 * nothing blocks and nothing is shared between streams.
 *
 * <p>Bounded per connection: it writes only while the channel is writable (changes made meanwhile
 * are coalesced into the next look), and a client that reads nothing for {@link #MAX_STALLED_POLLS}
 * polls is disconnected; server-wide, at most {@link EventStreamSlots#max()} streams are open. A
 * comment line every {@link #HEARTBEAT_POLLS} quiet polls keeps proxies from closing the stream.
 *
 * <p>Stateful; one per connection; everything runs on the channel's event loop. Expects an
 * {@link HttpResponseEncoder} in the pipeline for the response head (it is then removed).
 */
public final class EventStreamHandler extends ChannelInboundHandlerAdapter {

    public static final String PATH = "/api/v1/events";
    /** How often the mounts are looked at. */
    public static final long POLL_MILLIS = 1000;
    /** Quiet polls between two keep-alive comments. */
    public static final int HEARTBEAT_POLLS = 15;
    /** Polls a client may leave the socket unwritable before it is disconnected. */
    public static final int MAX_STALLED_POLLS = 30;
    /** Reconnection delay the browser is asked to use. */
    public static final int RETRY_MILLIS = 3000;

    private static final Logger LOG = LoggerFactory.getLogger(EventStreamHandler.class);

    private final StationDirectory directory;
    private final EventStreamSlots slots;
    private final WebResponses responses;
    private final StationEvents events = new StationEvents();
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> poller;
    private String baseUrl;
    private boolean started;
    private boolean holdsSlot;
    private int quietPolls;
    private int stalledPolls;

    public EventStreamHandler(StationDirectory directory, EventStreamSlots slots, WebResponses responses) {
        this.directory = directory;
        this.slots = slots;
        this.responses = responses;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean first = msg instanceof HttpRequest && !started;
        HttpRequest request = first ? (HttpRequest) msg : null;
        ReferenceCountUtil.release(msg);
        if (!first) {
            return;
        }
        started = true;
        this.ctx = ctx;
        if (!slots.tryAcquire()) {
            directory.rejected(RejectReason.LIMIT);
            LOG.info("{}: event stream refused: {} streams open (EventStreamSlots.MAX_EVENT_STREAMS)",
                    ctx.channel().remoteAddress(), slots.max());
            WebResponses.send(ctx, responses.error(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "Too many event streams (" + slots.max() + ")"), false);
            return;
        }
        if (request.method().equals(HttpMethod.HEAD)) {
            slots.release();
            ctx.write(head(), ctx.voidPromise());
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        holdsSlot = true;
        baseUrl = directory.baseUrl(request.headers().get(HttpHeaderNames.HOST));
        ctx.write(head(), ctx.voidPromise());
        ctx.pipeline().remove(HttpResponseEncoder.class);
        write("retry: " + RETRY_MILLIS + "\n\n");
        poll();
        poller = ctx.executor().scheduleAtFixedRate(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private HttpResponse head() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK);
        response.headers()
                .set("Server", ListenerResponseHead.SERVER)
                .set("Connection", "Close")
                .set("Content-Type", "text/event-stream; charset=utf-8");
        WebResponses.addNoCache(response.headers());
        response.headers().set("Access-Control-Allow-Origin", "*").set("X-Accel-Buffering", "no");
        return response;
    }

    private void poll() {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!ctx.channel().isWritable()) {
            if (++stalledPolls > MAX_STALLED_POLLS) {
                LOG.info("{}: event stream closed: the client read nothing for {} polls",
                        ctx.channel().remoteAddress(), MAX_STALLED_POLLS);
                ctx.close();
            }
            return;
        }
        stalledPolls = 0;
        AirwaveStatus status = new AirwaveStatus(directory);
        List<StationEvents.Event> changes = events.changes(directory.all(), stations -> status.document(stations, baseUrl));
        if (changes.isEmpty()) {
            if (++quietPolls >= HEARTBEAT_POLLS) {
                quietPolls = 0;
                write(": keep-alive\n\n");
            }
            return;
        }
        quietPolls = 0;
        StringBuilder wire = new StringBuilder();
        changes.forEach(event -> wire.append(event.wire()));
        write(wire.toString());
    }

    private void write(String text) {
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), text), ctx.voidPromise());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.info("{}: event stream closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void stop() {
        if (poller != null) {
            poller.cancel(false);
            poller = null;
        }
        if (holdsSlot) {
            holdsSlot = false;
            slots.release();
        }
    }
}
