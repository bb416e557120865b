package org.airwave.serve.listener;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.BiFunction;
import org.airwave.core.connection.ConnectionSlot;
import org.airwave.core.mount.Mount;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.Chunk;
import org.airwave.core.stream.StreamMetadata;
import org.airwave.serve.LagPolicy;
import org.airwave.serve.icy.IcyInterleaver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener written straight to its socket (the epoll transport). After the response head the
 * connection leaves Netty: it is deregistered from its loop's epoll set and its channel, pipeline
 * and handlers become garbage; what stays per listener is this object, the file descriptor and
 * the cursor. That is the point: a Netty channel with its pipeline and addresses holds about
 * 1.7 KB of heap, several times what a C server spends on a listener.
 *
 * <p>Each drain hands the kernel, in one {@code writev}, the memory of the shared chunks the
 * listener has not had yet, with its ICY blocks in between (never a copy, no allocation). What
 * the socket does not take waits for the next drain, about one write interval later: the chunk
 * being written and an offset into it, the chunks already taken from the cursor ({@link #held},
 * made only then), and a metadata block cut short. A listener whose oldest unwritten chunk left
 * the buffer window gets the lag policy. A peer that went away shows as a failed write, within
 * about two write intervals (the first write after its FIN still succeeds).
 *
 * <p>Ownership: the stream owns the descriptor (closes it exactly once, after which it writes
 * nothing) and one reference to {@link #current} and to each chunk in {@link #held}.
 * Threading: confined to its event loop, except {@link #remoteAddress()}, which asks the kernel.
 */
final class SocketListenerStream extends ListenerStream {

    private static final Logger LOG = LoggerFactory.getLogger(SocketListenerStream.class);

    /** Full gathers written per drain at most before the loop gets on with others (a catch-up backlog). */
    private static final int MAX_ROUNDS = 4;

    private final EventLoop loop;
    private final FileDescriptor socket;
    /** The chunk whose audio was written last, retained, and how much of it went out. */
    private Chunk current;
    private int currentOffset;
    /** Chunks taken from the cursor that a short write left unstarted, oldest first; null until one did. */
    private ArrayDeque<Chunk> held;
    /** An ICY block cut short by a short write, and how much of it went out. */
    private ByteBuf block;
    private int blockOffset;
    /** The connection's place in the server's connection limits, released with the socket. */
    private ConnectionSlot slot = ConnectionSlot.NONE;

    /**
     * @param loop the event loop the connection was on; the stream stays on it
     * @param socket the connection's descriptor, already out of the loop's epoll set
     */
    SocketListenerStream(EventLoop loop, FileDescriptor socket, Mount mount, String rendition, BroadcastBuffer buffer,
                         IcyInterleaver icy, LagPolicy lagPolicy, String userAgent, long requestNanos,
                         long writeIntervalNanos) {
        super(mount, rendition, buffer, icy, lagPolicy, userAgent, requestNanos, writeIntervalNanos);
        this.loop = loop;
        this.socket = socket;
    }

    /**
     * Takes a connection out of Netty and streams to it: every handler leaves the pipeline (their
     * timers are cancelled), the loop's epoll set forgets the descriptor, and the stream made by
     * {@code stream} for the same loop and descriptor starts. Call on the channel's event loop,
     * outside any of its handlers' callbacks; anything that still holds the channel (a channel
     * group) must let go of it, or closing it would close the stream's socket. The stream takes
     * the connection's {@link ConnectionSlot} with the socket.
     */
    static void takeOver(Channel channel, BiFunction<EventLoop, FileDescriptor, SocketListenerStream> stream) {
        ConnectionSlot slot = ConnectionSlot.handOver(channel);
        ChannelPipeline pipeline = channel.pipeline();
        while (pipeline.last() != null) {
            pipeline.removeLast();
        }
        EventLoop loop = channel.eventLoop();
        FileDescriptor socket = ((UnixChannel) channel).fd();
        channel.deregister().addListener(deregistered -> {
            if (!deregistered.isSuccess() || !channel.isOpen()) {
                channel.close();
                slot.release();
                return;
            }
            SocketListenerStream listener = stream.apply(loop, socket);
            listener.slot = slot;
            listener.start();
        });
    }

    /** Joins the mount and the loop's fan-out and writes the burst. On the event loop. */
    void start() {
        subscribe();
        drain();
    }

    @Override
    EventLoop loop() {
        return loop;
    }

    @Override
    public String remoteAddress() {
        if (socket instanceof Socket connection && connection.isOpen()) {
            return String.valueOf(connection.remoteAddress());
        }
        return "";
    }

    @Override
    void drain() {
        if (finished) {
            return;
        }
        if (heldBehindWindow() && !handleLag()) {
            return;
        }
        SocketGather gather = SocketGather.ofThisThread();
        boolean skipped = false;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            gather.clear();
            fill(gather);
            if (gather.isEmpty()) {
                if (cursor.isLagging() && !skipped) {
                    skipped = true;
                    if (!handleLag()) {
                        return;
                    }
                    continue;
                }
                endIfAllSent();
                return;
            }
            long written;
            try {
                written = gather.writeTo(socket);
            } catch (IOException gone) {
                commit(gather, 0);
                LOG.debug("listener {} of {} gone: {}", remoteAddress(), mount().path(), gone.getMessage());
                close();
                return;
            }
            commit(gather, written);
            if (written < gather.bytes()) {
                pendingWrite();
                return;
            }
            if (!gather.isFull()) {
                endIfAllSent();
                return;
            }
        }
        // A backlog longer than the rounds: the rest goes on the next tick.
        pendingWrite();
    }

    /** Plans the next write from where the listener is; changes nothing but what it takes from the cursor. */
    private void fill(SocketGather gather) {
        if (block != null) {
            gather.addBlock(block, blockOffset, null, false);
        }
        boolean blocks = icy != null && icy.metaint() > 0;
        int until = blocks ? icy.untilBlock() : Integer.MAX_VALUE;
        StreamMetadata lastSent = blocks ? icy.lastSent() : null;
        Chunk chunk = current;
        int offset = currentOffset;
        while (!gather.isFull()) {
            if (blocks && until == 0) {
                // The block describes the audio just before it: the chunk that completed the interval.
                StreamMetadata chosen = icy.nextBlockMetadata(chunk.metadata(), lastSent);
                gather.addBlock(icy.block(chosen), 0, chosen, true);
                if (chosen != null) {
                    lastSent = chosen;
                }
                until = icy.metaint();
                continue;
            }
            if (chunk == null || offset == chunk.length()) {
                Chunk next = take();
                if (next == null) {
                    break;
                }
                gather.taken(next);
                chunk = next;
                offset = 0;
                continue;
            }
            int length = Math.min(chunk.length() - offset, until);
            gather.addAudio(chunk, offset, length);
            offset += length;
            until -= length;
        }
    }

    private Chunk take() {
        if (held != null && !held.isEmpty()) {
            return held.pollFirst();
        }
        return cursor.next();
    }

    /** Moves the listener forward by what the socket took of the planned write. */
    private void commit(SocketGather gather, long written) {
        Chunk previous = current;
        long remaining = written;
        int lastStarted = -1;
        for (int i = 0; i < gather.entries() && remaining > 0; i++) {
            int length = gather.length(i);
            int took = (int) Math.min(remaining, length);
            remaining -= took;
            Chunk chunk = gather.chunk(i);
            if (chunk == null) {
                if (gather.isNewBlock(i)) {
                    icy.blockStarted(gather.chosen(i));
                }
                block = took < length ? gather.block(i) : null;
                blockOffset = took < length ? gather.blockOffset(i) + took : 0;
            } else {
                current = chunk;
                currentOffset = gather.audioOffset(i) + took;
                lastStarted = Math.max(lastStarted, gather.takenIndex(i));
                if (icy != null && icy.metaint() > 0) {
                    icy.audioSent(took);
                }
            }
        }
        if (written > 0) {
            sent(written);
        }
        for (int j = gather.takenCount() - 1; j > lastStarted; j--) {
            if (held == null) {
                held = new ArrayDeque<>();
            }
            held.addFirst(gather.takenChunk(j));
        }
        for (int j = 0; j <= lastStarted; j++) {
            Chunk chunk = gather.takenChunk(j);
            if (chunk != current) {
                chunk.release();
            }
        }
        if (previous != null && previous != current) {
            previous.release();
        }
    }

    /** Whether the oldest chunk the listener still has to write already left the window. */
    private boolean heldBehindWindow() {
        if (held == null || held.isEmpty()) {
            return false;
        }
        Chunk oldest = held.peekFirst();
        return !oldest.isStreamHeader() && oldest.sequence() < buffer().tail();
    }

    /** Ends the stream when its source ended and the socket took everything the source sent. */
    private void endIfAllSent() {
        if (cursor.isAtEnd() && nothingPending()) {
            endOfStream();
        }
    }

    private boolean nothingPending() {
        return block == null && (held == null || held.isEmpty())
                && (current == null || currentOffset == current.length());
    }

    /** The chunk being written is finished first: chunks hold whole frames, and a decoder needs them whole. */
    @Override
    void discardPending() {
        releaseHeld();
    }

    /**
     * Reads what the peer sent, if anything, to learn whether it left: a quiet stream has no
     * writes that would tell. On the event loop.
     */
    @Override
    void checkPeer() {
        if (finished) {
            return;
        }
        try {
            if (SocketGather.ofThisThread().probe(socket) < 0) {
                close();
            }
        } catch (IOException gone) {
            close();
        }
    }

    @Override
    void closeConnection() {
        releaseHeld();
        if (current != null) {
            current.release();
            current = null;
        }
        block = null;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing listener socket {}: {}", socket, e.getMessage());
        }
        slot.release();
    }

    /** The kernel sends what it has queued before the FIN: closing is enough. */
    @Override
    void closeAfterWrites() {
        closeConnection();
    }

    private void releaseHeld() {
        if (held != null) {
            for (Chunk chunk = held.pollFirst(); chunk != null; chunk = held.pollFirst()) {
                chunk.release();
            }
            held = null;
        }
    }
}
