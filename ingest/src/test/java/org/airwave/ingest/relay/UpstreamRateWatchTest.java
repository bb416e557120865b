package org.airwave.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rate watch against a test clock: audio time delivered per window of real time. */
class UpstreamRateWatchTest {

    private final AtomicLong nanos = new AtomicLong();
    private final UpstreamRateWatch watch = new UpstreamRateWatch(0.5, Duration.ofSeconds(10), nanos::get);

    @Test
    void anUpstreamKeepingRealTimeIsNeverTooSlow() {
        for (int second = 0; second <= 60; second++) {
            assertThat(sampleAt(second, second * 1_000_000L)).as("second " + second).isFalse();
        }
    }

    @Test
    void aBurstThenATrickleIsTooSlowOnceAWholeWindowDeliveredTooLittle() {
        assertThat(sampleAt(0, 0)).isFalse();
        assertThat(sampleAt(1, 8_000_000)).as("an 8 s burst on connect").isFalse();
        for (int second = 2; second < 11; second++) {
            assertThat(sampleAt(second, 8_000_000 + second)).as("window from 0 still holds the burst").isFalse();
        }
        assertThat(sampleAt(11, 8_000_011)).as("1 s to 11 s delivered nothing worth counting").isTrue();
    }

    @Test
    void slightlyAboveTheFractionIsEnoughAndBelowItIsNot() {
        UpstreamRateWatch above = new UpstreamRateWatch(0.5, Duration.ofSeconds(10), nanos::get);
        UpstreamRateWatch below = new UpstreamRateWatch(0.5, Duration.ofSeconds(10), nanos::get);
        boolean aboveSlow = false;
        boolean belowSlow = false;
        for (int second = 0; second <= 30; second++) {
            nanos.set(Duration.ofSeconds(second).toNanos());
            aboveSlow |= above.tooSlow(second * 510_000L);
            belowSlow |= below.tooSlow(second * 490_000L);
        }
        assertThat(aboveSlow).isFalse();
        assertThat(belowSlow).isTrue();
    }

    @Test
    void aWindowShorterThanItsFirstFullLengthIsNeverJudged() {
        assertThat(sampleAt(0, 0)).isFalse();
        assertThat(sampleAt(9, 0)).as("9 s of nothing, but no whole window yet").isFalse();
        assertThat(sampleAt(10, 0)).isTrue();
    }

    @Test
    void aZeroFractionTurnsTheWatchOffAndSamplingFollowsTheWindow() {
        assertThat(new UpstreamRateWatch(0, Duration.ofSeconds(10), nanos::get).enabled()).isFalse();
        assertThat(watch.enabled()).isTrue();
        assertThat(watch.samplingPeriod()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new UpstreamRateWatch(0.5, Duration.ofMillis(500), nanos::get).samplingPeriod())
                .isEqualTo(Duration.ofMillis(100));
    }

    private boolean sampleAt(int second, long deliveredMicros) {
        nanos.set(Duration.ofSeconds(second).toNanos());
        return watch.tooSlow(deliveredMicros);
    }
}
