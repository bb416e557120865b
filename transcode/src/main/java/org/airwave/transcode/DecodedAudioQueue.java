package org.airwave.transcode;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between a mount's decoder thread and its encoder thread, measured in audio
 * time: the decoder waits while {@code maxNanos} of decoded audio (or every slot) is queued, so a
 * source faster than real time backs up into its {@link SourceFeed} and from there to the network.
 *
 * <p>Threading: {@link #claim}/{@link #publish} from the decoder thread, {@link #poll}, {@link #take},
 * {@link #recycle}, {@link #sleep} from the encoder thread; {@link #close} from any thread wakes both. One lock
 * guards the deques; no native call runs under it.
 */
final class DecodedAudioQueue {

    private final long maxNanos;
    private final DecodedAudio[] slots;
    private final ArrayDeque<DecodedAudio> free;
    private final ArrayDeque<DecodedAudio> published;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition hasRoom = lock.newCondition();
    private final Condition hasAudio = lock.newCondition();
    private final Condition closing = lock.newCondition();

    private volatile long queuedNanos;
    private int queuedEnds;
    private boolean closed;

    DecodedAudioQueue(long maxNanos, int slotCount) {
        this.maxNanos = maxNanos;
        this.slots = new DecodedAudio[slotCount];
        this.free = new ArrayDeque<>(slotCount);
        this.published = new ArrayDeque<>(slotCount);
        for (int i = 0; i < slotCount; i++) {
            slots[i] = new DecodedAudio();
            free.add(slots[i]);
        }
    }

    /**
     * A free slot for the decoder to fill, waiting while the queue is full.
     *
     * @return the slot, or null once the queue is closed
     */
    DecodedAudio claim() throws InterruptedException {
        lock.lock();
        try {
            while (!closed && (free.isEmpty() || queuedNanos >= maxNanos)) {
                hasRoom.await();
            }
            return closed ? null : free.poll();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a filled slot for the encoder. */
    void publish(DecodedAudio slot) {
        lock.lock();
        try {
            published.add(slot);
            queuedNanos += slot.durationNanos;
            if (slot.kind == DecodedAudio.Kind.SOURCE_END) {
                queuedEnds++;
            }
            hasAudio.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest published slot, or null when none is queued. */
    DecodedAudio poll() {
        lock.lock();
        try {
            return removeFirst();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest published slot if it is audio and the rest of the queue still holds at least
     * {@code keepNanos}, else null: lets the encoder skip a backlog down to what it wants to keep.
     */
    DecodedAudio pollBeyond(long keepNanos) {
        lock.lock();
        try {
            DecodedAudio head = published.peek();
            if (head == null || head.kind != DecodedAudio.Kind.AUDIO || queuedNanos - head.durationNanos < keepNanos) {
                return null;
            }
            return removeFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest published slot, waiting for one; null once the queue is closed. */
    DecodedAudio take() throws InterruptedException {
        lock.lock();
        try {
            while (!closed && published.isEmpty()) {
                hasAudio.await();
            }
            return closed ? null : removeFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code nanos} or until the queue is closed (the paced encoder's sleep). */
    void sleep(long nanos) throws InterruptedException {
        lock.lock();
        try {
            if (!closed) {
                closing.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Hands a consumed (or unused claimed) slot back for reuse, dropping its frame data. */
    void recycle(DecodedAudio slot) {
        slot.clear();
        lock.lock();
        try {
            free.add(slot);
            hasRoom.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Decoded audio waiting for the encoders. */
    long queuedNanos() {
        return queuedNanos;
    }

    /** Whether a source-end marker is queued (a short source plays even below the prebuffer). */
    boolean holdsSourceEnd() {
        lock.lock();
        try {
            return queuedEnds > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes both threads for good; {@link #claim} and {@link #take} return null from now on. */
    void close() {
        lock.lock();
        try {
            closed = true;
            hasRoom.signalAll();
            hasAudio.signalAll();
            closing.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Frees every slot's native frame; only after both threads have stopped. */
    void free() {
        for (DecodedAudio slot : slots) {
            slot.clear();
            slot.free();
        }
    }

    private DecodedAudio removeFirst() {
        DecodedAudio slot = published.poll();
        if (slot != null) {
            queuedNanos -= slot.durationNanos;
            if (slot.kind == DecodedAudio.Kind.SOURCE_END) {
                queuedEnds--;
            }
        }
        return slot;
    }
}
