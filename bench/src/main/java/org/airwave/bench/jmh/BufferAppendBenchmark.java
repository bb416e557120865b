package org.airwave.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import org.airwave.core.stream.StreamMetadata;
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
 * The writer's side of the fan-out: one {@link BroadcastBuffer#append} of a 100 ms chunk of a
 * 128 kbit/s stream (publication, eviction from a full 20 s window, burst point, wake-ups). The
 * wake-up cost grows with the subscriptions: {@code readers} = 1 or 2 is one subscription per
 * event loop (how listeners subscribe now), 19000 one per listener (as they did before).
 *
 * <p>Threading: JMH runs each benchmark on one thread, which is the buffer's writer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BufferAppendBenchmark {

    /** 100 ms of a 128 kbit/s stream. */
    static final int CHUNK_BYTES = 1600;
    static final long CHUNK_MICROS = 100_000;
    static final BufferLimits LIMITS = new BufferLimits(20_000_000, 8 << 20, 2_000_000, 8192);

    @Param({"1", "2", "19000"})
    int readers;

    private final AtomicLong wakeups = new AtomicLong();
    private BroadcastBuffer buffer;
    private ByteBuf frames;

    @Setup
    public void setUp() {
        buffer = new BroadcastBuffer(LIMITS);
        frames = Unpooled.directBuffer(CHUNK_BYTES).writeZero(CHUNK_BYTES);
        for (int i = 0; i < readers; i++) {
            buffer.subscribe(wakeups::incrementAndGet);
        }
        for (int i = 0; i < 400; i++) {
            append();
        }
    }

    @TearDown
    public void tearDown() {
        buffer.end();
        frames.release();
    }

    @Benchmark
    public long append() {
        buffer.append(frames.retainedSlice(), CHUNK_MICROS, StreamMetadata.EMPTY, false);
        return wakeups.get();
    }
}
