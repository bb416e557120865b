package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.airwave.app.it.IcyStreamReader.LogCapture;
import org.airwave.app.it.IcyStreamReader.Response;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edge cases found by these end-to-end tests when they were written; each test's comment says
 * what went wrong before and how the server handles it now.
 */
@EndToEnd
class EdgeCasesTest {

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

    /**
     * Was: ListenerStream.drain() only looks at the cursor while the channel is writable, so lag
     * is noticed only when the listener reads again; with {@code lag-policy=drop} a listener that
     * stops reading for good is never dropped (it keeps its slot and its socket buffers forever).
     * Now: check the window on every append even when unwritable (ListenerCursor.isBehindWindow():
     * {@code next < buffer.tail()}) and apply the lag policy then.
     */
    @Test
    void listenerThatStopsReadingForGoodIsDroppedWithDropPolicy() throws Exception {
        server = RunningServer.start(SourceLifecycleTest.with(SourceLifecycleTest.LAG_CONFIG,
                "listeners.lag-policy", "drop"));
        try (ScriptedSource source = SourceLifecycleTest.fastSource(server);
             IcyStreamReader fast = IcyStreamReader.open(server.port(), "/live").startPump();
             IcyStreamReader stalled = IcyStreamReader.open(server.port(), 4096, "/live")) {
            SourceLifecycleTest.stallUntilOutOfTheWindow(source, fast);
            await().atMost(WAIT).untilAsserted(() -> assertThat(server.mount("/live").listeners())
                    .as("listeners after the stalled one fell out of the window (lag-policy=drop)").isEqualTo(1));
        }
    }

    /**
     * Was: SyncWordFramer counts the bytes of an ID3v2 tag it skips by its declared length in
     * skippedSinceLastFrame, so ChunkAssembler calls a tag larger than max-garbage-bytes garbage
     * and disconnects the source: every playlist source (ezstream) that sends a file with cover art
     * between tracks. Fix: in SyncWordFramer.nextFrame, skip pendingSkip (tag) bytes without adding
     * them to skippedSinceLastFrame (count them in skippedBytes only).
     */
    @Test
    void largeId3v2TagBetweenTracksIsNotGarbage() throws Exception {
        server = RunningServer.start(Map.of("limits.max-garbage-bytes", "65536"));
        try (ScriptedSource source = ScriptedSource.connect(server.port(), "/live")) {
            long end = SourceLifecycleTest.lastWholeFrameEnd(16_000);
            source.send(ScriptedSource.mp3Bytes(0, end)); // one track: whole frames
            try (IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live").startPump()) {
                ByteArrayOutputStream next = new ByteArrayOutputStream();
                next.write(id3v2Tag(200_000)); // the next track starts with 200 KB of cover art
                next.write(ScriptedSource.MP3);
                try {
                    source.send(next.toByteArray());
                } catch (IOException e) {
                    throw new AssertionError("server closed the source while it sent a tagged track: " + e);
                }
                assertThat(source.isClosedByServer(Duration.ofSeconds(1))).as("source cut off as garbage").isFalse();
                assertThat(server.isLive("/live")).isTrue();
                await().atMost(WAIT).until(() -> listener.audioBytes() > 100_000);
            }
        }
    }

    /**
     * Was: ListenerRequestHandler writes the listener's response head without flushing it
     * ({@code ctx.write(response, ctx.voidPromise())} for GET); the head only leaves with the
     * first audio chunk, so a listener of a source that is connected but has not sent audio yet
     * (or stalls) waits without a status line and players time out. Fix: {@code writeAndFlush}.
     */
    @Test
    void listenerGetsTheResponseHeadBeforeAnyAudio() throws Exception {
        server = RunningServer.start();
        try (ScriptedSource quiet = ScriptedSource.connect(server.port(), "/live")) {
            long start = System.nanoTime();
            try (IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live")) { // fails after 5 s
                assertThat(listener.statusLine()).isEqualTo("HTTP/1.0 200 OK");
                assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the head arrived").isLessThan(1000);
            }
        }
    }

    /**
     * Was: RequestRouter answers any method on an /admin path with 400 "Unknown admin request"
     * before it looks at the method, so an unknown method there gets 400 instead of 405 + Allow.
     * Now: only route GET/HEAD to the admin branch (RequestRouter, the {@code path.startsWith("/admin/")}
     * branch), letting other methods fall through to the 405 branch.
     */
    @Test
    void unknownMethodOnAnAdminPathGets405() throws Exception {
        server = RunningServer.start();
        Response response = Response.exchange(server.port(), "PATCH /admin/metadata HTTP/1.0\r\n\r\n");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).contains("GET");
    }

    /**
     * Was: ListenerRequestHandler answers a bad mount name with 400 but logs nothing (a source to
     * the same name is logged). Fix: log at INFO where it sends "Bad mount" (remote address, the
     * path through a Printable-style escaper, the problem).
     */
    @Test
    void listenerRequestForABadMountIsLoggedOnce() throws Exception {
        server = RunningServer.start();
        Response response = Response.exchange(server.port(), "GET /a/%2e%2e/b HTTP/1.0\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(2)).until(() -> !log.linesWith("/a/../b").isEmpty());
        assertThat(log.linesWith("/a/../b")).hasSize(1);
    }

    /**
     * Was: the source idle timeout is logged as {@code limits.source-idle-timeout}, a key that does
     * not exist (the config key is {@code limits.source-idle-timeout-seconds}), so an operator cannot
     * find the limit from the log. Fix: name the real key in SourceStreamHandler.userEventTriggered.
     */
    @Test
    void sourceIdleTimeoutLogNamesItsConfigKey() throws Exception {
        server = RunningServer.start(Map.of("limits.source-idle-timeout-seconds", "1"));
        try (ScriptedSource stalled = ScriptedSource.connect(server.port(), "/stall")) {
            stalled.send(ScriptedSource.mp3Bytes(0, 10 * 418));
            assertThat(stalled.isClosedByServer(WAIT)).isTrue();
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> log.linesWith("source left /stall").size() == 1);
        assertThat(log.linesWith("source left /stall").get(0)).contains("limits.source-idle-timeout-seconds");
    }

    /** An ID3v2.4 tag of {@code size} bytes in all: a header with a syncsafe size and a zero body. */
    private static byte[] id3v2Tag(int size) {
        int body = size - 10;
        byte[] tag = new byte[size];
        tag[0] = 'I';
        tag[1] = 'D';
        tag[2] = '3';
        tag[3] = 4;
        tag[4] = 0;
        tag[5] = 0;
        tag[6] = (byte) ((body >> 21) & 0x7F);
        tag[7] = (byte) ((body >> 14) & 0x7F);
        tag[8] = (byte) ((body >> 7) & 0x7F);
        tag[9] = (byte) (body & 0x7F);
        return tag;
    }
}
