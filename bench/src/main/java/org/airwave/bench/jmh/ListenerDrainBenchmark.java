package org.airwave.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.serve.LagPolicy;
import org.airwave.serve.icy.IcyInterleaver;
import org.airwave.serve.listener.ChannelListenerStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The listener's side of the fan-out: one write interval of one listener, i.e. the chunks that
 * arrived during it (appended here too) drained by its event loop's ticks into the channel as
 * shared slices, with or without ICY metadata interleaved (a title change every 20 chunks, i.e.
 * every 2 s), and released as a socket write would. The channel is an {@link EmbeddedChannel}
 * with frozen time, so the ticks run when the benchmark advances the clock and no system call is
 * measured: this is the Java cost per listener, the rest is the kernel's.
 *
 * <p>Threading: JMH's thread is both the buffer's writer and the channel's event loop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ListenerDrainBenchmark {

    /** The server's default listeners.write-interval-millis. */
    static final long WRITE_INTERVAL_MILLIS = 500;
    /** Clock steps per interval: finer than any tick, so every slot's tick runs once. */
    static final int CLOCK_STEPS = 100;
    static final int ICY_METAINT = 16000;
    static final int TITLE_EVERY_CHUNKS = 20;

    @Param({"false", "true"})
    boolean icy;

    private Mount mount;
    private BroadcastBuffer buffer;
    private EmbeddedChannel channel;
    private ByteBuf frames;
    private long chunks;

    @Setup
    public void setUp() {
        mount = new MountRegistry().mount("/live");
        buffer = mount.claim(new SourceInfo(Protocol.ICECAST, "audio/mpeg", "bench", "", "", "", false, "128", "", "jmh",
                "127.0.0.1", Instant.now()), BufferAppendBenchmark.LIMITS).orElseThrow().buffer();
        frames = Unpooled.directBuffer(BufferAppendBenchmark.CHUNK_BYTES).writeZero(BufferAppendBenchmark.CHUNK_BYTES);
        for (int i = 0; i < 40; i++) {
            appendChunk();
        }
        IcyInterleaver interleaver = null;
        if (icy) {
            interleaver = new IcyInterleaver(ICY_METAINT, StandardCharsets.UTF_8);
            interleaver.startWith(mount.metadata());
        }
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(new ChannelListenerStream(mount, "source", buffer, interleaver, LagPolicy.SKIP, "jmh",
                System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(WRITE_INTERVAL_MILLIS)).handler());
        releaseWritten();
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
        buffer.end();
        frames.release();
    }

    /** One write interval: its chunks appended, the loop's ticks run, the listener's writes released. */
    @Benchmark
    public long writeInterval() {
        long chunksPerInterval = WRITE_INTERVAL_MILLIS * 1000 / BufferAppendBenchmark.CHUNK_MICROS;
        for (int i = 0; i < chunksPerInterval; i++) {
            appendChunk();
        }
        for (int i = 0; i < CLOCK_STEPS; i++) {
            channel.advanceTimeBy(WRITE_INTERVAL_MILLIS * 1000 / CLOCK_STEPS, TimeUnit.MICROSECONDS);
            channel.runScheduledPendingTasks();
        }
        return releaseWritten();
    }

    private void appendChunk() {
        if (icy && chunks % TITLE_EVERY_CHUNKS == 0) {
            mount.updateMetadata("Artist - Title " + chunks, null);
        }
        chunks++;
        buffer.append(frames.retainedSlice(), BufferAppendBenchmark.CHUNK_MICROS, mount.metadata(), false);
    }

    private long releaseWritten() {
        long bytes = 0;
        for (Object written; (written = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) written;
            bytes += buf.readableBytes();
            buf.release();
        }
        return bytes;
    }
}
