package org.airwave.core.stream;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * An immutable run of whole audio frames in a {@link BroadcastBuffer}: the unit every listener
 * writes, shared and never copied.
 *
 * <p>Ownership: the chunk owns one reference to its {@link ByteBuf}. The buffer holds the chunk
 * while it is in the window and releases it on eviction. A reader must {@link #tryRetain()}
 * before touching the data and {@link #release()} afterwards; {@code tryRetain} fails once the
 * chunk was evicted and released, which makes it safe to race the writer without a lock (chunk
 * objects are never recycled, so a stale reference cannot alias a newer chunk).
 *
 * <p>Threading: the data is written once before publication and read-only afterwards; the
 * reference count is atomic.
 */
public final class Chunk {

    private static final AtomicIntegerFieldUpdater<Chunk> REFS =
            AtomicIntegerFieldUpdater.newUpdater(Chunk.class, "refs");

    private final long sequence;
    private final ByteBuf data;
    private final long startMicros;
    private final long durationMicros;
    private final StreamMetadata metadata;
    private final boolean streamHeader;
    private volatile int refs = 1;

    /**
     * @param sequence position in the buffer, growing by one per chunk
     * @param data whole frames; ownership passes to the chunk
     * @param startMicros stream time of the first frame since the buffer started
     * @param durationMicros playing time of the frames
     * @param metadata the metadata current when the chunk was made
     * @param streamHeader whether the chunk holds stream headers (Ogg) that a decoder needs first
     */
    public Chunk(long sequence, ByteBuf data, long startMicros, long durationMicros,
                 StreamMetadata metadata, boolean streamHeader) {
        this.sequence = sequence;
        this.data = data;
        this.startMicros = startMicros;
        this.durationMicros = durationMicros;
        this.metadata = metadata;
        this.streamHeader = streamHeader;
    }

    public long sequence() {
        return sequence;
    }

    /** The frames, read-only; valid only between a successful {@link #tryRetain()} and {@link #release()}. */
    public ByteBuf data() {
        return data;
    }

    public int length() {
        return data.readableBytes();
    }

    public long startMicros() {
        return startMicros;
    }

    public long durationMicros() {
        return durationMicros;
    }

    public long endMicros() {
        return startMicros + durationMicros;
    }

    public StreamMetadata metadata() {
        return metadata;
    }

    public boolean isStreamHeader() {
        return streamHeader;
    }

    /** Takes a reference unless the chunk was already released; returns whether it did. */
    public boolean tryRetain() {
        for (;;) {
            int current = refs;
            if (current <= 0) {
                return false;
            }
            if (REFS.compareAndSet(this, current, current + 1)) {
                return true;
            }
        }
    }

    /** Drops one reference; the last one releases the data. */
    public void release() {
        if (REFS.decrementAndGet(this) == 0) {
            data.release();
        }
    }

    /** A new buffer sharing the chunk's bytes, with its own reference (for a channel write). */
    public ByteBuf retainedData() {
        return data.retainedDuplicate();
    }
}
