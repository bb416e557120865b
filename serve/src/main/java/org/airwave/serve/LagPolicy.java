package org.airwave.serve;

/** What happens to a listener that falls behind the buffer window ({@code listeners.lag-policy}). */
public enum LagPolicy {
    /** Jump to the burst point and keep playing (the default: the listener hears a skip, not silence). */
    SKIP,
    /** Close the connection, as Icecast does when a client exceeds its queue. */
    DROP
}
