package org.airwave.core.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The recent output of one rendition as a window of shared {@link Chunk}s, read by any number of
 * listeners through their own {@link ListenerCursor}.
 *
 * <p>Threading: exactly one writer thread calls {@link #append}, {@link #end}; readers on any
 * thread read published chunks without locks (sequence numbers are published through volatile
 * fields and every read re-checks the chunk's sequence and reference count). Appending never
 * blocks: it wakes each subscribed {@link Reader}, which must hand the work to its own thread.
 *
 * <p>Ownership: the buffer owns every chunk in its window and releases it when it leaves the
 * window (by duration, bytes or count) or when the buffer is ended and its last reader leaves.
 */
public final class BroadcastBuffer {

    /** Woken on the writer's thread after each append and at the end; must not block. */
    public interface Reader {
        void onAppend();
    }

    private final BufferLimits limits;
    private final Chunk[] ring;
    private final int mask;
    private final Set<Reader> readers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean released = new AtomicBoolean();

    private volatile long head;
    private volatile long tail;
    private volatile long burstSeq;
    private volatile boolean ended;
    private volatile Chunk streamHeader;

    private long windowBytes;
    private volatile long streamMicros;
    private long totalBytes;

    public BroadcastBuffer(BufferLimits limits) {
        this.limits = limits;
        int capacity = Integer.highestOneBit(limits.maxChunks() - 1) << 1;
        this.ring = new Chunk[capacity];
        this.mask = capacity - 1;
    }

    /**
     * Publishes whole frames as the next chunk and wakes the readers. Writer thread only.
     *
     * @param data the frames; ownership passes to the buffer. Chunks live off-heap (listener
     *             sockets are handed their memory): heap data is copied once, here
     * @param durationMicros their playing time
     * @param metadata the metadata current for them
     * @param isStreamHeader whether they are stream headers every new listener needs first (Ogg)
     */
    public void append(ByteBuf data, long durationMicros, StreamMetadata metadata, boolean isStreamHeader) {
        if (ended) {
            data.release();
            throw new IllegalStateException("append after end");
        }
        if (!data.isDirect()) {
            data = offHeap(data);
        }
        long seq = head;
        Chunk chunk = new Chunk(seq, data, streamMicros, durationMicros, metadata, isStreamHeader);
        if (seq - tail >= ring.length) {
            evictTail();
        }
        ring[(int) (seq & mask)] = chunk;
        streamMicros += durationMicros;
        windowBytes += chunk.length();
        totalBytes += chunk.length();
        if (isStreamHeader && chunk.tryRetain()) {
            Chunk previous = streamHeader;
            streamHeader = chunk;
            if (previous != null) {
                previous.release();
            }
        }
        head = seq + 1;
        evictBeyondLimits();
        advanceBurstPoint();
        wakeReaders();
    }

    /** Marks the end of the stream: readers drain what is left, then see {@link ListenerCursor#isAtEnd()}. */
    public void end() {
        ended = true;
        wakeReaders();
        if (readers.isEmpty()) {
            releaseAll();
        }
    }

    public boolean isEnded() {
        return ended;
    }

    /** Registers a reader to be woken on appends; returns a cursor at the burst point. */
    public ListenerCursor subscribe(Reader reader) {
        readers.add(reader);
        return cursorAtBurstPoint();
    }

    /**
     * A cursor at the burst point for one more listener woken through a {@link Reader} that is
     * already subscribed on its behalf (one subscription can wake many cursors, e.g. all the
     * listeners of one event loop). The subscription must outlive the cursor's use.
     */
    public ListenerCursor cursorAtBurstPoint() {
        return new ListenerCursor(this, burstSeq);
    }

    /** Stops waking the reader; the last reader of an ended buffer releases its chunks. */
    public void unsubscribe(Reader reader) {
        readers.remove(reader);
        if (ended && readers.isEmpty()) {
            releaseAll();
        }
    }

    public int readerCount() {
        return readers.size();
    }

    public BufferLimits limits() {
        return limits;
    }

    /** Sequence number the next chunk will get; chunks below it are published. */
    public long head() {
        return head;
    }

    /** Oldest sequence still in the window. */
    public long tail() {
        return tail;
    }

    /** Where a new listener starts: the newest chunk with at least the burst duration after it. */
    public long burstPoint() {
        return burstSeq;
    }

    /** Total audio time appended so far, in microseconds; read from any thread (published with each append). */
    public long streamMicros() {
        return streamMicros;
    }

    /** Bytes appended since the buffer was made (for metrics); read from any thread, may lag. */
    public long totalBytes() {
        return totalBytes;
    }

    /**
     * The chunk with that sequence, retained (the caller releases it), or null when it is not (or no
     * longer) in the window.
     */
    Chunk retain(long seq) {
        if (seq < tail || seq >= head) {
            return null;
        }
        Chunk chunk = ring[(int) (seq & mask)];
        if (chunk == null || chunk.sequence() != seq || !chunk.tryRetain()) {
            return null;
        }
        return chunk;
    }

    /**
     * Hands the window's audio, oldest first, to {@code sink} as retained duplicates (the sink owns
     * each): the stream header first when it has left the window, then every chunk in it. Stops at the
     * first the sink refuses (returns false). Writer thread only: for a consumer that starts after the
     * stream did and needs what it missed (a transcoder cannot decode Ogg without its header pages).
     *
     * @return false if the sink refused one
     */
    public boolean replayWindow(Predicate<ByteBuf> sink) {
        Chunk header = streamHeader;
        if (header != null && header.sequence() < tail && !sink.test(header.data().retainedDuplicate())) {
            return false;
        }
        for (long seq = tail; seq < head; seq++) {
            if (!sink.test(ring[(int) (seq & mask)].data().retainedDuplicate())) {
                return false;
            }
        }
        return true;
    }

    /** The current stream-header chunk (Ogg), retained, or null. */
    Chunk retainStreamHeader() {
        Chunk header = streamHeader;
        return header != null && header.tryRetain() ? header : null;
    }

    private void evictBeyondLimits() {
        while (head - tail > 1) {
            Chunk oldest = ring[(int) (tail & mask)];
            boolean tooOld = streamMicros - oldest.endMicros() > limits.windowMicros();
            boolean tooBig = windowBytes > limits.maxBytes();
            if (!tooOld && !tooBig) {
                return;
            }
            evictTail();
        }
    }

    private void evictTail() {
        int index = (int) (tail & mask);
        Chunk oldest = ring[index];
        ring[index] = null;
        windowBytes -= oldest.length();
        tail = tail + 1;
        if (burstSeq < tail) {
            burstSeq = tail;
        }
        oldest.release();
    }

    private void advanceBurstPoint() {
        long point = Math.max(burstSeq, tail);
        while (point < head - 1) {
            Chunk candidate = ring[(int) ((point + 1) & mask)];
            if (streamMicros - candidate.startMicros() < limits.burstMicros()) {
                break;
            }
            point++;
        }
        burstSeq = point;
    }

    private void wakeReaders() {
        for (Reader reader : readers) {
            reader.onAppend();
        }
    }

    private void releaseAll() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        for (long seq = tail; seq < head; seq++) {
            int index = (int) (seq & mask);
            Chunk chunk = ring[index];
            ring[index] = null;
            if (chunk != null) {
                chunk.release();
            }
        }
        tail = head;
        burstSeq = head;
        Chunk header = streamHeader;
        streamHeader = null;
        if (header != null) {
            header.release();
        }
    }

    private static ByteBuf offHeap(ByteBuf heap) {
        try {
            return ByteBufAllocator.DEFAULT.directBuffer(heap.readableBytes()).writeBytes(heap);
        } finally {
            heap.release();
        }
    }
}
