package org.airwave.transcode;

import io.netty.buffer.Unpooled;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A scripted source: pushes bytes into a {@link SourceFeed} in network-sized pieces, optionally at
 * a steady byte rate, honouring back-pressure the way the ingest side does (stop on a refused offer,
 * continue when the resume callback runs).
 */
final class FileFeeder {

    static final int PIECE_BYTES = 1400;

    private final Semaphore resumed = new Semaphore(0);

    /** The resume callback to pass to {@code attach}. */
    Runnable resume() {
        return resumed::release;
    }

    /** Offers every byte as fast as the feed takes them. */
    void feedAll(SourceFeed feed, byte[] data) throws InterruptedException {
        feedPaced(feed, data, 0);
    }

    /** Offers the bytes in {@link #PIECE_BYTES} pieces at {@code bytesPerSecond} (0: as fast as accepted). */
    long[] feedPaced(SourceFeed feed, byte[] data, double bytesPerSecond) throws InterruptedException {
        return feedPaced(feed, data, bytesPerSecond, PIECE_BYTES);
    }

    /**
     * Offers the bytes in pieces of {@code pieceBytes} at {@code bytesPerSecond} (0: as fast as
     * accepted). Returns the {@link System#nanoTime()} at which each piece was offered, by piece index.
     */
    long[] feedPaced(SourceFeed feed, byte[] data, double bytesPerSecond, int pieceBytes)
            throws InterruptedException {
        int pieces = (data.length + pieceBytes - 1) / pieceBytes;
        long[] offeredAt = new long[pieces];
        long start = System.nanoTime();
        for (int piece = 0; piece < pieces; piece++) {
            int offset = piece * pieceBytes;
            if (bytesPerSecond > 0) {
                long due = start + (long) (offset / bytesPerSecond * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            offeredAt[piece] = System.nanoTime();
            int length = Math.min(pieceBytes, data.length - offset);
            if (!feed.offer(Unpooled.wrappedBuffer(data, offset, length))) {
                if (!resumed.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("feed never resumed after refusing bytes");
                }
            }
        }
        return offeredAt;
    }
}
