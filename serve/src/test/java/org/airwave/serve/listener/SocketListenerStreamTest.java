package org.airwave.serve.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.airwave.core.mount.Mount;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import org.airwave.serve.LagPolicy;
import org.airwave.serve.icy.IcyInterleaver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listeners written straight to their sockets on a real epoll loop, with send and receive buffers
 * made small so that most writes are short: the stream must resume exactly where the kernel
 * stopped, inside a chunk or inside an ICY block, and keep the metadata interval exact across
 * skips; a closed peer and the end of the stream end it.
 */
class SocketListenerStreamTest {

    private static final int CHUNK_BYTES = 700;
    private static final long CHUNK_MICROS = 20_000;
    /** Not a multiple of the chunk size, so blocks fall inside chunks. */
    private static final int METAINT = 1000;
    private static final int SOCKET_BUFFER = 4096;
    private static final Duration WRITE_INTERVAL = Duration.ofMillis(20);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private EventLoopGroup loop;
    private final List<Socket> clients = new ArrayList<>();
    private final List<SocketListenerStream> streams = new CopyOnWriteArrayList<>();
    private TestBroadcast broadcast;
    private Mount mount;
    private BroadcastBuffer buffer;
    private Channel server;

    @BeforeEach
    void checkEpoll() {
        assumeTrue(Epoll.isAvailable(), "epoll transport");
    }

    private void start(BufferLimits limits, boolean icy) throws InterruptedException {
        loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        broadcast = new TestBroadcast(limits, CHUNK_BYTES, CHUNK_MICROS);
        mount = broadcast.mount;
        buffer = broadcast.buffer;
        server = new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.eventLoop().execute(() -> SocketListenerStream.takeOver(ch, (eventLoop, socket) -> {
                            IcyInterleaver interleaver = null;
                            if (icy) {
                                interleaver = new IcyInterleaver(METAINT, StandardCharsets.UTF_8);
                                interleaver.startWith(mount.metadata());
                            }
                            SocketListenerStream stream = new SocketListenerStream(eventLoop, socket, mount, "source",
                                    buffer, interleaver, LagPolicy.SKIP, "test", System.nanoTime(),
                                    WRITE_INTERVAL.toNanos());
                            streams.add(stream);
                            return stream;
                        }));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @AfterEach
    void stop() throws IOException, InterruptedException {
        for (Socket client : clients) {
            client.close();
        }
        if (server != null) {
            broadcast.end();
            broadcast.awaitListeners(0, WAIT);
            server.close().syncUninterruptibly();
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void shortWritesResumeInsideChunksAndBlocksAndEveryByteArrivesInOrder() throws Exception {
        start(new BufferLimits(600_000_000, 64 << 20, 100_000, 40_000), true);
        broadcast.appendTitled(5);
        long first = buffer.burstPoint();
        Socket client = connect();
        broadcast.awaitListeners(1, WAIT);
        for (int i = 0; i < 300; i++) {
            broadcast.appendTitled(1);
            if (i % 10 == 0) {
                Thread.sleep(2);
            }
        }
        byte[] audio = broadcast.sentSince(first);
        IcyCapture capture = readIcy(client, audio.length, 1);
        assertThat(capture.audio).as("every audio byte, in order, across short writes").isEqualTo(audio);
        assertThat(capture.titles.get(0)).as("the first block names the current title").isEqualTo("Title 005");
        assertThat(capture.titles).as("titles never repeat or go back").isSorted().doesNotHaveDuplicates();
        assertThat(streams.get(0).skips()).isZero();
        buffer.end();
        assertThat(client.getInputStream().read()).as("FIN after the last byte").isEqualTo(-1);
        broadcast.awaitListeners(0, WAIT);
    }

    @Test
    void listenerThatStopsReadingIsSkippedAndItsMetadataIntervalStaysExact() throws Exception {
        start(new BufferLimits(400_000, 64 << 20, 100_000, 4096), true);
        broadcast.appendTitled(5);
        Socket client = connect();
        broadcast.awaitListeners(1, WAIT);
        // Not read for a while: 200 chunks of 20 ms are ten windows of 400 ms.
        for (int i = 0; i < 200; i++) {
            broadcast.appendTitled(1);
            Thread.sleep(1);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (streams.get(0).skips() == 0 && System.nanoTime() < deadline) {
            broadcast.appendTitled(1);
            Thread.sleep(5);
        }
        assertThat(streams.get(0).skips()).as("skipped to the burst point").isPositive();
        buffer.end();
        IcyCapture capture = readIcy(client, Integer.MAX_VALUE, 0);
        assertThat(capture.audio.length).as("audio after the skip arrived").isGreaterThan(METAINT * 3);
        assertThat(capture.titles).as("every block well formed, titles in order").isSorted();
        broadcast.awaitListeners(0, WAIT);
    }

    @Test
    void aPeerThatClosesEndsItsStream() throws Exception {
        start(new BufferLimits(4_000_000, 1 << 20, 200_000, 256), false);
        broadcast.appendTitled(3);
        Socket client = connect();
        broadcast.awaitListeners(1, WAIT);
        client.close();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (mount.listeners() > 0 && System.nanoTime() < deadline) {
            broadcast.appendTitled(1);
            Thread.sleep(10);
        }
        assertThat(mount.listeners()).as("listener gone after failed writes").isZero();
        assertThat(buffer.readerCount()).isZero();
    }

    @Test
    void aPeerThatClosesWhileTheStreamIsQuietIsNoticed() throws Exception {
        start(new BufferLimits(4_000_000, 1 << 20, 200_000, 256), false);
        broadcast.appendTitled(3);
        Socket client = connect();
        broadcast.awaitListeners(1, WAIT);
        client.close();
        // Nothing more is appended: no write can fail, the quiet check must find it.
        broadcast.awaitListeners(0, WAIT);
        assertThat(buffer.readerCount()).isZero();
    }

    private Socket connect() throws IOException {
        Socket client = new Socket();
        client.setReceiveBufferSize(SOCKET_BUFFER);
        client.connect(new InetSocketAddress("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort()));
        client.setSoTimeout((int) WAIT.toMillis());
        clients.add(client);
        return client;
    }

    /**
     * Reads {@code audioBytes} of audio (or until the end of the stream) in small reads with pauses,
     * checking every block: a length byte, then that many 16-byte units of {@code StreamTitle='...';}
     * padded with NULs.
     */
    private static IcyCapture readIcy(Socket client, int audioBytes, int pauseMillis) throws Exception {
        DataInputStream in = new DataInputStream(client.getInputStream());
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        List<String> titles = new ArrayList<>();
        byte[] piece = new byte[METAINT];
        try {
            while (audio.size() < audioBytes) {
                int wanted = Math.min(METAINT, audioBytes - audio.size());
                in.readFully(piece, 0, wanted);
                audio.write(piece, 0, wanted);
                if (wanted < METAINT) {
                    break;
                }
                int length = in.readUnsignedByte() * 16;
                if (length > 0) {
                    byte[] block = new byte[length];
                    in.readFully(block);
                    String text = new String(block, StandardCharsets.UTF_8).replaceAll("\0+$", "");
                    assertThat(text).as("metadata block").matches("StreamTitle='Title \\d{3}';");
                    titles.add(text.substring("StreamTitle='".length(), text.length() - 2));
                }
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        } catch (EOFException end) {
            if (audioBytes != Integer.MAX_VALUE) {
                throw new AssertionError("stream ended after " + audio.size() + " of " + audioBytes + " audio bytes", end);
            }
        }
        return new IcyCapture(audio.toByteArray(), titles);
    }

    private record IcyCapture(byte[] audio, List<String> titles) {
    }
}
