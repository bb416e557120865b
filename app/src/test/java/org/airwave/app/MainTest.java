package org.airwave.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad options and configuration stop the command with one message naming the key and exit code 2. */
class MainTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureErr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreErr() {
        System.setErr(originalErr);
    }

    @Test
    void nonNumericPortExitsWith2NamingTheKey() {
        assertThat(Main.run("--port", "abc")).isEqualTo(Main.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("server.port");
    }

    @Test
    void portOutOfRangeExitsWith2() {
        assertThat(Main.run("--port", "70000")).isEqualTo(Main.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'server.port' must be between 1 and 65534");
    }

    @Test
    void unknownOptionExitsWith2() {
        assertThat(Main.run("--no-such-option")).isEqualTo(Main.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--no-such-option");
    }

    @Test
    void malformedPlaylistOptionExitsWith2() {
        assertThat(Main.run("--playlist", "no-equals-sign")).isEqualTo(Main.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--playlist");
    }

    @Test
    void relayOptionWithAnHttpsUrlExitsWith2NamingTheKey() {
        assertThat(Main.run("--relay", "/radio=https://origin.example/live")).isEqualTo(Main.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("relays[0].urls[0]").contains("http://");
        assertThat(Main.run("--relay", "/radio")).isEqualTo(Main.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--relay takes /MOUNT=URL");
    }

    @Test
    void missingConfigFileExitsWith2() {
        assertThat(Main.run("--config", "/nonexistent/airwave.yaml")).isEqualTo(Main.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("/nonexistent/airwave.yaml");
    }
}
