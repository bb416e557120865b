package org.airwave.core.stats;

/** Why a listener connection ended (the {@code reason} tag of listener disconnect metrics). */
public enum ListenerExit {
    /** The listener closed the connection or it broke. */
    CLIENT_LEFT,
    /** The listener fell behind the buffer window and the lag policy dropped it. */
    SLOW,
    /** An administrator disconnected it. */
    KICKED,
    /**
     * The stream ended and the listener got everything buffered: the source of a passthrough stream
     * left, or the mount ended.
     */
    SOURCE_ENDED,
    /** The server stopped; the listener got what was handed to its socket, then a clean close. */
    SERVER_STOPPED
}
