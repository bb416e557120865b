package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.airwave.app.it.IcyStreamReader.LogCapture;
import org.airwave.app.it.IcyStreamReader.Response;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.core.mount.Mount;
import org.airwave.core.stats.ListenerExit;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a mount lives through its sources and its listeners through their sources, on real sockets:
 * a source that ends with FIN or with RST is an ordinary disconnect (its listeners get the rest of
 * the buffered audio, whole frames, then a clean close; the mount stops being live and a new
 * source can take it), and a listener that stops reading is handled by
 * {@code listeners.lag-policy} once it falls out of the buffer window ({@code skip}: it jumps
 * ahead and keeps playing; {@code drop}: it is disconnected) while another listener keeps full
 * rate and the server keeps serving.
 *
 * <p>Before the server's cursor for a listener that reads nothing stops, the kernel queues up to
 * twice {@code listeners.send-buffer-bytes} for it (without that cap it would autotune up to
 * {@code net.ipv4.tcp_wmem}'s maximum, about 4 MB, and the lag policy would take minutes to act).
 * The lag tests feed a 320 kbit/s stream at {@value #FAST_FEED} times real time (800 KB/s; the 5 s
 * window is then 250 ms of wall time, which the listener that does read must never fall behind by,
 * even when the machine is busy) and stall until {@link #OVERFLOW_BYTES} more were sent: the window,
 * the capped send buffer and a margin, under a second.
  */
@EndToEnd
class SourceLifecycleTest {

    /** Speed of the lag tests' source, in multiples of real time of {@link ScriptedSource#MP3_320K}. */
    static final int FAST_FEED = 20;
    /** {@code listeners.send-buffer-bytes} of the lag tests. */
    static final int SEND_BUFFER = 65_536;
    static final int WINDOW_SECONDS = 5;
    /** Stream sent while a listener stalls: the window, what the kernel may queue for it (twice its cap), a margin. */
    static final long OVERFLOW_BYTES = WINDOW_SECONDS * ScriptedSource.MP3_320K_BYTES_PER_SECOND + 2L * SEND_BUFFER
            + 300_000;
    static final Map<String, String> LAG_CONFIG = Map.of(
            "buffer.window-seconds", Integer.toString(WINDOW_SECONDS),
            "buffer.burst-seconds", "1",
            "listeners.send-buffer-bytes", Integer.toString(SEND_BUFFER));
    private static final Duration WAIT = Duration.ofSeconds(5);

    private LogCapture log;
    private RunningServer server;

    @BeforeEach
    void captureLog() {
        log = LogCapture.attach();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        log.close();
    }

    @Test
    void sourceFinLetsListenersDrainTheBufferThenClosesThemAndFreesTheMount() throws Exception {
        server = RunningServer.start();
        long sent;
        try (ScriptedSource source = ScriptedSource.connect(server.port(), "/live").feedMp3(1.0, Duration.ofSeconds(30));
             IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live").startPump()) {
            await().atMost(WAIT).until(() -> listener.audioBytes() >= 8000);
            source.finish();
            sent = source.bytesSent();

            await().atMost(WAIT).until(listener::isEndOfStream);
            byte[] audio = listener.audio();
            long end = lastWholeFrameEnd(sent);
            assertThat(IcyStreamReader.walkMp3Frames(audio).endOfLastFrame()).as("ends on a whole frame")
                    .isEqualTo(audio.length);
            assertThat(audio).as("the listener got everything up to the last whole frame the source sent")
                    .isEqualTo(ScriptedSource.mp3Bytes(end - audio.length, end));
        }
        await().atMost(WAIT).until(() -> !server.isLive("/live"));
        assertThat(Response.exchange(server.port(), "GET /live HTTP/1.0\r\n\r\n").status()).isEqualTo(404);
        assertThat(log.linesWith("source left /live", "connection closed")).hasSize(1);
        assertANewSourceCanTakeTheMount();
    }

    @Test
    void listenersClosedAtShutdownAreToldTheServerStopsNotThatTheyWereKicked() throws Exception {
        server = RunningServer.start();
        try (ScriptedSource source = ScriptedSource.connect(server.port(), "/live").feedMp3(1.0, Duration.ofSeconds(30));
             IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live").startPump()) {
            await().atMost(WAIT).until(() -> listener.audioBytes() >= 8000);
            Mount live = server.find("/live").orElseThrow();
            server.close();
            server = null;

            await().atMost(WAIT).until(listener::isEndOfStream);
            assertThat(listener.wasReset()).as("a clean close (FIN)").isFalse();
            assertThat(live.stats().listenerExits(ListenerExit.SERVER_STOPPED)).isEqualTo(1);
            assertThat(live.stats().listenerExits(ListenerExit.KICKED)).isZero();
            assertThat(log.linesWith("kicked")).isEmpty();
            assertThat(log.linesWith("closing 1 listener connections: the server is stopping")).hasSize(1);
        }
    }

    @Test
    void sourceResetIsAnOrdinaryDisconnect() throws Exception {
        server = RunningServer.start();
        int linesBefore;
        try (ScriptedSource source = ScriptedSource.connect(server.port(), "/live").feedMp3(1.0, Duration.ofSeconds(30));
             IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live", "Icy-MetaData: 1").startPump()) {
            await().atMost(WAIT).until(() -> listener.audioBytes() >= 8000);
            linesBefore = log.lines().size();
            source.reset();

            await().atMost(WAIT).until(listener::isEndOfStream);
            byte[] audio = listener.audio();
            assertThat(IcyStreamReader.walkMp3Frames(audio).endOfLastFrame()).as("ends on a whole frame")
                    .isEqualTo(audio.length);
        }
        await().atMost(WAIT).until(() -> !server.isLive("/live"));
        assertThat(log.linesWith("source left /live")).hasSize(1);
        assertThat(log.lines().subList(linesBefore, log.lines().size())).as("nothing alarming logged for a reset")
                .noneMatch(l -> l.startsWith("WARN") || l.startsWith("ERROR"));
        assertANewSourceCanTakeTheMount();
    }

    @Test
    void stalledListenerIsSkippedAheadWithSkipPolicyWhileAnotherKeepsFullRate() throws Exception {
        server = RunningServer.start(with(LAG_CONFIG, "listeners.lag-policy", "skip"));
        try (ScriptedSource source = fastSource(server);
             IcyStreamReader fast = IcyStreamReader.open(server.port(), "/live").startPump();
             IcyStreamReader slow = IcyStreamReader.open(server.port(), 4096, "/live")) {
            stallUntilOutOfTheWindow(source, fast);
            assertThat(server.mount("/live").listeners()).as("the stalled listener is still connected").isEqualTo(2);
            assertServerStillServes();

            slow.startPump();
            String skipped = ":" + slow.localPort() + " ";
            await().atMost(Duration.ofSeconds(10)).until(() -> !log.linesWith(skipped, "skipped to the burst point").isEmpty());
            int afterSkip = slow.audioBytes();
            await().atMost(WAIT).until(() -> slow.audioBytes() > afterSkip + 100_000);
            assertThat(slow.isEndOfStream()).as("the skipped listener is still connected").isFalse();
            assertThat(IcyStreamReader.walkMp3Frames(slow.audio()).frames()).as("whole frames across the skip")
                    .isPositive();
            assertThat(fast.audioBytes()).as("the stalled listener missed what it was skipped past")
                    .isGreaterThan(slow.audioBytes() + ScriptedSource.MP3_320K_BYTES_PER_SECOND);
            assertThat(log.linesWith(":" + fast.localPort() + " ", "skipped")).as("the fast listener was never skipped")
                    .isEmpty();
        }
    }

    @Test
    void listenerThatFellOutOfTheWindowIsDroppedWithDropPolicy() throws Exception {
        server = RunningServer.start(with(LAG_CONFIG, "listeners.lag-policy", "drop"));
        try (ScriptedSource source = fastSource(server);
             IcyStreamReader fast = IcyStreamReader.open(server.port(), "/live").startPump();
             IcyStreamReader slow = IcyStreamReader.open(server.port(), 4096, "/live")) {
            stallUntilOutOfTheWindow(source, fast);

            // reading again drains what the socket buffers held, then the server's close
            slow.readToEnd(Duration.ofSeconds(10));
            await().atMost(WAIT).until(() -> server.mount("/live").listeners() == 1);
            assertThat(log.linesWith(":" + slow.localPort() + " ", "dropped", "listeners.lag-policy=drop")).hasSize(1);
            assertThat(IcyStreamReader.walkMp3Frames(slow.audio()).frames())
                    .as("the dropped listener got chained frames (the last one may be cut)").isPositive();
            int fastBefore = fast.audioBytes();
            await().atMost(WAIT).until(() -> fast.audioBytes() > fastBefore + 100_000);
            assertThat(fast.isEndOfStream()).as("the fast listener is still connected").isFalse();
            assertServerStillServes();
        }
    }

    /**
     * Lets the listener that reads nothing fall out of the window: waits until the source sent
     * {@link #OVERFLOW_BYTES} more, checking that {@code fast} kept up with the source meanwhile.
     */
    static void stallUntilOutOfTheWindow(ScriptedSource source, IcyStreamReader fast) {
        await().atMost(WAIT).until(() -> fast.audioBytes() > 0);
        long sentBefore = source.bytesSent();
        long fastBefore = fast.audioBytes();
        Duration bound = Duration.ofSeconds(10 + OVERFLOW_BYTES / (FAST_FEED * ScriptedSource.MP3_320K_BYTES_PER_SECOND));
        await().atMost(bound).until(() -> source.bytesSent() - sentBefore >= OVERFLOW_BYTES);
        long sentDuring = source.bytesSent() - sentBefore;
        await().atMost(WAIT).untilAsserted(() -> assertThat(fast.audioBytes() - fastBefore)
                .as("bytes the fast listener got while the other stalled (source sent %d)", sentDuring)
                .isGreaterThan(sentDuring * 9 / 10));
        assertThat(source.feedFailure()).isNull();
    }

    /** A source on /live feeding the 320 kbit/s stream at {@link #FAST_FEED} times real time. */
    static ScriptedSource fastSource(RunningServer server) throws IOException {
        return ScriptedSource.connect(server.port(), "/live").feed(ScriptedSource.MP3_320K,
                FAST_FEED * ScriptedSource.MP3_320K_BYTES_PER_SECOND, Duration.ofSeconds(60));
    }

    /** A new listener of /live gets its burst at once. */
    private void assertServerStillServes() throws Exception {
        try (IcyStreamReader third = IcyStreamReader.open(server.port(), "/live")) {
            assertThat(third.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            third.readAudio(ScriptedSource.MP3_BYTES_PER_SECOND / 2, Duration.ofSeconds(2));
        }
    }

    private void assertANewSourceCanTakeTheMount() throws Exception {
        try (ScriptedSource next = ScriptedSource.connect(server.port(), "/live").feedMp3(1.0, Duration.ofSeconds(10));
             IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live")) {
            assertThat(server.isLive("/live")).isTrue();
            byte[] audio = listener.readAudio(4000, WAIT).audio();
            assertThat(IcyStreamReader.mp3FrameLength(audio, 0)).as("new stream starts with a frame").isPositive();
        }
    }

    /** The end of the last whole frame within the first {@code sent} bytes of the looped fixture. */
    static long lastWholeFrameEnd(long sent) {
        byte[] mp3 = ScriptedSource.MP3;
        long loops = sent / mp3.length;
        int rest = (int) (sent % mp3.length);
        int end = 0;
        while (end + 4 <= mp3.length) {
            int length = IcyStreamReader.mp3FrameLength(mp3, end);
            if (end + length > rest) {
                break;
            }
            end += length;
        }
        return loops * mp3.length + end;
    }

    static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> all = new HashMap<>(base);
        all.put(key, value);
        return all;
    }
}
