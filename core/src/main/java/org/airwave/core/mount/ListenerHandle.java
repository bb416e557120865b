package org.airwave.core.mount;

import java.time.Instant;

/**
 * What the rest of the server may see of and do to one connected listener (admin pages, status,
 * metrics): identity, counters, the two admin actions, and the end at shutdown. Implemented by the serve module's
 * listener connection.
 *
 * <p>Threading: getters may be called from any thread and return recent values; {@link #kick()},
 * {@link #serverStopping()} and {@link #moveTo(Mount)} hand the work to the listener's own event loop and return at once.
 */
public interface ListenerHandle {

    /** Server-wide unique id, stable for the connection's life (Icecast's client id). */
    long id();

    /** The listener's address as "ip:port". */
    String remoteAddress();

    String userAgent();

    Instant connectedAt();

    /** Audio (and metadata) bytes written to the listener so far. */
    long bytesSent();

    /** The mount the listener currently plays. */
    Mount mount();

    /** The rendition it plays: a transcoded one's name, or "source" for the source's own stream. */
    String rendition();

    /** Disconnects the listener (admin kill). */
    void kick();

    /**
     * Ends the listener's stream because the server stops: what was handed to its socket goes out,
     * then the connection closes cleanly.
     */
    void serverStopping();

    /**
     * Moves the listener to another mount's stream without disconnecting it (admin move);
     * returns false when the destination has nothing to play.
     */
    boolean moveTo(Mount destination);
}
