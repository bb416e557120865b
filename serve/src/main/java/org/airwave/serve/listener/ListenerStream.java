package org.airwave.serve.listener;

import io.netty.channel.EventLoop;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongConsumer;
import org.airwave.core.mount.ListenerHandle;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.Transcoding;
import org.airwave.core.stats.ListenerExit;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.ListenerCursor;
import org.airwave.serve.LagPolicy;
import org.airwave.serve.icy.IcyInterleaver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's stream of a rendition after its response head: where it is in the buffer, its
 * ICY counter, its statistics, and what happens when it falls out of the buffer window
 * ({@link LagPolicy}), is kicked or moved, or the source ends. How the bytes reach the listener
 * is the subclass's: {@link SocketListenerStream} writes the shared chunks' memory straight to the
 * socket (epoll), {@link ChannelListenerStream} through a Netty channel (other transports).
 *
 * <p>Threading: everything runs on the listener's event loop. Appends do not wake the listener
 * itself: its loop's {@link LoopFanout} for the buffer drains it about once per write interval, so
 * the chunks that arrived since go out in one gathering write. It drains at once on connect (the
 * burst). As a {@link ListenerHandle} it can be kicked or moved to another mount by an
 * administrator from any thread; both hop onto its event loop.
 */
public abstract class ListenerStream implements ListenerHandle {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerStream.class);

    private final long id = ListenerIds.next();
    private final String userAgent;
    private final long connectedAtMillis = System.currentTimeMillis();
    private final long requestNanos;
    private final long writeIntervalNanos;
    private final LagPolicy lagPolicy;
    /** The listener's ICY counter, or null when it asked for no metadata. */
    final IcyInterleaver icy;
    private volatile Mount mount;
    private volatile String rendition;
    private volatile long bytesSent;
    private LongConsumer sentBytes;
    private BroadcastBuffer buffer;
    private LoopFanout fanout;
    /** Position in the buffer; null until {@link #subscribe()}. */
    ListenerCursor cursor;
    /** Position in {@link #fanout}, owned by it. */
    int fanoutSlot;
    int fanoutIndex;
    /** Whether {@link #fanout} has the listener on its list of those with bytes left over; owned by it. */
    boolean pendingListed;
    /** Set once the listener left its mount: nothing is written after. */
    boolean finished;
    private boolean firstByteSent;
    private long skips;
    private ListenerExit exit = ListenerExit.CLIENT_LEFT;

    /**
     * @param icy the listener's ICY interleaver, or null when it asked for no metadata
     * @param requestNanos {@link System#nanoTime()} when the request arrived (for time to first byte)
     * @param writeIntervalNanos how often the listener is drained while the stream runs
     */
    ListenerStream(Mount mount, String rendition, BroadcastBuffer buffer, IcyInterleaver icy,
                   LagPolicy lagPolicy, String userAgent, long requestNanos, long writeIntervalNanos) {
        this.mount = mount;
        this.rendition = rendition;
        this.buffer = buffer;
        this.icy = icy;
        this.lagPolicy = lagPolicy;
        this.userAgent = userAgent == null ? "" : userAgent;
        this.requestNanos = requestNanos;
        this.writeIntervalNanos = writeIntervalNanos;
        this.sentBytes = mount.stats().bytesSentTo(rendition);
    }

    /** The listener's event loop. */
    abstract EventLoop loop();

    /** Writes what the socket takes of what the listener has not had yet. On the event loop. */
    abstract void drain();

    /** Closes the connection at once. On the event loop. */
    abstract void closeConnection();

    /** Closes the connection once what was handed to the socket has gone out. On the event loop. */
    abstract void closeAfterWrites();

    /** Forgets what was taken from the buffer but not written (a skip or a move). On the event loop. */
    abstract void discardPending();

    /**
     * Finds out whether the peer left while the stream is quiet (no writes to fail); ends the
     * stream if it did. On the event loop.
     */
    abstract void checkPeer();

    /** Joins the mount and this loop's group of the buffer's listeners; the cursor starts at the burst point. */
    final void subscribe() {
        mount.listenerJoined(this);
        fanout = LoopFanout.join(loop(), buffer, this, writeIntervalNanos);
        cursor = buffer.cursorAtBurstPoint();
    }

    /** Asks to be drained again soon even if nothing new arrives (its socket was full). */
    final void pendingWrite() {
        fanout.pendingWrite(this);
    }

    final BroadcastBuffer buffer() {
        return buffer;
    }

    /** Counts bytes that went to the socket (statistics, time to first byte). */
    final void sent(long length) {
        bytesSent += length;
        sentBytes.accept(length);
        if (!firstByteSent) {
            firstByteSent = true;
            mount.stats().firstByte(System.nanoTime() - requestNanos);
        }
    }

    /** Applies the lag policy; returns whether the listener goes on. */
    final boolean handleLag() {
        if (lagPolicy == LagPolicy.DROP) {
            LOG.info("listener {} of {} dropped: fell behind the buffer window (listeners.lag-policy=drop)",
                    remoteAddress(), mount.path());
            exit = ListenerExit.SLOW;
            close();
            return false;
        }
        skips++;
        mount.stats().lagSkipped();
        if (skips == 1 || Long.bitCount(skips) == 1) {
            LOG.info("listener {} of {} fell behind the buffer window, skipped to the burst point ({} times)",
                    remoteAddress(), mount.path(), skips);
        }
        discardPending();
        cursor.skipToBurstPoint();
        return true;
    }

    /** The source ended and the listener has everything: it gets a clean close. */
    final void endOfStream() {
        exit = ListenerExit.SOURCE_ENDED;
        finish();
        closeAfterWrites();
    }

    /** Leaves the fan-out and the mount, once; counts the exit. */
    final void finish() {
        if (finished || cursor == null) {
            return;
        }
        finished = true;
        fanout.leave(this);
        mount.listenerLeft(this);
        mount.stats().listenerExited(exit, System.currentTimeMillis() - connectedAtMillis);
    }

    /** Ends the stream and closes the connection (the client left, or a write failed). On the event loop. */
    final void close() {
        finish();
        closeConnection();
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String userAgent() {
        return userAgent;
    }

    @Override
    public Instant connectedAt() {
        return Instant.ofEpochMilli(connectedAtMillis);
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
        try {
            loop().execute(() -> {
                if (finished) {
                    return;
                }
                LOG.info("listener {} of {} kicked by an administrator", remoteAddress(), mount.path());
                exit = ListenerExit.KICKED;
                close();
            });
        } catch (RejectedExecutionException stopped) {
            LOG.debug("listener {} of {}: its event loop has stopped", id, mount.path());
        }
    }

    @Override
    public void serverStopping() {
        try {
            loop().execute(() -> {
                if (finished) {
                    return;
                }
                LOG.debug("listener {} of {} closed: the server is stopping", remoteAddress(), mount.path());
                exit = ListenerExit.SERVER_STOPPED;
                finish();
                closeAfterWrites();
            });
        } catch (RejectedExecutionException stopped) {
            LOG.debug("listener {} of {}: its event loop has stopped", id, mount.path());
        }
    }

    @Override
    public boolean moveTo(Mount destination) {
        Optional<BroadcastBuffer> target = destination.passthroughBuffer();
        if (target.isEmpty()) {
            return false;
        }
        loop().execute(() -> {
            if (finished) {
                return;
            }
            fanout.leave(this);
            mount.listenerLeft(this);
            discardPending();
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

    /** How often this listener was skipped forward (for tests and status). */
    public long skips() {
        return skips;
    }
}
