package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every port answers every hostile request line with a status line or closes the connection within
 * a few seconds, and goes on serving: bad percent escapes in paths and queries, an escaped NUL, a
 * huge query, on the main port, the SHOUTcast port (its plain-HTTP fallback) and the management port.
 * A request in a protocol version the server does not speak gets 505 on each of them, and a source
 * cannot take a path the server answers itself.
 */
@EndToEnd
class HostileRequestsTest {

    private static final String HUGE_QUERY = "/live?" + "q=1&".repeat(2000);
    private static RunningServer server;
    private static int managementPort;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            managementPort = probe.getLocalPort();
        }
        server = RunningServer.start(Map.of("monitoring.port", Integer.toString(managementPort)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> hostileRequests() {
        ToIntFunction<RunningServer> main = RunningServer::port;
        ToIntFunction<RunningServer> shoutcast = RunningServer::shoutcastPort;
        ToIntFunction<RunningServer> management = running -> managementPort;
        return Stream.of(
                Arguments.of("main", main, "GET /%zz HTTP/1.1"),
                Arguments.of("main", main, "GET /live% HTTP/1.1"),
                Arguments.of("main", main, "GET /%e HTTP/1.1"),
                Arguments.of("main", main, "HEAD /%zz HTTP/1.0"),
                Arguments.of("main", main, "OPTIONS /%zz HTTP/1.1"),
                Arguments.of("main", main, "GET /live.m3u%g HTTP/1.1"),
                Arguments.of("main", main, "GET /%00 HTTP/1.1"),
                Arguments.of("main", main, "GET " + HUGE_QUERY + " HTTP/1.1"),
                Arguments.of("main", main, "GET /admin/metadata?mode=updinfo&mount=/live%zz&song=100% HTTP/1.1"),
                Arguments.of("main", main, "GET /admin/stats?mount=%zz HTTP/1.1"),
                Arguments.of("main", main, "GET /status-json.xsl?mount=/%e HTTP/1.1"),
                Arguments.of("main", main, "PUT /%zz HTTP/1.1"),
                Arguments.of("shoutcast", shoutcast, "GET /%zz HTTP/1.0"),
                Arguments.of("shoutcast", shoutcast, "GET /live% HTTP/1.1"),
                Arguments.of("shoutcast", shoutcast, "GET /admin.cgi?pass=%zz&mode=updinfo&song=%e HTTP/1.0"),
                Arguments.of("management", management, "GET /%zz HTTP/1.1"),
                Arguments.of("management", management, "GET /metrics?x=%zz% HTTP/1.1"),
                Arguments.of("management", management, "GET /health%e HTTP/1.1"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET / HTTP/2.0", "GET /status-json.xsl HTTP/9.9", "PRI * HTTP/2.0", "SOURCE /live ICE/2.0"})
    void anUnknownProtocolVersionIsAnswered505(String requestLine) throws IOException {
        for (int port : new int[] {server.port(), server.shoutcastPort(), managementPort}) {
            long before = server.stats().rejections(Protocol.HTTP, RejectReason.BAD_REQUEST);
            try (RawConnection client = new RawConnection(port)) {
                String answer = new String(client.send(requestLine + "\r\nHost: localhost\r\n\r\n")
                        .readToEnd(Duration.ofSeconds(5)), StandardCharsets.UTF_8);
                assertThat(answer).as("port %d", port).startsWith("HTTP/1.0 505 HTTP Version Not Supported\r\n")
                        .contains(" not supported (HTTP/1.0, HTTP/1.1 and ICE/1.0 are)");
            }
            assertThat(server.stats().rejections(Protocol.HTTP, RejectReason.BAD_REQUEST)).as("counted").isEqualTo(before + 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PUT /admin/stats HTTP/1.1", "PUT /status-json.xsl HTTP/1.1", "SOURCE /7.html ICE/1.0",
        "PUT /live.m3u HTTP/1.1"})
    void aSourceCannotTakeAPathTheServerAnswersItself(String requestLine) throws IOException {
        try (RawConnection source = new RawConnection(server.port())) {
            String answer = new String(source.send(requestLine + "\r\n" + IcyStreamReader.ScriptedSource.AUTHORIZATION
                    + "\r\nContent-Type: audio/mpeg\r\n\r\n").readToEnd(Duration.ofSeconds(5)), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.0 403 Forbidden\r\n").contains("Mountpoint not allowed: ");
        }
        try (RawConnection status = new RawConnection(server.port())) {
            String answer = new String(status.send("GET /status-json.xsl HTTP/1.0\r\n\r\n")
                    .readToEnd(Duration.ofSeconds(5)), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.0 200 OK").contains("icestats").doesNotContain("/admin/stats");
        }
    }

    @ParameterizedTest(name = "{0} port: {2}")
    @MethodSource("hostileRequests")
    void isAnsweredOrClosedAndTheServerGoesOnServing(String portName, ToIntFunction<RunningServer> port,
                                                     String requestLine) throws IOException {
        try (RawConnection hostile = new RawConnection(port.applyAsInt(server))) {
            hostile.send(requestLine + "\r\nHost: localhost\r\n\r\n");
            String firstLine;
            try {
                firstLine = hostile.readUntil("\r\n");
            } catch (SocketTimeoutException hung) {
                throw new AssertionError("no answer and no close within the read timeout: " + requestLine, hung);
            }
            assertThat(firstLine).as("a status line, or nothing (closed)").matches("(HTTP/1\\.[01] [1-5]\\d\\d .*\r\n)?");
        }
        try (RawConnection bystander = new RawConnection(server.port())) {
            assertThat(bystander.send("GET /status-json.xsl HTTP/1.0\r\n\r\n").readHead()).startsWith("HTTP/1.0 200 OK");
        }
    }
}
