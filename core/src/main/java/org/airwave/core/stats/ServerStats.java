package org.airwave.core.stats;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide counters that belong to no mount: refused requests by reason and by {@link Protocol}
 * (HTTP for listeners and admin requests; PLAYLIST for a playlist track that is not audio).
 *
 * <p>Threading: any thread; counters are {@link LongAdder}s, cheap under contention.
 */
public final class ServerStats {

    /** Filled in the constructor and never changed after, so any thread may read it. */
    private final Map<Protocol, Map<RejectReason, LongAdder>> rejections = new EnumMap<>(Protocol.class);

    public ServerStats() {
        for (Protocol protocol : Protocol.values()) {
            Map<RejectReason, LongAdder> counts = new EnumMap<>(RejectReason.class);
            for (RejectReason reason : RejectReason.values()) {
                counts.put(reason, new LongAdder());
            }
            rejections.put(protocol, counts);
        }
    }

    /** Counts one refusal. */
    public void rejected(Protocol protocol, RejectReason reason) {
        rejections.get(protocol).get(reason).increment();
    }

    public long rejections(Protocol protocol, RejectReason reason) {
        return rejections.get(protocol).get(reason).sum();
    }
}
