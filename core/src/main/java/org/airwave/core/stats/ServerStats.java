package org.airwave.core.stats;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide counters that belong to no mount: refused requests by reason and by protocol
 * ("icecast", "shoutcast", "http" for listeners and admin requests; "playlist" for a playlist
 * track that is not audio).
 *
 * <p>Threading: any thread; counters are {@link LongAdder}s, cheap under contention.
 */
public final class ServerStats {

    /** Protocol tag values. */
    public static final String[] PROTOCOLS = {"icecast", "shoutcast", "http"};

    private final Map<String, Map<RejectReason, LongAdder>> rejections = new ConcurrentHashMap<>();

    public ServerStats() {
        for (String protocol : PROTOCOLS) {
            byReason(protocol);
        }
    }

    /** Counts one refusal. */
    public void rejected(String protocol, RejectReason reason) {
        byReason(protocol).get(reason).increment();
    }

    public long rejections(String protocol, RejectReason reason) {
        return byReason(protocol).get(reason).sum();
    }

    private Map<RejectReason, LongAdder> byReason(String protocol) {
        return rejections.computeIfAbsent(protocol, p -> {
            Map<RejectReason, LongAdder> counts = new EnumMap<>(RejectReason.class);
            for (RejectReason reason : RejectReason.values()) {
                counts.put(reason, new LongAdder());
            }
            return counts;
        });
    }
}
