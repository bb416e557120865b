package org.airwave.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.airwave.app.it.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad options and configuration, and ports another process holds, stop the command with one message
 * naming the key and exit code 2.
 */
class MainTest {

    private static final Duration START_LIMIT = Duration.ofSeconds(30);
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
    void aRungMp3CannotCarryExitsWith2NamingTheLadderKey() {
        int exit = assertTimeoutPreemptively(START_LIMIT, () -> Main.run("--bind", "127.0.0.1", "--port",
                Integer.toString(RunningServer.freePortPair()), "--set", "demo.enabled=false", "--ladder", "128:11025:1"));

        assertThat(exit).isEqualTo(Main.EXIT_CONFIG);
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(message).startsWith("airwave: config key 'transcode.ladder[0]': ")
                .contains("MP3 at 11025 Hz cannot carry 128 kbit/s");
        assertThat(message.lines()).as("one line, no stack trace").hasSize(1);
    }

    @Test
    void missingConfigFileExitsWith2() {
        assertThat(Main.run("--config", "/nonexistent/airwave.yaml")).isEqualTo(Main.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("/nonexistent/airwave.yaml");
    }

    @Test
    void theMainPortInUseIsNamedWithItsKey() throws Exception {
        int port = RunningServer.freePortPair();
        try (ServerSocket holder = listenOn(port)) {
            assertExitsNaming(port, "server.port", "--port", Integer.toString(port));
        }
    }

    @Test
    void theShoutcastPortInUseIsNamedAsPortPlusOne() throws Exception {
        int port = RunningServer.freePortPair();
        try (ServerSocket holder = listenOn(port + 1)) {
            assertExitsNaming(port + 1, "server.port + 1, the SHOUTcast v1 port", "--port", Integer.toString(port));
        }
    }

    @Test
    void theManagementPortInUseIsNamedWithItsKey() throws Exception {
        int port = RunningServer.freePortPair();
        try (ServerSocket holder = listenOn(0)) {
            int management = holder.getLocalPort();
            assertExitsNaming(management, "monitoring.port", "--port", Integer.toString(port),
                    "--set", "monitoring.port=" + management);
        }
    }

    private void assertExitsNaming(int port, String key, String... options) {
        String[] args = new String[options.length + 6];
        System.arraycopy(options, 0, args, 0, options.length);
        System.arraycopy(new String[] {"--bind", "127.0.0.1", "--set", "demo.enabled=false", "--ladder", ""}, 0,
                args, options.length, 6);
        int exit = assertTimeoutPreemptively(START_LIMIT, () -> Main.run(args));

        assertThat(exit).isEqualTo(Main.EXIT_CONFIG);
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(message).startsWith("airwave: cannot listen on 127.0.0.1:" + port + " (" + key + "): ")
                .containsIgnoringCase("address already in use");
        assertThat(message.lines()).as("one line, no stack trace").hasSize(1);
    }

    private static ServerSocket listenOn(int port) throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }
}
