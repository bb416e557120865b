package org.airwave.serve.status;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * What the status endpoints need from the configuration and the running server; each field names
 * its source.
 *
 * @param clock the time source (tests pass a fixed clock)
 * @param serverStart when the server started ({@code server_start} in Icecast's stats, uptime)
 * @param publicHost {@code server.public-host} (or bind:port): host:port of absolute URLs when a
 *     request has no usable {@code Host} header
 * @param maxListeners {@code limits.max-listeners}: reported as SHOUTcast's {@code MAXLISTENERS}
 * @param shoutcastSids {@code shoutcast.sids}: SHOUTcast stream ids ({@code /stats?sid=N}) to mounts
 */
public record StatusSettings(Clock clock, Instant serverStart, String publicHost, int maxListeners,
                             Map<Integer, String> shoutcastSids) {

    public StatusSettings {
        shoutcastSids = Map.copyOf(shoutcastSids);
    }
}
