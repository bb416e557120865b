package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.Test;

/** With no playlist configured the bundled demo station plays at once: a real player decodes it and shows its title. */
@EndToEnd
class DemoStationTest {

    @Test
    void demoStationIsListenableWithItsTitle() throws Exception {
        try (RunningServer server = RunningServer.start(Map.of("demo.enabled", "true"));
             ExternalProgram mpg123 = ExternalProgram.start(
                     List.of("mpg123", "-t", "-v", "-n", "150", server.url("/demo")), null)) {
            assertThat(mpg123.waitFor(Duration.ofSeconds(30))).as(mpg123.output()).isZero();
            assertThat(mpg123.output()).contains("ICY-META: StreamTitle='Airwave Demo - C Major Arpeggio';");
            assertThat(mpg123.output()).doesNotContainIgnoringCase("error");
        }
    }
}
