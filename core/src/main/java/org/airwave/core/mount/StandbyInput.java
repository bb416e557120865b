package org.airwave.core.mount;

/**
 * An input that Airwave itself runs for a mount (a relay, a playlist) and that stands by while a
 * higher-priority input holds the mount: it is told to yield when one takes the mount over, and asked
 * to resume when the mount becomes free (see {@link Mount#standBy}).
 *
 * <p>Threading: both calls come from whatever thread changed the mount's holder (a source's event
 * loop, a playlist's thread); they must not block, only hand the work to the input's own thread.
 */
public interface StandbyInput {

    /** A higher-priority input now holds the mount: stop writing and end this input's session. */
    void yieldToHigher();

    /**
     * The mount is free: claim it again and carry on. An input that cannot play now (a relay whose
     * upstream is down) calls {@link Mount#passOn} so the next input below it is asked.
     */
    void resume();
}
