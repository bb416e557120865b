package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.airwave.app.it.IcyStreamReader.LogCapture;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connection limits on a real server with real sockets, client addresses told apart by binding
 * the client sockets to 127.0.0.x: a flood of connections that send nothing from one address is
 * closed at once beyond {@code limits.max-pending-heads-per-address} while listeners from other
 * addresses connect and play; the total {@code limits.max-connections} holds with listeners
 * written straight to their sockets; places come back as connections go; and a process run out
 * of file descriptors (a low {@code ulimit -n}) closes the connections it cannot take at once and
 * serves again when descriptors are free.
 */
@EndToEnd
class ConnectionLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int PENDING_LIMIT = 5;

    private final List<Client> clients = new ArrayList<>();
    private LogCapture log;
    private RunningServer server;
    private ScriptedSource source;

    @BeforeEach
    void captureLog() {
        log = LogCapture.attach();
    }

    @AfterEach
    void stop() throws IOException {
        for (Client client : clients) {
            client.close();
        }
        if (source != null) {
            source.close();
        }
        if (server != null) {
            server.close();
        }
        log.close();
    }

    @Test
    void idleConnectionsBeyondThePendingHeadLimitAreClosedAtOnceWhileOthersPlay() throws Exception {
        start(Map.of());
        List<Client> flood = new ArrayList<>();
        for (int i = 0; i < PENDING_LIMIT + 40; i++) {
            flood.add(connect("127.0.0.2", server.port()));
        }
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(flood.stream().filter(Client::closedByServer).count()).isEqualTo(40));
        Client refused = flood.stream().filter(Client::closedByServer).findFirst().orElseThrow();
        assertThat(refused.received()).startsWith("HTTP/1.0 429 ").contains("limits.max-pending-heads-per-address=5");
        assertThat(server.stats().rejections(Protocol.HTTP, RejectReason.CONNECTION_LIMIT)).isEqualTo(40);
        assertThat(log.linesWith("connection refused", "127.0.0.2", "limits.max-pending-heads-per-address"))
                .as("one log line for the burst").hasSize(1);

        long asked = System.nanoTime();
        Client listener = connect("127.0.0.3", server.port()).send("GET /calm HTTP/1.0\r\n\r\n");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> audioBytes(listener) > 0);
        assertThat(listener.received()).startsWith("HTTP/1.0 200");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("a listener from another address plays at once")
                .isLessThan(Duration.ofSeconds(1));

        for (Client idle : flood) {
            idle.close();
        }
        await().atMost(WAIT).untilAsserted(() -> {
            try (Client again = connect("127.0.0.2", server.port()).send("GET /calm.m3u HTTP/1.0\r\n\r\n")) {
                await().atMost(Duration.ofSeconds(1)).until(again::closedByServer);
                assertThat(again.received()).startsWith("HTTP/1.0 200");
            }
        });
    }

    @Test
    void theShoutcastPortCountsALoginUntilItIsComplete() throws Exception {
        start(Map.of());
        List<Client> flood = new ArrayList<>();
        for (int i = 0; i < PENDING_LIMIT + 10; i++) {
            flood.add(connect("127.0.0.4", server.shoutcastPort()).send("hack"));
        }
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(flood.stream().filter(Client::closedByServer).count()).isEqualTo(10));
        assertThat(server.stats().rejections(Protocol.SHOUTCAST, RejectReason.CONNECTION_LIMIT)).isEqualTo(10);
        Client dj = connect("127.0.0.5", server.shoutcastPort()).send(RunningServer.SOURCE_PASSWORD + "\r\n");
        await().atMost(WAIT).until(() -> dj.received().startsWith("OK2"));
    }

    @Test
    void theTotalCapHoldsAndPlacesComeBackAsListenersLeave() throws Exception {
        // The source and three listeners fill four places; written straight to their sockets, the
        // listeners must give their places back when those close.
        start(Map.of("limits.max-connections", "4"));
        List<Client> listeners = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Client listener = connect("127.0.1." + i, server.port()).send("GET /calm HTTP/1.0\r\n\r\n");
            await().atMost(WAIT).until(() -> listener.received().startsWith("HTTP/1.0 200"));
            listeners.add(listener);
        }
        Client fifth = connect("127.0.1.9", server.port());
        await().atMost(WAIT).until(fifth::closedByServer);
        assertThat(fifth.received()).startsWith("HTTP/1.0 503 ").contains("limits.max-connections=4");
        assertThat(server.stats().rejections(Protocol.HTTP, RejectReason.CONNECTION_LIMIT)).isEqualTo(1);

        listeners.get(0).close();
        await().atMost(WAIT).untilAsserted(() -> {
            try (Client next = connect("127.0.1.9", server.port()).send("GET /calm HTTP/1.0\r\n\r\n")) {
                await().atMost(Duration.ofSeconds(1)).until(() -> next.received().startsWith("HTTP/1.0 ")
                        || next.closedByServer());
                assertThat(next.received()).startsWith("HTTP/1.0 200");
            }
        });
    }

    @Test
    void trustedAddressesPassThePerAddressLimit() throws Exception {
        start(Map.of("limits.trusted-addresses", "127.0.0.6/32"));
        List<Client> many = new ArrayList<>();
        for (int i = 0; i < PENDING_LIMIT * 3; i++) {
            many.add(connect("127.0.0.6", server.port()));
        }
        for (Client client : many) {
            client.send("GET /calm.m3u HTTP/1.0\r\n\r\n");
        }
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(many).allSatisfy(client -> assertThat(client.received()).startsWith("HTTP/1.0 200")));
        assertThat(server.stats().rejections(Protocol.HTTP, RejectReason.CONNECTION_LIMIT)).isZero();
    }

    @Test
    void outOfDescriptorsTheServerClosesWaitingConnectionsAtOnceAndRecovers() throws Exception {
        // Limits above what 400 descriptors allow: the process runs out of descriptors, not of places.
        try (AirwaveProcess airwave = AirwaveProcess.startWithDescriptorLimit(400, "--ladder", "",
                "--set", "limits.max-connections=100000", "--set", "limits.max-pending-heads-per-address=100000",
                "--set", "limits.header-timeout-seconds=120")) {
            List<Client> flood = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                flood.add(connect("127.0.2." + (1 + i % 200), airwave.port()));
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(flood.stream().filter(Client::closedByServer).count())
                    .as("connections closed unserved for want of descriptors").isGreaterThan(100));
            assertThat(airwave.output().lines().filter(line -> line.contains("no file descriptor left")).count())
                    .as("logged once per run:%n%s", airwave.output()).isEqualTo(1);

            for (Client idle : flood) {
                idle.close();
            }
            await().atMost(WAIT).untilAsserted(() -> {
                IcyStreamReader.Response health = IcyStreamReader.Response.exchange(airwave.port(),
                        "GET /metrics HTTP/1.0\r\n\r\n");
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.body()).containsPattern(
                        "airwave_requests_rejected_total\\{protocol=\"http\",reason=\"no_descriptors\"[^}]*} [1-9]");
            });
        }
    }

    private void start(Map<String, String> extra) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("limits.max-pending-heads-per-address", Integer.toString(PENDING_LIMIT));
        config.put("limits.header-timeout-seconds", "60");
        config.putAll(extra);
        server = RunningServer.start(config);
        source = ScriptedSource.connect(server.port(), "/calm", "ice-name: Calm").feedMp3(1.0, Duration.ofSeconds(60));
        await().atMost(WAIT).until(() -> server.isLive("/calm"));
    }

    /** Bytes after the response head. */
    private static int audioBytes(Client listener) {
        String received = listener.received();
        int head = received.indexOf("\r\n\r\n");
        return head < 0 ? 0 : received.length() - head - 4;
    }

    private Client connect(String from, int port) throws IOException {
        Client client = new Client(from, port);
        clients.add(client);
        return client;
    }

    /** A client socket from a chosen loopback address that collects what the server sends without blocking the test. */
    private static final class Client implements AutoCloseable {

        private final Socket socket = new Socket();
        private final InputStream in;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private boolean endOfStream;

        Client(String from, int port) throws IOException {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(1);
            in = socket.getInputStream();
        }

        Client send(String text) throws IOException {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        /** What arrived so far (reads what is waiting). */
        synchronized String received() {
            poll();
            return received.toString(StandardCharsets.ISO_8859_1);
        }

        /** Whether the server closed the connection (reads what is waiting). */
        synchronized boolean closedByServer() {
            poll();
            return endOfStream;
        }

        private void poll() {
            byte[] buffer = new byte[8192];
            try {
                while (!endOfStream && !socket.isClosed()) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        endOfStream = true;
                    } else {
                        received.write(buffer, 0, n);
                    }
                }
            } catch (SocketTimeoutException nothingWaiting) {
                // all read
            } catch (IOException reset) {
                endOfStream = true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
