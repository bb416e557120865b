package org.airwave.monitoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.airwave.core.stats.RelayStats;

/**
 * Meters over one relay pull's counters ({@link RelayStats}), tagged with its mount. Bound by the
 * application when the relay starts. The stats must stay strongly reachable while the meters exist
 * (Micrometer holds them weakly): {@code Relays} keeps each mount's for the server's life.
 * Threading: {@link #bindTo} once; read on scrape from any thread.
 */
public final class RelayMeters implements MeterBinder {

    private final String mount;
    private final RelayStats stats;

    public RelayMeters(String mount, RelayStats stats) {
        this.mount = mount;
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(AirwaveMeter.RELAY_CONNECTED.meterName(), stats, s -> s.isConnected() ? 1 : 0)
                .description(AirwaveMeter.RELAY_CONNECTED.description()).tags("mount", mount).register(registry);
        FunctionCounter.builder(AirwaveMeter.RELAY_RECONNECTS.meterName(), stats, RelayStats::reconnects)
                .description(AirwaveMeter.RELAY_RECONNECTS.description()).tags("mount", mount).register(registry);
        FunctionCounter.builder(AirwaveMeter.RELAY_FAILURES.meterName(), stats, RelayStats::failures)
                .description(AirwaveMeter.RELAY_FAILURES.description()).tags("mount", mount).register(registry);
        FunctionCounter.builder(AirwaveMeter.RELAY_BYTES.meterName(), stats, RelayStats::bytesIn)
                .baseUnit(BaseUnits.BYTES).description(AirwaveMeter.RELAY_BYTES.description()).tags("mount", mount)
                .register(registry);
    }
}
