package org.airwave.core.mount;

/**
 * Which kind of input holds a mount, in the order they take precedence: a live source takes the
 * mount from a relay, a relay from a playlist, a playlist from a fallback mount; with none of them
 * the transcoders play silence.
 * Declared lowest first, so {@link #compareTo} orders by precedence.
 */
public enum InputPriority {
    /** Another mount's stream, played while this one has nothing else (Icecast's fallback-mount). */
    FALLBACK_MOUNT,
    /** Files played by Airwave (AutoDJ). */
    PLAYLIST,
    /** A stream pulled from another server. */
    RELAY,
    /** A source client that connected (Icecast PUT/SOURCE, SHOUTcast v1). */
    LIVE;

    /** Whether an input of this priority takes the mount from one of {@code holder}'s. */
    public boolean outranks(InputPriority holder) {
        return compareTo(holder) > 0;
    }
}
