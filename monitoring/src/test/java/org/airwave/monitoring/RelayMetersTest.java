package org.airwave.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.airwave.core.stats.RelayStats;
import org.junit.jupiter.api.Test;

class RelayMetersTest {

    @Test
    void metersFollowTheRelaysOwnCounters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RelayStats stats = new RelayStats();
        new RelayMeters("/relay", stats).bindTo(registry);
        stats.connected(false);
        stats.received(5000);
        stats.disconnected();
        stats.failed();
        stats.connected(true);

        assertThat(registry.get(AirwaveMeter.RELAY_CONNECTED.meterName()).tag("mount", "/relay").gauge().value())
                .isEqualTo(1);
        assertThat(registry.get(AirwaveMeter.RELAY_RECONNECTS.meterName()).functionCounter().count()).isEqualTo(1);
        assertThat(registry.get(AirwaveMeter.RELAY_FAILURES.meterName()).functionCounter().count()).isEqualTo(1);
        assertThat(registry.get(AirwaveMeter.RELAY_BYTES.meterName()).functionCounter().count()).isEqualTo(5000);
        stats.disconnected();
        assertThat(registry.get(AirwaveMeter.RELAY_CONNECTED.meterName()).gauge().value()).isZero();
    }
}
