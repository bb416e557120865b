package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.Test;

/** With {@code monitoring.port} set, /metrics and /health move to that port and leave the listener port. */
@EndToEnd
class ManagementPortTest {

    @Test
    void metricsAndHealthAreServedOnTheManagementPortOnly() throws Exception {
        int managementPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            managementPort = probe.getLocalPort();
        }
        try (RunningServer server = RunningServer.start(Map.of("monitoring.port", Integer.toString(managementPort)))) {
            try (RawConnection scrape = new RawConnection(managementPort)) {
                String answer = new String(scrape.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
                        .readToEnd(java.time.Duration.ofSeconds(5)), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.0 200 OK").contains("airwave_requests_rejected_total");
            }
            try (RawConnection health = new RawConnection(managementPort)) {
                assertThat(health.send("GET /health HTTP/1.0\r\n\r\n").readHead()).startsWith("HTTP/1.0 200 OK");
            }
            try (RawConnection other = new RawConnection(managementPort)) {
                assertThat(other.send("GET /live HTTP/1.0\r\n\r\n").readHead()).startsWith("HTTP/1.0 404");
            }
            try (RawConnection malformed = new RawConnection(managementPort)) {
                assertThat(malformed.send("GET /metrics HTTP/1.1\r\n" + "X: " + "y".repeat(20_000) + "\r\n\r\n")
                        .readHead()).startsWith("HTTP/1.0 431");
            }
            assertThat(server.stats().rejections(Protocol.HTTP, RejectReason.TOO_LARGE)).as("counted as rejected").isOne();
            try (RawConnection main = new RawConnection(server.port())) {
                assertThat(main.send("GET /metrics HTTP/1.0\r\n\r\n").readHead()).startsWith("HTTP/1.0 404");
            }
        }
    }
}
