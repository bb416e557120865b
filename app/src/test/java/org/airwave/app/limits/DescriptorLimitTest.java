package org.airwave.app.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DescriptorLimitTest {

    @Test
    void theListenerBenchmarksDescriptorLimitAdmitsItsNineteenThousandListeners() {
        assertThat(DescriptorLimit.defaultMaxConnections(20_000)).isEqualTo(19_432).isGreaterThan(19_000 + 64);
    }

    @Test
    void smallLimitsKeepRoomForTheProcessItself() {
        assertThat(DescriptorLimit.defaultMaxConnections(1024)).isEqualTo(752);
        assertThat(DescriptorLimit.defaultMaxConnections(256)).isEqualTo(64);
        assertThat(DescriptorLimit.defaultMaxConnections(1 << 20)).isEqualTo((1 << 20) - 256 - (1 << 14));
    }

    @Test
    void anUnknownLimitLimitsNothing() {
        assertThat(DescriptorLimit.defaultMaxConnections(-1)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void thisProcessHasADescriptorLimitOnLinux() {
        assertThat(DescriptorLimit.ofThisProcess()).isPositive();
    }
}
