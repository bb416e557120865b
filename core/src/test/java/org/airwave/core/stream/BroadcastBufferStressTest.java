package org.airwave.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One writer appends as fast as it can to a buffer whose window is so small that every append
 * evicts, while readers on their own threads read through their cursors, two of them falling
 * behind on purpose while holding a chunk. Every long of a chunk's data is its sequence number, so
 * a reader that touched a released chunk (whose pooled memory the writer reuses at once) would
 * read another number. Each reader sees contiguous sequence numbers except across a skip it made
 * after its cursor reported lagging; at the end every chunk's data is released (refCnt 0, no
 * double release, no leak under paranoid detection). Bounded in time.
 */
@Timeout(60)
class BroadcastBufferStressTest {

    private static final Duration RUN = Duration.ofSeconds(2);
    private static final int MAX_CHUNKS_APPENDED = 200_000;
    private static final int MIN_CHUNKS_APPENDED = 1_000;
    private static final int CHUNK_BYTES = 8 * Long.BYTES;
    private static final long CHUNK_MICROS = 1_000;
    /**
     * 16 ms window of 1 ms chunks: about 16 chunks kept, one evicted per append. The burst is as
     * long as the window, so a reader that starts or skips lands on the oldest chunk, the one the
     * writer evicts next: the race between {@code tryRetain} and the eviction is run constantly.
     */
    private static final BufferLimits LIMITS = new BufferLimits(16_000, 1 << 20, 16_000, 32);
    private static final int KEEPING_UP = 4;
    private static final int LAGGING = 2;
    /** A lagging reader holds every this-many-th chunk until the window has left it behind. */
    private static final int HOLD_EVERY = 40;

    private final BroadcastBuffer buffer = new BroadcastBuffer(LIMITS);
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

    @Test
    void readersRacingEvictionOnlyEverSeeLiveChunksInOrderAndEveryChunkIsReleasedOnce() throws Exception {
        CountDownLatch subscribed = new CountDownLatch(KEEPING_UP + LAGGING);
        List<StressReader> readers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < KEEPING_UP + LAGGING; i++) {
            StressReader reader = new StressReader(i >= KEEPING_UP, subscribed);
            readers.add(reader);
            threads.add(start("stress-reader-" + i, reader));
        }
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).as("readers subscribed").isTrue();
        List<ByteBuf> appended = new ArrayList<>();
        Thread writer = start("stress-writer", () -> write(appended));

        writer.join();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(thread.isAlive()).as("%s drained the ended buffer", thread.getName()).isFalse();
        }
        rethrowFirstFailure();

        assertThat(buffer.readerCount()).isZero();
        for (ByteBuf data : appended) {
            assertThat(data.refCnt()).as("chunk data released").isZero();
        }
        for (StressReader reader : readers) {
            assertThat(reader.chunksRead).as("chunks read").isPositive();
            if (reader.lagging) {
                assertThat(reader.heldThroughEviction).as("chunks held while evicted").isPositive();
                assertThat(reader.skips).as("skips to the burst point").isPositive();
            }
        }
    }

    /**
     * Writer thread: appends numbered chunks until the run's time is up (but at least the minimum,
     * so that a loaded machine still evicts often) or a reader failed, then ends the stream.
     */
    private void write(List<ByteBuf> appended) {
        long deadline = System.nanoTime() + RUN.toNanos();
        byte[] content = new byte[CHUNK_BYTES];
        for (long seq = 0; seq < MAX_CHUNKS_APPENDED; seq++) {
            boolean timeUp = seq >= MIN_CHUNKS_APPENDED && System.nanoTime() >= deadline;
            if (timeUp || !failures.isEmpty()) {
                break;
            }
            fill(content, seq);
            ByteBuf data = PooledByteBufAllocator.DEFAULT.directBuffer(CHUNK_BYTES).writeBytes(content);
            appended.add(data);
            buffer.append(data, CHUNK_MICROS, StreamMetadata.EMPTY, false);
        }
        buffer.end();
    }

    private Thread start(String name, Runnable task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } catch (Throwable failure) {
                failures.add(failure);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void rethrowFirstFailure() {
        Throwable first = failures.poll();
        if (first != null) {
            failures.forEach(first::addSuppressed);
            throw new AssertionError("a writer or reader thread failed", first);
        }
    }

    private static void fill(byte[] content, long seq) {
        ByteBuffer longs = ByteBuffer.wrap(content);
        while (longs.hasRemaining()) {
            longs.putLong(seq);
        }
    }

    /** The sequence number every long of the chunk's data carries. */
    private static void assertCarries(Chunk chunk, long seq) {
        ByteBuf data = chunk.data();
        assertThat(data.refCnt()).as("refCnt of chunk %d", seq).isPositive();
        byte[] content = new byte[CHUNK_BYTES];
        data.getBytes(data.readerIndex(), content);
        ByteBuffer longs = ByteBuffer.wrap(content);
        while (longs.hasRemaining()) {
            assertThat(longs.getLong()).as("content of chunk %d", seq).isEqualTo(seq);
        }
    }

    /**
     * One listener on its own thread, woken by the writer through {@link LockSupport#unpark}. Its
     * fields are read by the test thread only after joining it.
     */
    private final class StressReader implements Runnable, BroadcastBuffer.Reader {

        final boolean lagging;
        private final CountDownLatch subscribed;
        private volatile Thread thread;
        long chunksRead;
        long skips;
        long heldThroughEviction;
        private long lastSeq = -1;
        private boolean skipped;

        StressReader(boolean lagging, CountDownLatch subscribed) {
            this.lagging = lagging;
            this.subscribed = subscribed;
        }

        @Override
        public void onAppend() {
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            ListenerCursor cursor = buffer.subscribe(this);
            subscribed.countDown();
            try {
                while (failures.isEmpty()) {
                    Chunk chunk = cursor.next();
                    if (chunk != null) {
                        try {
                            check(chunk, cursor);
                        } finally {
                            chunk.release();
                        }
                    } else if (cursor.isLagging()) {
                        cursor.skipToBurstPoint();
                        skipped = true;
                        skips++;
                    } else if (cursor.isAtEnd()) {
                        return;
                    } else {
                        LockSupport.park(this);
                    }
                }
            } finally {
                buffer.unsubscribe(this);
            }
        }

        private void check(Chunk chunk, ListenerCursor cursor) {
            long seq = chunk.sequence();
            assertCarries(chunk, seq);
            if (lastSeq >= 0) {
                if (skipped) {
                    assertThat(seq).as("first chunk after a skip").isGreaterThan(lastSeq + 1);
                } else {
                    assertThat(seq).as("chunk after %d", lastSeq).isEqualTo(lastSeq + 1);
                }
            }
            lastSeq = seq;
            skipped = false;
            chunksRead++;
            if (lagging && chunksRead % HOLD_EVERY == 0) {
                while (!cursor.isBehindWindow() && !buffer.isEnded()) {
                    LockSupport.park(this);
                }
                assertCarries(chunk, seq);
                heldThroughEviction++;
            }
        }
    }
}
