package org.airwave.monitoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.core.stats.ServerStats;

/**
 * Meters over the server-wide counters ({@link ServerStats}): refused requests by protocol and
 * reason. The stats are held by the mount registry (Micrometer holds them weakly).
 * Threading: {@link #bindTo} once; read on scrape from any thread.
 */
public final class ServerMeters implements MeterBinder {

    private final ServerStats stats;

    public ServerMeters(ServerStats stats) {
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Protocol protocol : Protocol.REQUESTS) {
            for (RejectReason reason : RejectReason.values()) {
                FunctionCounter.builder(AirwaveMeter.REQUESTS_REJECTED.meterName(), stats,
                                s -> s.rejections(protocol, reason))
                        .description(AirwaveMeter.REQUESTS_REJECTED.description())
                        .tags("protocol", protocol.tag(), "reason", reason.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
    }
}
