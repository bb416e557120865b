package org.airwave.core.mount;

/**
 * An input that plays on a mount only while no live source does (a playlist): a live source takes
 * the mount from it at once, and it takes the mount back when the live source leaves.
 *
 * <p>Threading: both calls come from the thread of the live source that connects or leaves; they
 * must not block, only hand the work to the fallback's own thread.
 */
public interface FallbackInput {

    /** A live source now holds the mount: stop writing and end the fallback's session. */
    void yieldToLive();

    /** The live source left: claim the mount again and carry on. */
    void resume();
}
