package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.airwave.app.it.IcyStreamReader.Response;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.app.it.MetricsTest.Scrape;
import org.airwave.core.mount.Mount;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount that a source made on a path the config does not name (a typo, a guest DJ) lives only as
 * long as some input plays there, plus {@code limits.mount-linger-seconds} (default 3 s): its
 * transcoded listeners stay through the linger, a source that comes back within it carries on with
 * them, and then the listeners get a clean end of the stream and the status pages, the metrics and
 * the transcoder forget the mount, all within 5 s of the source leaving (what Icecast's source
 * clients and tools expect).
 */
@EndToEnd
class SourceMadeMountTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The default {@code limits.mount-linger-seconds}. */
    private static final long LINGER_MILLIS = 3000;
    private static final Map<String, String> LADDER = Map.of("transcode.ladder", "128");

    @TempDir
    Path tmp;

    private RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theMountEndsAfterTheLingerAndEveryTraceOfItGoes() throws Exception {
        server = RunningServer.start(LADDER);
        try (ScriptedSource source = ScriptedSource.connect(server.port(), "/guest").feedMp3(1.0, Duration.ofSeconds(60));
             IcyStreamReader listener = playing("/guest", "128")) {
            assertThat(statusJson()).contains("/guest");
            assertThat(Scrape.of(server).text()).contains("mount=\"/guest\"");
            assertThat(transcoderThreads("/guest")).isPositive();

            source.finish();
            long left = System.nanoTime();
            await().atMost(WAIT).until(listener::isEndOfStream);
            long endedAfterMillis = (System.nanoTime() - left) / 1_000_000;

            assertThat(endedAfterMillis).as("the listener stays through the linger, and hears the end within 5 s")
                    .isBetween(LINGER_MILLIS, 5000L);
            assertThat(listener.wasReset()).as("a clean close (FIN), not a reset").isFalse();
            byte[] audio = listener.audio();
            assertThat(IcyStreamReader.walkMp3Frames(audio).endOfLastFrame()).as("the stream ends on a whole frame")
                    .isEqualTo(audio.length);
        }
        assertThat(server.find("/guest")).isEmpty();
        assertThat(statusJson()).doesNotContain("/guest");
        assertThat(Scrape.of(server).text()).doesNotContain("/guest");
        assertThat(Response.exchange(server.port(), "GET /guest HTTP/1.0\r\n\r\n").status()).isEqualTo(404);
        assertThat(Response.exchange(server.port(), "GET /guest/128 HTTP/1.0\r\n\r\n").status())
                .isEqualTo(404);
        await().atMost(WAIT).until(() -> transcoderThreads("/guest") == 0);
    }

    @Test
    void aSourceComingBackWithinTheLingerKeepsTheListenersAndTheMount() throws Exception {
        server = RunningServer.start(LADDER);
        try (ScriptedSource first = ScriptedSource.connect(server.port(), "/guest").feedMp3(1.0, Duration.ofSeconds(60));
             IcyStreamReader listener = playing("/guest", "128")) {
            Mount mount = server.find("/guest").orElseThrow();
            first.finish();
            await().atMost(WAIT).until(() -> !server.isLive("/guest"));

            try (ScriptedSource second = ScriptedSource.connect(server.port(), "/guest")
                    .feedMp3(1.0, Duration.ofSeconds(60))) {
                assertThat(server.find("/guest")).containsSame(mount);
                int before = listener.audioBytes();
                await().during(Duration.ofMillis(LINGER_MILLIS + 1500)).atMost(WAIT)
                        .until(() -> !listener.isEndOfStream());
                assertThat(listener.audioBytes()).as("the listener keeps playing").isGreaterThan(before + 16_000);
                assertThat(server.find("/guest")).containsSame(mount);
            }
        }
    }

    @Test
    void aLaterSourceOnTheSamePathGetsAFreshMount() throws Exception {
        server = RunningServer.start(Map.of("limits.mount-linger-seconds", "0"));
        Mount first;
        try (ScriptedSource source = ScriptedSource.connect(server.port(), "/lvie")) {
            first = server.find("/lvie").orElseThrow();
            source.finish();
        }
        await().atMost(WAIT).until(() -> server.find("/lvie").isEmpty());
        try (ScriptedSource again = ScriptedSource.connect(server.port(), "/lvie")) {
            assertThat(server.find("/lvie")).hasValueSatisfying(mount -> {
                assertThat(mount).isNotSameAs(first);
                assertThat(mount.hasEnded()).isFalse();
            });
        }
    }

    @Test
    void aConfiguredMountStaysAfterItsSourceLeft() throws Exception {
        Path config = tmp.resolve("airwave.yaml");
        Files.writeString(config, "mounts:\n  - path: /live\n");
        server = RunningServer.start(config, Map.of("limits.mount-linger-seconds", "0"));
        Mount live = server.find("/live").orElseThrow();
        try (ScriptedSource source = ScriptedSource.connect(server.port(), "/live")) {
            source.finish();
        }
        await().atMost(WAIT).until(() -> !server.isLive("/live"));
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> server.find("/live").isPresent());
        assertThat(server.find("/live")).containsSame(live);
    }

    /** A listener of a rendition of {@code mount} once it transcodes, with a second of audio received. */
    private IcyStreamReader playing(String mount, String rendition) throws Exception {
        await().atMost(WAIT).until(() -> server.find(mount).flatMap(Mount::transcoding).isPresent());
        IcyStreamReader listener = IcyStreamReader.open(server.port(), mount + "/" + rendition).startPump();
        await().atMost(WAIT).until(() -> listener.audioBytes() >= 16_000);
        return listener;
    }

    private String statusJson() throws Exception {
        return Response.exchange(server.port(), "GET /status-json.xsl HTTP/1.0\r\n\r\n").body();
    }

    /** Transcoder threads of {@code mount} alive in this JVM (the server runs in it). */
    static long transcoderThreads(String mount) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("transcode-encode-" + mount)
                        || thread.getName().equals("transcode-decode-" + mount))
                .count();
    }
}
