package org.airwave.serve.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.airwave.core.mount.Mount;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import org.airwave.serve.LagPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listeners on real sockets served by {@link ListenerStream}s on one event loop: the buffer wakes
 * one {@link LoopFanout} per loop, which drains each listener about once per write interval, so
 * chunks appended in between leave in one flush; every byte still arrives, in order.
 */
class LoopFanoutTest {

    private static final BufferLimits LIMITS = new BufferLimits(4_000_000, 1 << 20, 200_000, 256);
    private static final long CHUNK_MICROS = 100_000;
    private static final int CHUNK_BYTES = 400;
    private static final Duration WRITE_INTERVAL = Duration.ofMillis(1000);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final AtomicInteger flushes = new AtomicInteger();
    private final List<Socket> clients = new ArrayList<>();
    private final TestBroadcast broadcast = new TestBroadcast(LIMITS, CHUNK_BYTES, CHUNK_MICROS);
    private final Mount mount = broadcast.mount;
    private final BroadcastBuffer buffer = broadcast.buffer;
    private Channel server;

    @BeforeEach
    void start() throws Exception {
        server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FlushCounter(), new ChannelListenerStream(mount, "source", buffer, null,
                                LagPolicy.SKIP, "test", System.nanoTime(), WRITE_INTERVAL.toNanos()).handler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @AfterEach
    void stop() throws IOException, InterruptedException {
        for (Socket client : clients) {
            client.close();
        }
        // The listeners leave (and their group lets go of the buffer) before the loop stops: a close still
        // queued when the loop shuts down may never run, and the buffer then keeps its chunks (a leak CI
        // reported once: the buffer's chunk never released, every listener reference was).
        broadcast.awaitReaders(0, WAIT);
        server.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        broadcast.end();
    }

    @Test
    void listenersOfOneLoopShareOneSubscription() throws Exception {
        broadcast.append(3);
        for (int i = 0; i < 5; i++) {
            connect();
        }
        broadcast.awaitListeners(5, WAIT);
        assertThat(buffer.readerCount()).isEqualTo(1);
        for (Socket client : clients) {
            client.close();
        }
        broadcast.awaitListeners(0, WAIT);
        broadcast.awaitReaders(0, WAIT);
    }

    @Test
    void chunksAppendedWithinAWriteIntervalLeaveInOneFlushAndAllArriveInOrder() throws Exception {
        broadcast.append(3);
        long burstPoint = buffer.burstPoint();
        Socket client = connect();
        broadcast.awaitListeners(1, WAIT);
        byte[] burst = broadcast.sentSince(burstPoint);
        assertThat(read(client, burst.length)).isEqualTo(burst);
        int flushesAfterBurst = flushes.get();
        long live = buffer.head();
        for (int i = 0; i < 8; i++) {
            broadcast.append(1);
            Thread.sleep(20);
        }
        byte[] rest = broadcast.sentSince(live);
        assertThat(read(client, rest.length)).isEqualTo(rest);
        // Eight appends 20 ms apart fall within one or two drains, not eight.
        assertThat(flushes.get() - flushesAfterBurst).isBetween(1, 2);
    }

    @Test
    void listenerKeepsUpWithASourceThatFillsTheWindowFasterThanTheWriteInterval() throws Exception {
        broadcast.append(3);
        Socket client = connect();
        broadcast.awaitListeners(1, WAIT);
        long start = buffer.burstPoint();
        // 200 chunks 2 ms apart: the 40-chunk window turns over every 80 ms, far within one 1 s interval.
        for (int i = 0; i < 200; i++) {
            broadcast.append(1);
            Thread.sleep(2);
        }
        byte[] everything = broadcast.sentSince(start);
        assertThat(read(client, everything.length)).as("every byte, nothing skipped").isEqualTo(everything);
    }

    @Test
    void aLoopWithFewListenersDrainsSeveralSlotsPerTick() throws Exception {
        broadcast.append(3);
        long start = buffer.burstPoint();
        Socket first = connect();
        Socket second = connect();
        broadcast.awaitListeners(2, WAIT);
        long ticksBefore = loop.next().submit(() -> LoopFanout.onThisLoop(buffer).tickRuns()).get();
        // A chunk every 100 ms for two write intervals, like a live source.
        for (int i = 0; i < 20; i++) {
            broadcast.append(1);
            Thread.sleep(CHUNK_MICROS / 1000);
        }
        byte[] everything = broadcast.sentSince(start);
        for (Socket client : List.of(first, second)) {
            assertThat(read(client, everything.length)).as("every byte, in order").isEqualTo(everything);
        }
        long ticks = loop.next().submit(() -> LoopFanout.onThisLoop(buffer).tickRuns()).get() - ticksBefore;
        int perInterval = LoopFanout.SLOTS / LoopFanout.MAX_SLOTS_PER_TICK;
        assertThat(ticks).as("wake-ups in two intervals (one slot per tick would be %d)", 2 * LoopFanout.SLOTS)
                .isBetween(2L * perInterval - 1, 3L * perInterval);
    }

    @Test
    void slotsPerTickKeepATickNearItsShareOfListeners() {
        assertThat(LoopFanout.slotsPerTick(0)).isEqualTo(LoopFanout.MAX_SLOTS_PER_TICK);
        assertThat(LoopFanout.slotsPerTick(1000)).isEqualTo(5);
        assertThat(LoopFanout.slotsPerTick(2000)).as("250 per tick rounds down to two slots of 100").isEqualTo(2);
        assertThat(LoopFanout.slotsPerTick(19_000)).isEqualTo(1);
    }

    @Test
    void endOfStreamReachesEveryListenerAndReleasesTheBuffer() throws Exception {
        broadcast.append(2);
        byte[] burst = broadcast.sentSince(buffer.burstPoint());
        Socket first = connect();
        Socket second = connect();
        broadcast.awaitListeners(2, WAIT);
        buffer.end();
        for (Socket client : List.of(first, second)) {
            assertThat(read(client, burst.length)).isEqualTo(burst);
            assertThat(client.getInputStream().read()).as("FIN after the last chunk").isEqualTo(-1);
        }
        broadcast.awaitReaders(0, WAIT);
    }

    private Socket connect() throws IOException {
        Socket client = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
        client.setSoTimeout((int) WAIT.toMillis());
        clients.add(client);
        return client;
    }

    private static byte[] read(Socket client, int length) throws IOException {
        InputStream in = client.getInputStream();
        byte[] data = new byte[length];
        int read = 0;
        try {
            while (read < length) {
                int n = in.read(data, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("only " + read + " of " + length + " bytes arrived within " + WAIT, e);
        }
        assertThat(read).as("bytes before the connection closed").isEqualTo(length);
        return data;
    }

    /** Counts the flushes with something to write a listener's stream makes (each is one gathering write). */
    private final class FlushCounter extends ChannelOutboundHandlerAdapter {
        @Override
        public void flush(ChannelHandlerContext ctx) {
            ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
            if (pending != null && pending.totalPendingWriteBytes() > 0) {
                flushes.incrementAndGet();
            }
            ctx.flush();
        }
    }
}
