package org.airwave.core.stats;

/** Why a request or connection was refused (the {@code reason} tag of rejection metrics). */
public enum RejectReason {
    /** Malformed request line, header or login. */
    BAD_REQUEST,
    /** A request line or headers over their named limit. */
    TOO_LARGE,
    /** A method this port does not answer. */
    METHOD_NOT_ALLOWED,
    /** No such mount or resource. */
    NOT_FOUND,
    /** Missing or wrong credentials. */
    AUTH,
    /** A login refused unchecked: its address failed too often (limits.auth-failures-before-block). */
    AUTH_BLOCKED,
    /** A mount already has a live source. */
    MOUNT_IN_USE,
    /** A named limit on sources or listeners was reached. */
    LIMIT,
    /** A stream type that cannot be served. */
    UNSUPPORTED_TYPE,
    /** A client that sent no complete head in time, or a source that went silent. */
    TIMEOUT,
    /** A source that sent no audio of its declared type. */
    NOT_AUDIO,
    /** A connection limit (per client address or in all) was reached: closed at accept. */
    CONNECTION_LIMIT,
    /** No file descriptor was left to accept a connection: closed at accept. */
    NO_DESCRIPTORS,
    /** A request whose handler failed with an unexpected error (answered 500, or closed). */
    ERROR
}
