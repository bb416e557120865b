package org.airwave.core.mount;

import org.airwave.core.stream.BroadcastBuffer;

/**
 * An input's hold on a mount: while it exists no input of the same or lower {@link InputPriority}
 * may claim the mount. The source session owns it and must call {@link #release()} exactly once when the source leaves
 * (normally or not); that ends the stream for the mount's passthrough listeners.
 *
 * <p>Threading: the buffer is written only by the source session's thread.
 */
public final class SourceClaim {

    private final Mount mount;
    private final SourceInfo info;
    private final BroadcastBuffer buffer;
    private final InputPriority priority;
    private volatile Runnable disconnector = () -> { };
    private volatile Runnable transcodingStarted = () -> { };

    SourceClaim(Mount mount, SourceInfo info, BroadcastBuffer buffer, InputPriority priority) {
        this.mount = mount;
        this.info = info;
        this.buffer = buffer;
        this.priority = priority;
    }

    /** The kind of input holding the mount; a higher priority may take it over. */
    public InputPriority priority() {
        return priority;
    }

    public Mount mount() {
        return mount;
    }

    public SourceInfo info() {
        return info;
    }

    /** The buffer the source writes its frame-aligned chunks into. */
    public BroadcastBuffer buffer() {
        return buffer;
    }

    /** Sets how {@link #kill()} disconnects the source (closing its connection, stopping its playlist). */
    public void onKill(Runnable disconnect) {
        this.disconnector = disconnect;
    }

    /** Sets what tells the source that the mount's transcoder started after it connected (any thread). */
    public void onTranscodingStarted(Runnable started) {
        this.transcodingStarted = started;
    }

    /** Called by the mount once its transcoder is running; runs the callback on the caller's thread. */
    void transcodingStarted() {
        transcodingStarted.run();
    }

    /**
     * Disconnects the source (admin kill): its session ends on its own thread, which releases the
     * claim. Returns at once.
     */
    public void kill() {
        disconnector.run();
    }

    /** Gives the mount up: listeners drain what is buffered, then are closed. */
    public void release() {
        mount.release(this);
    }
}
