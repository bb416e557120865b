package org.airwave.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Keeps about {@code options.listeners()} listeners connected to the configured mount's streams:
 * each stays a random time and leaves, new ones arrive to take their places, a third ask for ICY
 * metadata; passthrough listeners arrive only while the program source is on air. Also holds the
 * one slow reader (half rate, from its own address) for the whole run. Counts every session's
 * {@link ListenerOutcome} per minute and in total.
 *
 * <p>Threading: {@link #topUp} runs on one scheduler thread; sessions end on the event loops,
 * which only touch the counters (thread-safe).
 */
final class ListenerChurn {

    /** Address of the slow reader: 127.0.2.3, apart from the listeners and the other abusers. */
    private static final int SLOW_READER_HOST = 3;
    /** Most listeners opened per top-up (10 a second: 1,000 connections/s while filling up). */
    private static final int MAX_ARRIVALS_PER_TOP_UP = 100;
    /** Disturbed sessions described in the log, the first ones of the run. */
    private static final int MAX_REPORTED = 200;

    private final Bootstrap bootstrap;
    private final SoakOptions options;
    private final ProgramSource program;
    private final Timeline timeline;
    private final AtomicInteger connected = new AtomicInteger();
    private final Map<ListenerOutcome, LongAdder> minute = counters();
    private final Map<ListenerOutcome, LongAdder> total = counters();
    private final AtomicInteger slowReaderClosures = new AtomicInteger();
    /** Disturbed sessions described in the log so far. */
    private final AtomicInteger reported = new AtomicInteger();
    private volatile Listener slowReader;
    private int opened;

    ListenerChurn(Bootstrap bootstrap, SoakOptions options, ProgramSource program, Timeline timeline) {
        this.bootstrap = bootstrap;
        this.options = options;
        this.program = program;
        this.timeline = timeline;
    }

    /** Opens listeners until about the target are connected (at most {@value #MAX_ARRIVALS_PER_TOP_UP} at a time). */
    void topUp() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < MAX_ARRIVALS_PER_TOP_UP && connected.get() < options.listeners(); i++) {
            SoakOptions.Stream stream = options.streams().get(random.nextInt(options.streams().size()));
            if (stream.passthrough() && !program.steady(System.nanoTime())) continue;
            long listenMillis = random.nextLong(options.minListenSeconds() * 1000L, options.maxListenSeconds() * 1000L + 1);
            Listener listener = new Listener(timeline, random.nextInt(3) == 0, false, 0, System.nanoTime());
            connected.incrementAndGet();
            open(listener, stream, TimeUnit.MILLISECONDS.toNanos(listenMillis),
                    ListenerLoad.loopbackAddress(1, 1 + opened++ % ListenerLoad.SOURCE_ADDRESSES), this::ended);
        }
    }

    /** Opens the slow reader on the first stream; it listens to the end of the run and is reopened if closed. */
    void openSlowReader(long untilNanos) {
        SoakOptions.Stream stream = options.streams().get(0);
        Listener listener = new Listener(timeline, false, true, stream.kbps() * 1000 / 8.0 / 2, System.nanoTime());
        slowReader = listener;
        open(listener, stream, untilNanos - System.nanoTime(), ListenerLoad.loopbackAddress(2, SLOW_READER_HOST),
                session -> {
                    if (session.outcome() == ListenerOutcome.KEPT_LISTENING || timeline.finished()) return;
                    System.err.println("     slow reader: " + session.describe());
                    slowReaderClosures.incrementAndGet();
                    if (System.nanoTime() < untilNanos) openSlowReader(untilNanos);
                });
    }

    private void open(Listener listener, SoakOptions.Stream stream, long listenNanos, InetAddress local,
                      Consumer<ListenerSession> onEnd) {
        byte[] request = ListenerLoad.request(options.host(), stream.path(), listener.icy);
        ListenerSession session = new ListenerSession(listener, stream, request, listenNanos, program, onEnd);
        Bootstrap one = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(listener, session);
            }
        });
        ListenerLoad.connect(one, options.address(), options.port(), local).addListener(f -> {
            if (!f.isSuccess()) session.connectFailed(f.cause());
        });
    }

    private void ended(ListenerSession session) {
        connected.decrementAndGet();
        if (timeline.finished()) return;
        minute.get(session.outcome()).increment();
        total.get(session.outcome()).increment();
        if (session.outcome().disturbed() && reported.incrementAndGet() <= MAX_REPORTED) {
            System.err.println("     disturbed: " + session.describe());
        }
    }

    int connected() {
        return connected.get();
    }

    /** Sessions that ended since the last call, by outcome; starts the next minute. */
    Map<ListenerOutcome, Long> takeMinute() {
        Map<ListenerOutcome, Long> counts = new EnumMap<>(ListenerOutcome.class);
        minute.forEach((outcome, adder) -> counts.put(outcome, adder.sumThenReset()));
        return counts;
    }

    Map<ListenerOutcome, Long> totals() {
        Map<ListenerOutcome, Long> counts = new EnumMap<>(ListenerOutcome.class);
        total.forEach((outcome, adder) -> counts.put(outcome, adder.sum()));
        return counts;
    }

    /** Times the slow reader was closed or refused by the server. */
    int slowReaderClosures() {
        return slowReaderClosures.get();
    }

    /** The slow reader's mean rate since its (last) connection, kbit/s. Read at the end of the run. */
    double slowReaderKbps() {
        Listener listener = slowReader;
        if (listener == null || listener.firstByteNanos < 0) return 0;
        return listener.audioBytes * 8 / 1000.0 / ((System.nanoTime() - listener.firstByteNanos) / 1e9);
    }

    private static Map<ListenerOutcome, LongAdder> counters() {
        Map<ListenerOutcome, LongAdder> counters = new EnumMap<>(ListenerOutcome.class);
        for (ListenerOutcome outcome : ListenerOutcome.values()) counters.put(outcome, new LongAdder());
        return counters;
    }
}
