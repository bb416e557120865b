package org.airwave.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Listener-load generator: opens N listener connections to one mount over native epoll at a given
 * ramp rate, lets them settle, measures every connection over a steady window and prints one
 * summary line ({@link LoadReport}).
 *
 * <p>Threading: the main thread paces the ramp, sets the phase boundaries and builds the report
 * after the event loops have terminated; each connection lives on one event loop.
 */
public final class ListenerLoad {

    /** Time allowed for the event loops to close every connection at the end. */
    private static final long SHUTDOWN_SECONDS = 10;
    /** Connect timeout of a single listener: long enough for SYN retries against a short accept backlog. */
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    /**
     * Bytes one read may take: a whole burst or write interval of audio in one system call (each
     * buffer is released right after it is counted, so this costs no memory per listener).
     */
    private static final int READ_BYTES = 64 * 1024;
    /** Loopback source addresses the connections are spread over (127.0.1.1 and up). */
    static final int SOURCE_ADDRESSES = 16;
    /** How long after the warm-up's first connection its held listeners are closed (the steady-state paths get hot). */
    private static final long WARMUP_HOLD_MILLIS = 15000;
    /** Width of the ramp's time slices in the time-to-first-byte profile printed on stderr. */
    private static final long TTFB_BUCKET_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Longest wait for the warm-up listeners' first audio bytes. */
    private static final long WARMUP_SECONDS = 15;
    /**
     * Pause between the warm-up and the measured ramp, for the server to close the warm-up
     * connections (a server that learns of a closed peer from its next writes needs two of them).
     */
    private static final long WARMUP_SETTLE_MILLIS = 4000;

    private ListenerLoad() {
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        System.out.println(run(options).summaryLine());
    }

    static LoadReport run(LoadOptions options) throws InterruptedException {
        Timeline timeline = new Timeline();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.threads(), EpollIoHandler.newFactory());
        List<Listener> listeners = new ArrayList<>(options.connections());
        List<Channel> channels = new ArrayList<>(options.connections());
        byte[] request = request(options);
        Bootstrap bootstrap = bootstrap(group);
        int slowEvery = options.slowFraction() > 0 ? (int) Math.round(1 / options.slowFraction()) : 0;
        double slowRate = options.bytesPerSecond() / 2;

        warmUp(bootstrap, options, request, timeline);
        System.gc();   // the warm-up's garbage goes now, not in a pause of this generator during the ramp
        long gcStart = gcMillis();
        long rampStart = System.nanoTime();
        System.err.printf("ramp start: %s%n", Instant.now());
        long interval = TimeUnit.SECONDS.toNanos(1) / options.rampPerSecond();
        for (int i = 0; i < options.connections(); i++) {
            long due = rampStart + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            boolean slow = slowEvery > 0 && i % slowEvery == slowEvery - 1;
            Listener listener = new Listener(timeline, options.icyMetadata(), slow, slowRate, System.nanoTime());
            listeners.add(listener);
            ChannelFuture connect = connect(bootstrap.handler(listener), options, i);
            channels.add(connect.channel());
            connect.addListener(f -> {
                if (f.isSuccess()) {
                    connect.channel().writeAndFlush(Unpooled.wrappedBuffer(request));
                } else {
                    listener.failure = "connect: " + f.cause().getMessage();
                }
            });
        }
        long steadyStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
        long steadyEnd = steadyStart + TimeUnit.SECONDS.toNanos(options.durationSeconds());
        timeline.steadyWindow(steadyStart, steadyEnd);
        System.err.printf("ramp done: %d connections in %.1f s%n", options.connections(),
                (System.nanoTime() - rampStart) / 1e9);

        sleepUntil(steadyStart);
        System.err.println("steady window start");
        long cpuStart = processCpuNanos();
        for (int i = 0; i < listeners.size(); i++) {
            Listener listener = listeners.get(i);
            channels.get(i).eventLoop().execute(listener::markSteadyStart);
        }
        sleepUntil(steadyEnd);
        long cpuEnd = processCpuNanos();
        long gcEnd = gcMillis();
        for (int i = 0; i < listeners.size(); i++) {
            Listener listener = listeners.get(i);
            channels.get(i).eventLoop().execute(() -> listener.markSteadyEnd(System.nanoTime()));
        }
        System.err.println("steady window end");

        timeline.finish();
        for (Channel channel : channels) {
            channel.eventLoop().execute(channel::close);
        }
        group.shutdownGracefully(0, SHUTDOWN_SECONDS, TimeUnit.SECONDS).await(SHUTDOWN_SECONDS + 5, TimeUnit.SECONDS);
        System.err.print(LoadReport.ttfbTimeline(listeners, rampStart, TTFB_BUCKET_NANOS));
        return LoadReport.of(options, listeners, steadyEnd - steadyStart, cpuEnd - cpuStart, gcEnd - gcStart);
    }

    /**
     * Readies both ends before the measured ramp, as a server that has been up a while has: first
     * a batch of uncounted listeners, opened at the ramp rate and kept listening for a while (the
     * steady-state paths get hot), then, once those are closed, a stream of short connections at
     * the ramp rate that each close at their first audio byte. Class loading, native library
     * loading and JIT compilation (of this client, which shares its core with the feeder, and of a
     * JIT server's per-connection paths, which take thousands of calls to be compiled fully) then
     * do not land in the measured time to first byte, the short connections take the mount from
     * no listener to some and back many times (as listeners coming and going do; a JIT compiler
     * that never saw that happen recompiles when the ramp starts from an empty mount), and the
     * server holds no more listeners than the batch at any time.
     */
    private static void warmUp(Bootstrap bootstrap, LoadOptions options, byte[] request, Timeline timeline)
            throws InterruptedException {
        long start = System.nanoTime();
        int count = options.warmupConnections();
        CountDownLatch firstAudio = new CountDownLatch(count);
        List<Channel> held = open(bootstrap, options, request, timeline, count, firstAudio, false);
        boolean all = firstAudio.await(WARMUP_SECONDS, TimeUnit.SECONDS);
        sleepUntil(start + TimeUnit.MILLISECONDS.toNanos(WARMUP_HOLD_MILLIS));
        closeAll(held);
        Thread.sleep(WARMUP_SETTLE_MILLIS);
        int churn = options.warmupChurn();
        CountDownLatch churnAudio = new CountDownLatch(churn);
        List<Channel> shortLived = open(bootstrap, options, request, timeline, churn, churnAudio, true);
        boolean allChurn = churnAudio.await(WARMUP_SECONDS, TimeUnit.SECONDS);
        closeAll(shortLived);
        System.err.printf("warm-up: %d listeners held, %s got audio; %d short connections, %s got audio; %.1f s%n",
                count, all ? "all" : "not all", churn, allChurn ? "all" : "not all",
                (System.nanoTime() - start) / 1e9);
        Thread.sleep(WARMUP_SETTLE_MILLIS);
        System.err.println("warm-up settled");
    }

    /** Opens {@code count} uncounted listeners at the ramp rate; each counts {@code firstAudio} down at its first audio byte. */
    private static List<Channel> open(Bootstrap bootstrap, LoadOptions options, byte[] request, Timeline timeline,
                                      int count, CountDownLatch firstAudio, boolean closeAtFirstAudio) {
        List<Channel> channels = new ArrayList<>(count);
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / options.rampPerSecond();
        for (int i = 0; i < count; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            Listener listener = new Listener(timeline, options.icyMetadata(), false, 0, System.nanoTime(),
                    firstAudio, closeAtFirstAudio);
            channels.add(connect(bootstrap.handler(listener), options, i)
                    .addListener(f -> {
                        if (f.isSuccess()) ((ChannelFuture) f).channel().writeAndFlush(Unpooled.wrappedBuffer(request));
                    }).channel());
        }
        return channels;
    }

    private static void closeAll(List<Channel> channels) throws InterruptedException {
        for (Channel channel : channels) {
            channel.close().await();
        }
    }

    /**
     * Connects from one of {@value #SOURCE_ADDRESSES} loopback source addresses in turn (IPv4
     * loopback targets): with every connection to one address and port, the kernel's search for
     * a free local port grows with the connections open and by 14,000 costs the generator more
     * than its whole core; spread over several source addresses (ports picked at connect time,
     * {@code IP_BIND_ADDRESS_NO_PORT}) it stays cheap.
     */
    private static ChannelFuture connect(Bootstrap bootstrap, LoadOptions options, int index) {
        return connect(bootstrap, options.address(), options.port(), index);
    }

    /**
     * Connects {@code bootstrap} to {@code address:port} from listener source address number
     * {@code index} ({@link #loopbackAddress}; IPv6 targets use the kernel's choice).
     */
    static ChannelFuture connect(Bootstrap bootstrap, InetAddress address, int port, int index) {
        return connect(bootstrap, address, port, loopbackAddress(1, 1 + index % SOURCE_ADDRESSES));
    }

    /** Connects {@code bootstrap} to {@code address:port} from {@code local} (IPv6 targets: the kernel's choice). */
    static ChannelFuture connect(Bootstrap bootstrap, InetAddress address, int port, InetAddress local) {
        InetSocketAddress remote = new InetSocketAddress(address, port);
        if (!(address instanceof Inet4Address)) {
            return bootstrap.connect(remote);
        }
        return bootstrap.connect(remote, new InetSocketAddress(local, 0));
    }

    /**
     * Loopback address 127.0.{@code group}.{@code host}: listeners use group 1, so that other
     * clients of a run (a soak's abusers) can be told apart from them by address.
     */
    static InetAddress loopbackAddress(int group, int host) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) group, (byte) host});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The generator's client bootstrap: native epoll, whole-burst reads, local ports picked at connect time. */
    static Bootstrap bootstrap(EventLoopGroup group) {
        return new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(READ_BYTES))
                .option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
    }

    private static byte[] request(LoadOptions options) {
        return request(options.url().getHost() + ":" + options.port(), options.requestTarget(), options.icyMetadata());
    }

    /** A listener's request for {@code target}, asking for ICY metadata when {@code icy}. */
    static byte[] request(String host, String target, boolean icy) {
        String text = "GET " + target + " HTTP/1.0\r\n"
                + "Host: " + host + "\r\n"
                + "User-Agent: airwave-bench\r\n"
                + (icy ? "Icy-MetaData: 1\r\n" : "")
                + "\r\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static void sleepUntil(long deadline) {
        for (long wait; (wait = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Milliseconds this process has spent collecting garbage so far. */
    private static long gcMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, collector.getCollectionTime());
        }
        return millis;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
