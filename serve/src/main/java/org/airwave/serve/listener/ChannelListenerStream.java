package org.airwave.serve.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.airwave.core.mount.Mount;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.Chunk;
import org.airwave.serve.LagPolicy;
import org.airwave.serve.icy.IcyInterleaver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener served through its Netty channel (the NIO transport, where a socket cannot be written
 * directly): shared chunks go out as retained duplicates or ICY-interleaved slices, never copies,
 * while the channel is writable; the stream resumes when it becomes writable again and flushes
 * once per drain. Its {@link #handler()} takes the place of the request handler in the pipeline.
 *
 * <p>Threading: on the channel's event loop, like the {@link ListenerStream} it is.
 */
public final class ChannelListenerStream extends ListenerStream {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelListenerStream.class);

    private final Handler handler = new Handler();
    private final IcyInterleaver.Sink sink = this::write;
    private ChannelHandlerContext ctx;

    /** See {@link ListenerStream#ListenerStream}. */
    public ChannelListenerStream(Mount mount, String rendition, BroadcastBuffer buffer, IcyInterleaver icy,
                                 LagPolicy lagPolicy, String userAgent, long requestNanos, long writeIntervalNanos) {
        super(mount, rendition, buffer, icy, lagPolicy, userAgent, requestNanos, writeIntervalNanos);
    }

    /** The pipeline handler that runs this stream; add it once the response head is written. */
    public ChannelHandler handler() {
        return handler;
    }

    @Override
    EventLoop loop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public String remoteAddress() {
        return ctx == null ? "" : String.valueOf(ctx.channel().remoteAddress());
    }

    @Override
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
        sent(data.readableBytes());
        ctx.write(data, ctx.voidPromise());
    }

    @Override
    void closeConnection() {
        ctx.close();
    }

    @Override
    void closeAfterWrites() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    void discardPending() {
        // What the channel has queued is the listener's already; the cursor alone moves.
    }

    @Override
    void checkPeer() {
        // The channel reads its socket: a peer that leaves makes it inactive.
    }

    /** The stream's place in the pipeline. */
    private final class Handler extends ChannelInboundHandlerAdapter {

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ChannelListenerStream.this.ctx = ctx;
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
                LOG.warn("listener {} of {} failed", ctx.channel().remoteAddress(), mount().path(), cause);
            }
            ctx.close();
        }
    }
}
