package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.airwave.app.it.IcyStreamReader.Response;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Origin and edges as three separate processes on loopback: an origin transcoding {@code /live}
 * to 128 (its default rendition, at {@code /live}) and 64 kbit/s, and two edges started with {@code --mirror}. The edges relay each of the origin's
 * streams as it is (no ladder of their own), a title set on the origin reaches listeners of both
 * edges, a mount that appears on the origin is picked up and one that goes away is dropped.
 */
@EndToEnd
class MirrorTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern LISTEN_URL = Pattern.compile("\"listenurl\":\"http://[^/\"]+(/[^\"]*)\"");

    @TempDir
    Path tmp;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void twoEdgesMirrorTheOriginsStreamsAndTitles() throws Exception {
        Path originConfig = tmp.resolve("origin.yaml");
        Files.writeString(originConfig, "transcode:\n  ladder: []\nmounts:\n  - path: /live\n    ladder: [128, 64]\n");
        AirwaveProcess origin = started(AirwaveProcess.start("--config", originConfig.toString()));
        ScriptedSource live = started(ScriptedSource.connect(origin.port(), "/live")).feedMp3(1.0, Duration.ofSeconds(90));
        await().atMost(WAIT).untilAsserted(() -> assertThat(streams(origin.port())).as(origin.output())
                .contains("/live", "/live/64", "/live/source"));

        List<AirwaveProcess> edges = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            edges.add(started(AirwaveProcess.start("--mirror", origin.url(""), "--set", "mirror.poll-seconds=1")));
        }
        for (AirwaveProcess edge : edges) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(streams(edge.port())).as(edge.output())
                    .isEqualTo(streams(origin.port())));
        }

        List<IcyStreamReader> listeners = new ArrayList<>();
        for (AirwaveProcess edge : edges) {
            IcyStreamReader listener = started(IcyStreamReader.open(edge.port(), "/live/64", "Icy-MetaData: 1"));
            assertThat(listener.statusLine()).as(edge.output()).contains("200");
            assertThat(listener.header("icy-br")).isEqualTo("64");
            listeners.add(listener);
        }
        AdminRequests.setTitle(origin.port(), AdminRequests.ADMIN, "/live", "Origin Artist - Mirrored Song");
        for (IcyStreamReader listener : listeners) {
            listener.readUntil(reader -> reader.titles().contains("Origin Artist - Mirrored Song"), WAIT,
                    "the origin's title");
            IcyStreamReader.walkMp3Frames(listener.audio());
        }

        ScriptedSource other = started(ScriptedSource.connect(origin.port(), "/other")).feedMp3(1.0, Duration.ofSeconds(60));
        for (AirwaveProcess edge : edges) {
            await().atMost(WAIT).until(() -> streams(edge.port()).contains("/other"));
            try (IcyStreamReader listener = IcyStreamReader.open(edge.port(), "/other")) {
                assertThat(listener.statusLine()).contains("200");
                listener.readAudio(4096, WAIT);
            }
        }
        other.close();
        for (AirwaveProcess edge : edges) {
            await().atMost(WAIT).until(() -> !streams(edge.port()).contains("/other"));
            assertThat(Response.exchange(edge.port(), "GET /other HTTP/1.0\r\n\r\n").status()).isEqualTo(404);
        }
        assertThat(streams(edges.get(0).port())).as("still mirroring /live").contains("/live/64");
    }

    /** The stream paths a server lists in its Icecast status JSON. */
    private static Set<String> streams(int port) throws IOException {
        Response answer = Response.exchange(port, "GET /status-json.xsl HTTP/1.0\r\n\r\n");
        Set<String> paths = new TreeSet<>();
        Matcher matcher = LISTEN_URL.matcher(answer.body());
        while (matcher.find()) {
            paths.add(matcher.group(1));
        }
        return paths;
    }

    private <T extends AutoCloseable> T started(T resource) {
        running.add(Objects.requireNonNull(resource));
        return resource;
    }
}
