package org.airwave.serve.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.airwave.core.mount.ListenerHandle;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.Transcoding;
import org.airwave.core.stats.ListenerExit;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.Chunk;
import org.airwave.core.stream.ListenerCursor;
import org.airwave.serve.LagPolicy;
import org.airwave.serve.icy.IcyInterleaver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a rendition to one listener after its response head: starts at the burst point, writes
 * shared chunks (retained duplicates or ICY-interleaved slices, never copies) while the channel is
 * writable, resumes when it becomes writable again, flushes once per batch. A listener that falls
 * out of the buffer window is skipped to the burst point or dropped ({@link LagPolicy}). When the
 * source ends, the listener gets what is buffered and a clean close.
 *
 * <p>Threading: everything runs on the listener's event loop. Appends do not wake the listener
 * itself: its loop's {@link LoopFanout} for the buffer drains it about once per write interval, so
 * the chunks that arrived since go out in one gathering write. It drains at once on connect (the
 * burst) and when its socket becomes writable again. Per-listener state is a cursor, an ICY
 * counter and a few fields. As a {@link ListenerHandle} it can be kicked or moved to another mount
 * by an administrator; both run on its event loop.
 */
public final class ListenerStream extends ChannelInboundHandlerAdapter implements ListenerHandle {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerStream.class);

    private final long id = ListenerIds.next();
    private final String userAgent;
    private final Instant connectedAt = Instant.now();
    private final IcyInterleaver icy;
    private final LagPolicy lagPolicy;
    private final IcyInterleaver.Sink sink = this::write;
    private volatile Mount mount;
    private volatile String rendition;
    private LongConsumer sentBytes;
    private BroadcastBuffer buffer;
    private ChannelHandlerContext ctx;
    private ListenerCursor cursor;
    private LoopFanout fanout;
    private final long writeIntervalNanos;
    /** Position in {@link #fanout}, owned by it. */
    int fanoutSlot;
    int fanoutIndex;
    private boolean finished;
    private long skips;
    private volatile long bytesSent;
    private final long requestNanos;
    private boolean firstByteSent;
    private ListenerExit exit = ListenerExit.CLIENT_LEFT;

    /**
     * @param icy the listener's ICY interleaver, or null when it asked for no metadata
     * @param requestNanos {@link System#nanoTime()} when the request arrived (for time to first byte)
     * @param writeIntervalNanos how often the listener is drained while the stream runs
     */
    public ListenerStream(Mount mount, String rendition, BroadcastBuffer buffer, IcyInterleaver icy,
                          LagPolicy lagPolicy, String userAgent, long requestNanos, long writeIntervalNanos) {
        this.writeIntervalNanos = writeIntervalNanos;
        this.rendition = rendition;
        this.sentBytes = mount.stats().bytesSentTo(rendition);
        this.requestNanos = requestNanos;
        this.mount = mount;
        this.buffer = buffer;
        this.userAgent = userAgent == null ? "" : userAgent;
        this.icy = icy;
        this.lagPolicy = lagPolicy;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        subscribe();
        drain();
        // The response head is pending even when there is no audio yet: players must get it at once.
        ctx.flush();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        finish();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.warn("listener {} of {} failed", ctx.channel().remoteAddress(), mount.path(), cause);
        }
        ctx.close();
    }

    /** Joins the mount and this loop's group of the buffer's listeners; the cursor starts at the burst point. */
    private void subscribe() {
        mount.listenerJoined(this);
        fanout = LoopFanout.join(ctx.channel().eventLoop(), buffer, this, writeIntervalNanos);
        cursor = buffer.cursorAtBurstPoint();
    }

    /** Writes what the cursor has while the channel takes it. On the event loop. */
    void drain() {
        if (finished) {
            return;
        }
        if (!ctx.channel().isWritable() && cursor.isBehindWindow() && !handleLag()) {
            return;
        }
        boolean wrote = false;
        boolean skipped = false;
        while (ctx.channel().isWritable()) {
            Chunk chunk = cursor.next();
            if (chunk == null) {
                if (cursor.isAtEnd()) {
                    endOfStream();
                    return;
                }
                if (cursor.isLagging() && !skipped) {
                    // At most one skip per drain: the burst point is in the window unless the writer
                    // evicts it concurrently, and then the next wake-up retries.
                    skipped = true;
                    if (!handleLag()) {
                        return;
                    }
                    continue;
                }
                break;
            }
            try {
                if (icy != null) {
                    icy.write(chunk.data(), chunk.metadata(), sink);
                } else {
                    write(chunk.retainedData());
                }
            } finally {
                chunk.release();
            }
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private void write(ByteBuf data) {
        int length = data.readableBytes();
        bytesSent += length;
        sentBytes.accept(length);
        if (!firstByteSent) {
            firstByteSent = true;
            mount.stats().firstByte(System.nanoTime() - requestNanos);
        }
        ctx.write(data, ctx.voidPromise());
    }

    /** Applies the lag policy; returns whether the listener goes on. */
    private boolean handleLag() {
        if (lagPolicy == LagPolicy.DROP) {
            LOG.info("listener {} of {} dropped: fell behind the buffer window (listeners.lag-policy=drop)",
                    ctx.channel().remoteAddress(), mount.path());
            exit = ListenerExit.SLOW;
            finish();
            ctx.close();
            return false;
        }
        skips++;
        mount.stats().lagSkipped();
        if (skips == 1 || Long.bitCount(skips) == 1) {
            LOG.info("listener {} of {} fell behind the buffer window, skipped to the burst point ({} times)",
                    ctx.channel().remoteAddress(), mount.path(), skips);
        }
        cursor.skipToBurstPoint();
        return true;
    }

    private void endOfStream() {
        exit = ListenerExit.SOURCE_ENDED;
        finish();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void finish() {
        if (finished || cursor == null) {
            return;
        }
        finished = true;
        fanout.leave(this);
        mount.listenerLeft(this);
        mount.stats().listenerExited(exit, Duration.between(connectedAt, Instant.now()).toMillis());
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String remoteAddress() {
        return ctx == null ? "" : String.valueOf(ctx.channel().remoteAddress());
    }

    @Override
    public String userAgent() {
        return userAgent;
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public Mount mount() {
        return mount;
    }

    @Override
    public String rendition() {
        return rendition;
    }

    @Override
    public void kick() {
        ctx.executor().execute(() -> {
            LOG.info("listener {} of {} kicked by an administrator", remoteAddress(), mount.path());
            exit = ListenerExit.KICKED;
            finish();
            ctx.close();
        });
    }

    @Override
    public boolean moveTo(Mount destination) {
        Optional<BroadcastBuffer> target = destination.passthroughBuffer();
        if (target.isEmpty()) {
            return false;
        }
        ctx.executor().execute(() -> {
            if (finished) {
                return;
            }
            fanout.leave(this);
            mount.listenerLeft(this);
            LOG.info("listener {} moved from {} to {}", remoteAddress(), mount.path(), destination.path());
            mount = destination;
            rendition = Transcoding.PASSTHROUGH;
            sentBytes = destination.stats().bytesSentTo(rendition);
            buffer = target.get();
            subscribe();
            drain();
        });
        return true;
    }

    /** Ends the stream and closes the connection (after a failure while writing). On the event loop. */
    void close() {
        finish();
        ctx.close();
    }

    /** How often this listener was skipped forward (for tests and status). */
    public long skips() {
        return skips;
    }
}
