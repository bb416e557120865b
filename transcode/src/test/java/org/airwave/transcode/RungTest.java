package org.airwave.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Only formats MPEG audio layer III can carry make a rung. */
class RungTest {

    @Test
    void acceptsTheUsualLadder() {
        assertThat(Rung.stereo(320)).isEqualTo(new Rung(320, 44_100, 2));
        assertThat(new Rung(32, 22_050, 1).bytesPerSecond()).isEqualTo(4000);
        assertThat(new Rung(8, 8_000, 1).sampleRate()).isEqualTo(8000);
    }

    @Test
    void rejectsABitrateTheSampleRateCannotCarry() {
        assertThatThrownBy(() -> new Rung(320, 22_050, 2)).hasMessageContaining("22050 Hz cannot carry 320 kbit/s");
        assertThatThrownBy(() -> new Rung(100, 44_100, 2)).hasMessageContaining("cannot carry 100 kbit/s");
    }

    @Test
    void rejectsRatesAndChannelCountsMp3DoesNotHave() {
        assertThatThrownBy(() -> new Rung(128, 96_000, 2)).hasMessageContaining("96000 Hz");
        assertThatThrownBy(() -> new Rung(128, 44_100, 6)).hasMessageContaining("1 or 2 channels, not 6");
    }
}
