package org.airwave.core.stats;

/** Why a listener connection ended (the {@code reason} tag of listener disconnect metrics). */
public enum ListenerExit {
    /** The listener closed the connection or it broke. */
    CLIENT_LEFT,
    /** The listener fell behind the buffer window and the lag policy dropped it. */
    SLOW,
    /** An administrator disconnected it. */
    KICKED,
    /** The source of a passthrough stream left and the listener got everything buffered. */
    SOURCE_ENDED
}
