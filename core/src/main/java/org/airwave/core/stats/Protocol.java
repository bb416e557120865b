package org.airwave.core.stats;

import java.util.List;

/**
 * How an input reached a mount, or which kind of request a refusal was counted under: the
 * {@code protocol} tag of the source and rejection metrics and the {@code protocol} of the status
 * pages, whose values {@link #tag()} keeps.
 *
 * <p>Immutable; safe from any thread.
 */
public enum Protocol {
    /** An Icecast source client ({@code PUT} or {@code SOURCE}); also its refused logins. */
    ICECAST("icecast"),
    /** A SHOUTcast v1 source client on port+1; also its refused logins. */
    SHOUTCAST("shoutcast"),
    /** A relay pulling from an upstream server. */
    RELAY("relay"),
    /** One of Airwave's own playlists. */
    PLAYLIST("playlist"),
    /** A fallback mount's stream standing in for a missing source. */
    FALLBACK("fallback"),
    /** Listener, page, status, admin and metadata requests (refusals only; never a source). */
    HTTP("http");

    /** The inputs a mount can have, in the order their meters are registered. */
    public static final List<Protocol> SOURCES = List.of(ICECAST, SHOUTCAST, RELAY, PLAYLIST, FALLBACK);
    /** The protocols refused requests are reported under, in the order their meters are registered. */
    public static final List<Protocol> REQUESTS = List.of(ICECAST, SHOUTCAST, HTTP);

    private final String tag;

    Protocol(String tag) {
        this.tag = tag;
    }

    /** The lowercase value of metric tags and status pages, e.g. "icecast". */
    public String tag() {
        return tag;
    }

    /** The {@link #tag()}, so that logs read as before. */
    @Override
    public String toString() {
        return tag;
    }
}
