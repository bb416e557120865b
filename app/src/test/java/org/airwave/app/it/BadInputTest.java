package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.airwave.app.it.IcyStreamReader.LogCapture;
import org.airwave.app.it.IcyStreamReader.Response;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and broken input on real sockets: oversized request lines and headers, unknown methods,
 * bad mount names, wrong credentials, unsupported types, garbage instead of audio, a source that
 * stalls, clients that send no head or send it one byte at a time, and sources or listeners
 * beyond the configured capacity. Each gets the right status (with the config key of the limit
 * it hit) or a clean close, is logged exactly once, and disturbs nobody else: every test runs
 * next to a bystander, a good source on {@code /calm} fed at real time with a listener that must
 * keep receiving valid MP3 frames to the end of the test.
 *
 * <p>The server runs with small limits so that each one is reached quickly: see {@link #LIMITS}.
 */
@EndToEnd
class BadInputTest {

    /** Small limits, each reached quickly by one test; a test adds its own on top. */
    private static final Map<String, String> LIMITS = Map.of(
            "limits.max-request-line-bytes", "1024",
            "limits.max-header-bytes", "4096",
            "limits.max-header-count", "20",
            "limits.header-timeout-seconds", "1",
            "limits.source-idle-timeout-seconds", "1",
            "limits.max-garbage-bytes", "8192");
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String AUTH = ScriptedSource.AUTHORIZATION + "\r\n";

    private LogCapture log;
    private RunningServer server;
    private ScriptedSource bystander;
    private IcyStreamReader audience;

    @BeforeEach
    void captureLog() {
        log = LogCapture.attach();
    }

    @AfterEach
    void stop() throws IOException {
        if (audience != null) {
            audience.close();
        }
        if (bystander != null) {
            bystander.close();
        }
        if (server != null) {
            server.close();
        }
        log.close();
    }

    @Test
    void requestLineOverTheLimitGets414NamingTheLimit() throws Exception {
        startWithBystander(Map.of());
        Response response = exchange("GET /" + "a".repeat(2000) + " HTTP/1.0\r\n\r\n");
        assertThat(response.status()).isEqualTo(414);
        assertThat(response.body()).contains("limits.max-request-line-bytes");
        assertLoggedOnce("414", "limits.max-request-line-bytes");
        assertBystanderStillPlaying();
    }

    @Test
    void headersOverTheByteLimitGet431NamingTheLimit() throws Exception {
        startWithBystander(Map.of());
        Response response = exchange("GET /calm HTTP/1.0\r\nX-Padding: " + "b".repeat(5000) + "\r\n\r\n");
        assertThat(response.status()).isEqualTo(431);
        assertThat(response.body()).contains("limits.max-header-bytes");
        assertLoggedOnce("431", "limits.max-header-bytes");
        assertBystanderStillPlaying();
    }

    @Test
    void tooManyHeaderLinesGet431NamingTheLimit() throws Exception {
        startWithBystander(Map.of());
        StringBuilder request = new StringBuilder("GET /calm HTTP/1.0\r\n");
        for (int i = 0; i < 21; i++) {
            request.append("X-Header-").append(i).append(": ").append(i).append("\r\n");
        }
        Response response = exchange(request.append("\r\n").toString());
        assertThat(response.status()).isEqualTo(431);
        assertThat(response.body()).contains("limits.max-header-count");
        assertLoggedOnce("431", "limits.max-header-count");
        assertBystanderStillPlaying();
    }

    @ParameterizedTest(name = "{0} gets 405 with Allow")
    @ValueSource(strings = {"FOO /", "DELETE /live", "POST /calm", "BREW /calm.m3u"})
    void unknownMethodsGet405WithAllow(String methodAndTarget) throws Exception {
        startWithBystander(Map.of());
        Response response = exchange(methodAndTarget + " HTTP/1.0\r\n\r\n");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).contains("GET", "PUT", "SOURCE");
        String method = methodAndTarget.substring(0, methodAndTarget.indexOf(' '));
        assertLoggedOnce("method " + method + " not allowed");
        assertBystanderStillPlaying();
    }

    static Stream<Arguments> badMounts() {
        return Stream.of(
                Arguments.of("dot-dot segment", "/..", "/.."),
                Arguments.of("escaped dot-dot segment", "/a/%2e%2e/b", "/a/../b"),
                Arguments.of("escaped control character", "/a%01b", "/a\u0001b"),
                Arguments.of("raw control character", "/a\u0001b", "/a\u0001b"),
                Arguments.of("300-character name", "/" + "m".repeat(299), "/" + "m".repeat(299)),
                Arguments.of("empty segment", "/a//b", "/a//b"),
                Arguments.of("backslash", "/a\\b", "/a\\b"));
    }

    @ParameterizedTest(name = "source to a mount with a {0} gets 400")
    @MethodSource("badMounts")
    void sourceToABadMountNameGets400(String problem, String target, String decoded) throws Exception {
        startWithBystander(Map.of());
        Response response = exchange("SOURCE " + target + " HTTP/1.0\r\n" + AUTH
                + "Content-Type: audio/mpeg\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(server.isLive(decoded)).isFalse();
        assertThat(log.linesWith(" 400 ")).as("log lines about the refusal").hasSize(1);
        assertBystanderStillPlaying();
    }

    @ParameterizedTest(name = "listener of a mount with a {0} gets 400")
    @MethodSource("badMounts")
    void listenerOfABadMountNameGets400(String problem, String target, String decoded) throws Exception {
        startWithBystander(Map.of());
        Response response = exchange("GET " + target + " HTTP/1.0\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).as("the reason").isNotBlank();
        assertThat(server.isLive(decoded)).isFalse();
        assertBystanderStillPlaying();
    }

    @Test
    void wrongPasswordGets401AndDoesNotTakeTheMount() throws Exception {
        startWithBystander(Map.of());
        String wrong = Base64.getEncoder().encodeToString("source:wrong".getBytes(StandardCharsets.UTF_8));
        Response response = exchange("SOURCE /live HTTP/1.0\r\nAuthorization: Basic " + wrong + "\r\n"
                + "Content-Type: audio/mpeg\r\n\r\n");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(server.isLive("/live")).isFalse();
        assertLoggedOnce("wrong credentials");
        assertBystanderStillPlaying();
    }

    @Test
    void putWithoutContentTypeGets400() throws Exception {
        startWithBystander(Map.of());
        Response response = exchange("PUT /live HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH + "\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).containsIgnoringCase("content-type");
        assertThat(server.isLive("/live")).isFalse();
        assertLoggedOnce("source refused for /live", "400");
        assertBystanderStillPlaying();
    }

    @Test
    void unsupportedContentTypeGets415() throws Exception {
        startWithBystander(Map.of());
        Response response = exchange("PUT /video HTTP/1.1\r\n" + AUTH + "Content-Type: video/mp4\r\n\r\n");
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.body()).contains("video/mp4");
        assertThat(server.isLive("/video")).isFalse();
        assertLoggedOnce("source refused for /video", "415");
        assertBystanderStillPlaying();
    }

    @Test
    void secondSourceOnALiveMountGets403MountpointInUse() throws Exception {
        startWithBystander(Map.of());
        Response response = exchange("SOURCE /calm HTTP/1.0\r\n" + AUTH + "Content-Type: audio/mpeg\r\n\r\n");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("Mountpoint in use");
        assertLoggedOnce("source refused for /calm", "Mountpoint in use");
        assertBystanderStillPlaying();
    }

    @Test
    void sourceBeyondMaxSourcesGets403NamingTheLimitUntilASlotIsFree() throws Exception {
        startWithBystander(Map.of("limits.max-sources", "2")); // the bystander holds one
        try (ScriptedSource second = ScriptedSource.connect(server.port(), "/second")) {
            Response response = exchange("SOURCE /third HTTP/1.0\r\n" + AUTH + "Content-Type: audio/mpeg\r\n\r\n");
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.body()).contains("limits.max-sources");
            assertThat(server.isLive("/third")).isFalse();
            assertLoggedOnce("source refused for /third", "limits.max-sources");
            second.finish();
            await().atMost(WAIT).until(() -> !server.isLive("/second"));
        }
        try (ScriptedSource third = ScriptedSource.connect(server.port(), "/third")) {
            assertThat(server.isLive("/third")).isTrue();
        }
        assertBystanderStillPlaying();
    }

    @Test
    void listenerBeyondMaxListenersGets503NamingTheLimit() throws Exception {
        startWithBystander(Map.of("limits.max-listeners", "2")); // the bystander's listener is one
        try (IcyStreamReader second = IcyStreamReader.open(server.port(), "/calm")) {
            assertThat(second.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            Response refused = exchange("GET /calm HTTP/1.0\r\n\r\n");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body()).contains("limits.max-listeners");
            assertLoggedOnce("listener refused", "limits.max-listeners");
            second.readAudio(4000, WAIT);
        }
        assertBystanderStillPlaying();
    }

    @Test
    void garbageInsteadOfAudioIsCutOffAtTheGarbageLimitAndFreesTheMount() throws Exception {
        startWithBystander(Map.of());
        byte[] garbage = garbage(16 * 1024);
        try (ScriptedSource noise = ScriptedSource.connect(server.port(), "/noise")) {
            noise.send(Arrays.copyOfRange(garbage, 0, 7000));
            // under limits.max-garbage-bytes=8192: still a (silent) source
            assertThat(noise.isClosedByServer(Duration.ofMillis(500))).isFalse();
            assertThat(server.isLive("/noise")).isTrue();

            noise.send(Arrays.copyOfRange(garbage, 7000, 9000));
            assertThat(noise.isClosedByServer(WAIT)).as("closed after 9000 garbage bytes").isTrue();
        }
        await().atMost(WAIT).until(() -> !server.isLive("/noise"));
        assertLoggedOnce("source left /noise", "not audio", "max-garbage-bytes");
        try (ScriptedSource good = ScriptedSource.connect(server.port(), "/noise")) {
            assertThat(server.isLive("/noise")).as("the mount is free for a good source").isTrue();
        }
        assertBystanderStillPlaying();
    }

    @Test
    void garbageFedContinuouslyIsCutOffWhileAnotherMountKeepsPlaying() throws Exception {
        startWithBystander(Map.of());
        try (ScriptedSource noise = ScriptedSource.connect(server.port(), "/noise")) {
            noise.feed(garbage(64 * 1024), 64 * 1024, Duration.ofSeconds(10));
            assertThat(noise.isClosedByServer(WAIT)).isTrue();
            await().atMost(WAIT).until(() -> !server.isLive("/noise"));
            assertBystanderStillPlaying();
        }
        assertLoggedOnce("source left /noise", "not audio");
    }

    @Test
    void stalledSourceIsClosedAfterTheIdleTimeoutAndFreesTheMount() throws Exception {
        startWithBystander(Map.of());
        try (ScriptedSource stalled = ScriptedSource.connect(server.port(), "/stall")) {
            stalled.send(ScriptedSource.mp3Bytes(0, 20 * 418));
            long stalledAt = System.nanoTime();
            assertThat(server.isLive("/stall")).isTrue();
            assertThat(stalled.isClosedByServer(WAIT)).as("closed by the idle timeout").isTrue();
            long afterMillis = (System.nanoTime() - stalledAt) / 1_000_000;
            assertThat(afterMillis).as("ms until the close (limits.source-idle-timeout-seconds=1)")
                    .isBetween(800L, 3000L);
        }
        await().atMost(WAIT).until(() -> !server.isLive("/stall"));
        assertLoggedOnce("source left /stall", "source-idle-timeout");
        assertBystanderStillPlaying();
    }

    @Test
    void clientThatSendsNothingIsClosedAfterTheHeaderTimeout() throws Exception {
        startWithBystander(Map.of());
        long start = System.nanoTime();
        try (RawConnection silent = new RawConnection(server.port())) {
            assertThat(silent.readToEnd(WAIT)).as("nothing is answered").isEmpty();
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the close (limits.header-timeout-seconds=1)")
                .isBetween(800L, 3000L);
        assertLoggedOnce("no complete request head");
        assertBystanderStillPlaying();
    }

    @Test
    void slowLorisHeadIsClosedByTheHeaderTimeout() throws Exception {
        startWithBystander(Map.of());
        byte[] head = "GET /calm HTTP/1.0\r\nUser-Agent: slow-loris\r\nX-Drip: 1\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(5000);
            Thread dripper = new Thread(() -> drip(socket, head), "slow-loris");
            dripper.setDaemon(true);
            dripper.start();
            byte[] answer = socket.getInputStream().readAllBytes();
            long closedAfter = (System.nanoTime() - start) / 1_000_000;
            dripper.join(2000);
            assertThat(answer).as("nothing is answered").isEmpty();
            assertThat(closedAfter).as("ms until the close (limits.header-timeout-seconds=1)").isBetween(800L, 3000L);
        } catch (SocketException reset) {
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(800L, 3000L);
        }
        assertLoggedOnce("no complete request head");
        assertBystanderStillPlaying();
    }

    /** Writes one byte per 200 ms until the head is out or the server closed the connection. */
    private static void drip(Socket socket, byte[] head) {
        try {
            OutputStream out = socket.getOutputStream();
            for (byte b : head) {
                out.write(b);
                out.flush();
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException closed) {
            // the server closed the connection: expected
        }
    }

    private void startWithBystander(Map<String, String> extra) throws Exception {
        Map<String, String> config = new HashMap<>(LIMITS);
        config.putAll(extra);
        server = RunningServer.start(config);
        bystander = ScriptedSource.connect(server.port(), "/calm", "ice-name: Bystander")
                .feedMp3(1.0, Duration.ofSeconds(60));
        audience = IcyStreamReader.open(server.port(), "/calm").startPump();
        await().atMost(WAIT).until(() -> audience.audioBytes() > 0);
    }

    /** The bystander's source is still live and its listener still gets valid frames at about real time. */
    private void assertBystanderStillPlaying() {
        assertThat(server.isLive("/calm")).as("bystander source live").isTrue();
        assertThat(bystander.feedFailure()).as("bystander source write error").isNull();
        int before = audience.audioBytes();
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(audience.audioBytes()).as("bystander listener bytes").isGreaterThan(before + 8000));
        assertThat(audience.isEndOfStream()).as("bystander listener closed").isFalse();
        assertThat(IcyStreamReader.walkMp3Frames(audience.audio()).frames()).isPositive();
    }

    private void assertLoggedOnce(String... fragments) {
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(log.linesWith(fragments)).as("log lines with %s in%n%s", String.join(", ", fragments),
                        String.join("\n", log.lines())).isNotEmpty());
        assertThat(log.linesWith(fragments)).as("log lines with %s", String.join(", ", fragments)).hasSize(1);
    }

    private Response exchange(String request) throws IOException {
        return Response.exchange(server.port(), request);
    }

    /** Random bytes with no MPEG sync byte (0xFF) and no ID3 tag start ('I'): nothing a framer can lock on. */
    private static byte[] garbage(int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        for (int i = 0; i < length; i++) {
            if (bytes[i] == (byte) 0xFF || bytes[i] == 'I') {
                bytes[i] = 0x00;
            }
        }
        return bytes;
    }
}
