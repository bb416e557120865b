package org.airwave.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitDoublesPerFailedRoundUpToTheCap() {
        Backoff top = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(60), () -> 0.999_999);
        assertThat(top.delay(1)).isEqualTo(Duration.ofMillis(1000));
        assertThat(top.delay(2)).isEqualTo(Duration.ofMillis(2000));
        assertThat(top.delay(4)).isEqualTo(Duration.ofMillis(8000));
        assertThat(top.delay(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(top.delay(1000)).as("no overflow after many rounds").isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterKeepsTheWaitInTheUpperHalfOfTheStep() {
        Backoff bottom = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(60), () -> 0.0);
        assertThat(bottom.delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(bottom.delay(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(bottom.delay(50)).isEqualTo(Duration.ofSeconds(30));
        Backoff middle = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(60), () -> 0.5);
        assertThat(middle.delay(1).toMillis()).isBetween(740L, 760L);
    }

    @Test
    void rejectsACapBelowTheInitialWait() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), () -> 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial <= max");
    }
}
