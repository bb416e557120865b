package org.airwave.transcode;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.javacpp.BytePointer;

/**
 * One source's bytes on their way into a {@link MountTranscoder}: a bounded queue between the
 * network side, which {@link #offer}s what it reads, and the transcoder's decoder thread.
 *
 * <p>Lifecycle: made by {@link MountTranscoder#attach}; the network side offers bytes, then calls
 * {@link #end()} when the source leaves (the decoder still plays what is queued). Attaching the next
 * source, or closing the transcoder, discards whatever is still queued.
 *
 * <p>Back-pressure: {@link #offer} never blocks and always takes the bytes, but returns false once
 * {@link TranscoderSettings#maxQueuedSourceBytes()} are queued: the network side should then stop
 * reading (turn {@code autoRead} off) until the resume callback given to {@code attach} runs, which
 * happens on the decoder thread once the queue has drained to half. Bytes offered beyond twice the
 * limit (a caller that ignored the signal) are dropped and counted.
 *
 * <p>Threading: {@link #offer} and {@link #end} from any one thread at a time (the source's event
 * loop); the read side only from the transcoder's decoder thread. The lock guards the queue only and
 * is never held while calling out.
 */
public final class SourceFeed {

    private final String contentType;
    private final int maxQueuedBytes;
    private final Runnable resumeReading;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();

    private volatile long queuedBytes;
    private volatile long droppedBytes;
    private volatile long consumedBytes;
    private boolean ended;
    private boolean discarded;
    private boolean refused;

    SourceFeed(String contentType, int maxQueuedBytes, Runnable resumeReading) {
        this.contentType = contentType;
        this.maxQueuedBytes = maxQueuedBytes;
        this.resumeReading = resumeReading;
    }

    /**
     * Queues source bytes for decoding; ownership of {@code bytes} passes to the feed.
     *
     * @return false when the queue is full and the caller should pause reading until the resume
     *     callback runs (the bytes were still taken), or when the feed no longer accepts bytes
     */
    public boolean offer(ByteBuf bytes) {
        int length = bytes.readableBytes();
        lock.lock();
        try {
            if (ended || discarded) {
                bytes.release();
                return false;
            }
            if (queuedBytes + length > 2L * maxQueuedBytes) {
                droppedBytes += length;
                bytes.release();
                refused = true;
                return false;
            }
            if (length > 0) {
                queue.addLast(bytes);
                queuedBytes += length;
                readable.signal();
            } else {
                bytes.release();
            }
            if (queuedBytes >= maxQueuedBytes) {
                refused = true;
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The source left: the decoder plays out what is queued, then the encoders fall back to silence. */
    public void end() {
        lock.lock();
        try {
            ended = true;
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    public String contentType() {
        return contentType;
    }

    /** Bytes waiting for the decoder. */
    public long queuedBytes() {
        return queuedBytes;
    }

    /** Bytes dropped because the caller kept offering past twice the limit. */
    public long droppedBytes() {
        return droppedBytes;
    }

    /** Bytes the decoder has read so far. */
    long consumedBytes() {
        return consumedBytes;
    }

    /** Drops whatever is queued and makes the read side see the end at once. Any thread. */
    void discard() {
        lock.lock();
        try {
            discarded = true;
            ended = true;
            releaseQueued();
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the source ended and the decoder has read everything it sent. */
    boolean isExhausted() {
        lock.lock();
        try {
            return ended && queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next queued bytes (ownership passes to the caller), waiting while none are queued.
     * Decoder thread only.
     *
     * @return the bytes, or null at the end of the source
     */
    ByteBuf take() throws InterruptedException {
        ByteBuf head;
        boolean resume = false;
        lock.lock();
        try {
            while (queue.isEmpty() && !ended) {
                readable.await();
            }
            head = queue.pollFirst();
            if (head != null) {
                queuedBytes -= head.readableBytes();
                consumedBytes += head.readableBytes();
                resume = shouldResume();
            }
        } finally {
            lock.unlock();
        }
        if (resume) {
            resumeReading.run();
        }
        return head;
    }

    /**
     * Copies up to {@code size} queued bytes into {@code target}, waiting while none are queued.
     * Decoder thread only.
     *
     * @return the number of bytes copied, or -1 at the end of the source
     */
    int read(BytePointer target, int size) throws InterruptedException {
        int copied = 0;
        boolean resume = false;
        lock.lock();
        try {
            while (queue.isEmpty() && !ended) {
                readable.await();
            }
            target.capacity(size);
            while (copied < size && !queue.isEmpty()) {
                ByteBuf head = queue.peekFirst();
                int length = Math.min(size - copied, head.readableBytes());
                head.readBytes(target.position(copied).limit(copied + (long) length).asByteBuffer());
                copied += length;
                if (!head.isReadable()) {
                    queue.removeFirst().release();
                }
            }
            target.position(0);
            queuedBytes -= copied;
            consumedBytes += copied;
            resume = shouldResume();
        } finally {
            lock.unlock();
        }
        if (resume) {
            resumeReading.run();
        }
        return copied == 0 ? -1 : copied;
    }

    /** Under the lock: whether the queue drained enough after refusing bytes to ask for more. */
    private boolean shouldResume() {
        if (refused && queuedBytes <= maxQueuedBytes / 2) {
            refused = false;
            return true;
        }
        return false;
    }

    private void releaseQueued() {
        ByteBuf buf;
        while ((buf = queue.pollFirst()) != null) {
            buf.release();
        }
        queuedBytes = 0;
    }
}
