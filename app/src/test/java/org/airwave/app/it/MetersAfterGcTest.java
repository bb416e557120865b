package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.airwave.app.it.MetricsTest.Scrape;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micrometer holds the object a gauge or function counter reads weakly: a meter whose target only
 * the registry references reads NaN (gauges) or freezes (counters) after the first garbage
 * collection. A real server binds its meters as it always does (mount, transcoder, relay, server);
 * the collector then runs until a weakly held sentinel is gone, and every kind of meter still reads
 * live values. The server runs in the test's JVM, so {@link System#gc()} collects its objects.
 */
@EndToEnd
class MetersAfterGcTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String LIVE = "{mount=\"/live\"}";
    private static final String RELAY = "{mount=\"/relay\"}";

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
    void metersReadLiveValuesAfterTheCollectorRan() throws Exception {
        Path config = tmp.resolve("airwave.yaml");
        // The relay's upstream refuses connections (port 1), so its failure counter keeps moving.
        Files.writeString(config, """
                mounts:
                  - path: /live
                relays:
                  - mount: /relay
                    urls: [http://127.0.0.1:1/live]
                """);
        server = RunningServer.start(config, Map.of("transcode.ladder", "64",
                "relay.backoff-initial-millis", "100", "relay.backoff-max-seconds", "1"));
        await().atMost(WAIT).until(() -> Scrape.of(server).metricNames().contains("airwave_transcoder_realtime_factor")
                && Scrape.of(server).value("airwave_relay_failures_total" + RELAY) > 0);

        collectGarbage();

        Scrape after = Scrape.of(server);
        assertThat(after.value("airwave_transcoder_realtime_factor" + LIVE)).as("transcoder gauge").isNotNaN();
        assertThat(after.value("airwave_transcoder_queue_bytes" + LIVE)).as("transcoder gauge").isNotNaN();
        assertThat(after.value("airwave_listeners" + LIVE)).as("mount gauge").isZero();
        assertThat(after.value("airwave_relay_connected" + RELAY)).as("relay gauge").isZero();
        double silence = after.value("airwave_transcoder_silence_seconds_total" + LIVE);
        double encodedFrames = after.value("airwave_transcoder_encode_seconds_count{mount=\"/live\",rendition=\"64\"}");
        double relayFailures = after.value("airwave_relay_failures_total" + RELAY);
        await().atMost(WAIT).untilAsserted(() -> {
            Scrape later = Scrape.of(server);
            assertThat(later.value("airwave_transcoder_silence_seconds_total" + LIVE)).as("transcoder counter")
                    .isGreaterThan(silence);
            assertThat(later.value("airwave_transcoder_encode_seconds_count{mount=\"/live\",rendition=\"64\"}"))
                    .as("transcoder timer").isGreaterThan(encodedFrames);
            assertThat(later.value("airwave_relay_failures_total" + RELAY)).as("relay counter")
                    .isGreaterThan(relayFailures);
        });
        server.stats().rejected(Protocol.HTTP, RejectReason.TIMEOUT);
        assertThat(Scrape.of(server).value("airwave_requests_rejected_total{protocol=\"http\",reason=\"timeout\"}"))
                .as("server counter").isEqualTo(1);
    }

    /** Runs the collector until an object only weakly referenced is gone. */
    private static void collectGarbage() {
        WeakReference<Object> sentinel = new WeakReference<>(new Object());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return sentinel.get() == null;
        });
    }
}
