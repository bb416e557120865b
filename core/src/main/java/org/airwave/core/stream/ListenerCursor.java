package org.airwave.core.stream;

/**
 * One listener's position in a {@link BroadcastBuffer}: a sequence number and a flag, nothing
 * more (per-listener memory is a cursor, not a buffer).
 *
 * <p>Threading: owned by one listener and used only on its thread (its event loop).
 */
public final class ListenerCursor {

    private final BroadcastBuffer buffer;
    private long next;
    private boolean lagging;
    private boolean headerPending;

    ListenerCursor(BroadcastBuffer buffer, long start) {
        this.buffer = buffer;
        this.next = start;
        this.headerPending = true;
    }

    /**
     * The next chunk for this listener, retained (the caller releases it after writing it), or null
     * when there is none yet or the listener fell out of the window ({@link #isLagging()}).
     * The first call on an Ogg stream yields the stream headers if the burst does not contain them.
     */
    public Chunk next() {
        if (headerPending) {
            headerPending = false;
            Chunk header = buffer.retainStreamHeader();
            if (header != null) {
                if (header.sequence() < next) {
                    return header;
                }
                header.release();
            }
        }
        if (next >= buffer.head()) {
            return null;
        }
        Chunk chunk = buffer.retain(next);
        if (chunk == null) {
            lagging = true;
            return null;
        }
        next++;
        return chunk;
    }

    /** Whether the listener fell behind the window: its next chunk was already evicted. */
    public boolean isLagging() {
        return lagging;
    }

    /**
     * Whether the listener's next chunk already left the window, even though it has not tried to
     * read it (a listener whose socket stopped draining).
     */
    public boolean isBehindWindow() {
        return next < buffer.tail();
    }

    /**
     * Moves a lagging listener to the burst point (the skip policy). Stream headers are not sent
     * again: the listener's decoder already has them.
     */
    public void skipToBurstPoint() {
        lagging = false;
        next = Math.max(buffer.burstPoint(), buffer.tail());
        headerPending = false;
    }

    /**
     * Whether the stream ended and this listener received everything it still can (what is left
     * of an ended stream may already have been released).
     */
    public boolean isAtEnd() {
        return buffer.isEnded() && (next >= buffer.head() || next < buffer.tail());
    }
}
