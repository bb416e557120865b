package org.airwave.bench;

/**
 * How one soak listener's session ended. Every outcome but {@link #KEPT_LISTENING} and
 * {@link #ENDED_WITH_SOURCE} is a disturbed listener: the server let it down.
 */
enum ListenerOutcome {
    /** Listened its whole time at full rate, without a stall, with valid metadata. */
    KEPT_LISTENING,
    /** A passthrough listener whose stream ended because the program source left (by design). */
    ENDED_WITH_SOURCE,
    /** Refused (not 200) or closed by the server before its time was up. */
    CLOSED_BY_SERVER,
    /** No audio byte before its time was up, or the connection failed. */
    NO_AUDIO,
    /** A gap of more than 2 s without audio. */
    STALLED,
    /** Fewer audio bytes than 95 % of real time at its stream's bitrate. */
    BELOW_RATE,
    /** An invalid ICY metadata block. */
    BAD_METADATA;

    boolean disturbed() {
        return this != KEPT_LISTENING && this != ENDED_WITH_SOURCE;
    }
}
