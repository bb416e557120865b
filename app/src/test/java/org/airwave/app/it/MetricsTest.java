package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.airwave.app.it.IcyStreamReader.Response;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator's Prometheus sees at {@code /metrics} while real peers use a real server: the
 * meters move with listeners joining and leaving, a slow listener being dropped, sources switching
 * protocol, refused requests; {@code /health} answers with the counts; {@code /metrics} asks for
 * the admin credentials when configured to.
 */
@EndToEnd
class MetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String LIVE = "mount=\"/live\"";

    private RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void listenerJoiningAndLeavingIsCountedAsAClientThatLeft() throws Exception {
        server = RunningServer.start();
        try (ScriptedSource source = ScriptedSource.connect(server.port(), "/live").feedMp3(1.0, Duration.ofSeconds(30))) {
            try (IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live")) {
                listener.readAudio(8000, WAIT);
                await().atMost(WAIT).until(() -> Scrape.of(server).value("airwave_listeners{" + LIVE + "}") == 1);
                Scrape playing = Scrape.of(server);
                assertThat(playing.value("airwave_listener_connects_total{" + LIVE + "}")).isEqualTo(1);
                assertThat(playing.value("airwave_listeners_peak{" + LIVE + "}")).isEqualTo(1);
                assertThat(playing.value("airwave_listener_first_byte_seconds_count{" + LIVE + "}")).isEqualTo(1);
                assertThat(playing.value("airwave_listener_first_byte_seconds_sum{" + LIVE + "}")).isPositive()
                        .isLessThan(2.0);
                assertThat(playing.value("airwave_listener_sent_bytes_total{" + LIVE + "}")).isGreaterThanOrEqualTo(8000);
                assertThat(playing.value("airwave_listener_session_seconds_count{" + LIVE + "}")).isZero();
            }
            await().atMost(WAIT).until(() -> Scrape.of(server).value("airwave_listeners{" + LIVE + "}") == 0);
            Scrape left = Scrape.of(server);
            assertThat(left.value("airwave_listener_disconnects_total{" + LIVE + ",reason=\"client_left\"}")).isEqualTo(1);
            assertThat(left.value("airwave_listener_disconnects_total{" + LIVE + ",reason=\"slow\"}")).isZero();
            assertThat(left.value("airwave_listener_session_seconds_count{" + LIVE + "}")).isEqualTo(1);
            assertThat(left.value("airwave_listeners_peak{" + LIVE + "}")).isEqualTo(1);
            assertThat(left.value("airwave_source_received_bytes_total{" + LIVE + "}")).isPositive();
        }
    }

    /**
     * A listener that stops reading falls behind once the kernel's and Netty's buffers for it are
     * full (several MB on loopback), so the source feeds at 50x real time; bounded by the 40 s feed
     * and a 25 s wait. (A 10 s window: at 50x it is 200 ms of wall time, which a reading listener
     * never lags by.)
     */
    @Test
    void slowListenerDroppedByTheLagPolicyIsCountedAsSlow() throws Exception {
        server = RunningServer.start(Map.of("buffer.window-seconds", "10", "buffer.burst-seconds", "1",
                "listeners.lag-policy", "drop"));
        try (ScriptedSource source = ScriptedSource.connect(server.port(), "/live").feedMp3(50, Duration.ofSeconds(40));
             IcyStreamReader slow = IcyStreamReader.open(server.port(), 4096, "/live")) {
            await().atMost(WAIT).until(() -> Scrape.of(server).value("airwave_listeners{" + LIVE + "}") == 1);

            await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(500)).until(() -> Scrape.of(server)
                    .value("airwave_listener_disconnects_total{" + LIVE + ",reason=\"slow\"}") == 1);
            Scrape dropped = Scrape.of(server);
            assertThat(dropped.value("airwave_listeners{" + LIVE + "}")).isZero();
            assertThat(dropped.value("airwave_listener_disconnects_total{" + LIVE + ",reason=\"client_left\"}")).isZero();
            assertThat(dropped.value("airwave_listener_session_seconds_count{" + LIVE + "}")).isEqualTo(1);
            assertThat(dropped.value("airwave_listener_lag_skips_total{" + LIVE + "}")).isZero();
            assertThat(source.feedFailure()).isNull();
            slow.readToEnd(Duration.ofSeconds(10));
        }
    }

    @Test
    void sourceSwitchingFromIcecastToShoutcastIsCountedByProtocol() throws Exception {
        server = RunningServer.start(Map.of("shoutcast.mount", "/live"));
        try (ScriptedSource icecast = ScriptedSource.connect(server.port(), "/live").feedMp3(1.0, Duration.ofSeconds(30))) {
            await().atMost(WAIT).until(() -> Scrape.of(server)
                    .value("airwave_source_connected{" + LIVE + ",protocol=\"icecast\"}") == 1);
            Scrape onIcecast = Scrape.of(server);
            assertThat(onIcecast.value("airwave_source_connects_total{" + LIVE + ",protocol=\"icecast\"}")).isEqualTo(1);
            assertThat(onIcecast.value("airwave_source_connected{" + LIVE + ",protocol=\"shoutcast\"}")).isZero();
            icecast.finish();
            await().atMost(WAIT).until(() -> Scrape.of(server)
                    .value("airwave_source_disconnects_total{" + LIVE + ",protocol=\"icecast\"}") == 1);
        }
        try (RawConnection butt = new RawConnection(server.shoutcastPort())) {
            butt.send(Fixtures.handshake("butt-shoutcast.request.bin"));
            assertThat(butt.readUntil("\r\n\r\n")).isEqualTo("OK2\r\nicy-caps:11\r\n\r\n");
            await().atMost(WAIT).until(() -> Scrape.of(server)
                    .value("airwave_source_connected{" + LIVE + ",protocol=\"shoutcast\"}") == 1);
            Scrape onShoutcast = Scrape.of(server);
            assertThat(onShoutcast.value("airwave_source_connects_total{" + LIVE + ",protocol=\"shoutcast\"}"))
                    .isEqualTo(1);
            assertThat(onShoutcast.value("airwave_source_connected{" + LIVE + ",protocol=\"icecast\"}")).isZero();
        }
        await().atMost(WAIT).until(() -> Scrape.of(server)
                .value("airwave_source_disconnects_total{" + LIVE + ",protocol=\"shoutcast\"}") == 1);
        Scrape after = Scrape.of(server);
        assertThat(after.value("airwave_source_connects_total{" + LIVE + ",protocol=\"icecast\"}")).isEqualTo(1);
        assertThat(after.value("airwave_source_connected{" + LIVE + ",protocol=\"shoutcast\"}")).isZero();
    }

    @Test
    void refusedRequestsAreCountedByProtocolAndReason() throws Exception {
        server = RunningServer.start();
        assertThat(Response.exchange(server.port(), "SOURCE /live HTTP/1.0\r\nAuthorization: Basic "
                + base64("source:wrong") + "\r\nContent-Type: audio/mpeg\r\n\r\n").status()).isEqualTo(401);
        assertThat(Response.exchange(server.port(), "GET /nothing-here HTTP/1.0\r\n\r\n").status()).isEqualTo(404);
        assertThat(Response.exchange(server.port(), "DELETE /live HTTP/1.0\r\n\r\n").status()).isEqualTo(405);

        Scrape scrape = Scrape.of(server);
        assertThat(scrape.value("airwave_requests_rejected_total{protocol=\"icecast\",reason=\"auth\"}")).isEqualTo(1);
        assertThat(scrape.value("airwave_requests_rejected_total{protocol=\"http\",reason=\"not_found\"}")).isEqualTo(1);
        assertThat(scrape.value("airwave_requests_rejected_total{protocol=\"http\",reason=\"method_not_allowed\"}"))
                .isEqualTo(1);
        assertThat(scrape.value("airwave_requests_rejected_total{protocol=\"shoutcast\",reason=\"auth\"}")).isZero();
    }

    @Test
    void healthAnswersUpWithTheMountAndListenerCounts() throws Exception {
        server = RunningServer.start();
        try (ScriptedSource source = ScriptedSource.connect(server.port(), "/live").feedMp3(1.0, Duration.ofSeconds(30));
             IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live").startPump()) {
            await().atMost(WAIT).until(() -> server.mount("/live").listeners() == 1);
            Response health = Response.exchange(server.port(), "GET /health HTTP/1.0\r\n\r\n");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.header("Content-Type")).isEqualTo("application/json");
            assertThat(health.body()).isEqualTo("{\"status\":\"up\",\"mounts\":1,\"live_mounts\":1,\"listeners\":1}\n");
            Response head = Response.exchange(server.port(), "HEAD /health HTTP/1.0\r\n\r\n");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void metricsAskForTheAdminCredentialsWhenConfigured() throws Exception {
        server = RunningServer.start(Map.of("monitoring.metrics-auth", "true"));
        Response refused = Response.exchange(server.port(), "GET /metrics HTTP/1.0\r\n\r\n");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Basic ");
        Response wrong = Response.exchange(server.port(), "GET /metrics HTTP/1.0\r\nAuthorization: Basic "
                + base64("source:" + RunningServer.SOURCE_PASSWORD) + "\r\n\r\n");
        assertThat(wrong.status()).as("the source password is not the admin's").isEqualTo(401);
        Response allowed = Response.exchange(server.port(), "GET /metrics HTTP/1.0\r\nAuthorization: Basic "
                + base64("admin:" + RunningServer.ADMIN_PASSWORD) + "\r\n\r\n");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.body()).contains("# TYPE airwave_requests_rejected_total counter");
        assertThat(Response.exchange(server.port(), "GET /health HTTP/1.0\r\n\r\n").status())
                .as("health stays open").isEqualTo(200);
    }

    private static String base64(String login) {
        return Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One {@code GET /metrics} of a running server in Prometheus text format: every sample line as
     * series ({@code name{labels}}, labels as the server writes them: sorted) to value.
     */
    static final class Scrape {

        private final String text;
        private final Map<String, Double> samples;

        private Scrape(String text, Map<String, Double> samples) {
            this.text = text;
            this.samples = samples;
        }

        static Scrape of(RunningServer server) throws IOException {
            Response response = Response.exchange(server.port(), "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(response.status()).as("GET /metrics").isEqualTo(200);
            Map<String, Double> samples = new LinkedHashMap<>();
            for (String line : response.body().split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
            return new Scrape(response.body(), samples);
        }

        /** The text as served. */
        String text() {
            return text;
        }

        /** Every metric name that has a sample. */
        Set<String> metricNames() {
            Set<String> names = new TreeSet<>();
            for (String series : samples.keySet()) {
                int brace = series.indexOf('{');
                names.add(brace < 0 ? series : series.substring(0, brace));
            }
            return names;
        }

        /** The value of one series; fails the test when the scrape does not have it. */
        double value(String series) {
            Double value = samples.get(series);
            assertThat(value).as("series %s in the scrape", series).isNotNull();
            return value;
        }
    }
}
