package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.airwave.app.it.IcyStreamReader.MetadataBlock;
import org.airwave.app.it.IcyStreamReader.Response;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a listener sees, per PROTOCOLS.md §4, on real sockets against a scripted source on
 * {@code /live} that sends the usual {@code ice-*} headers and the MP3 fixture at real time: the
 * response head (status line, content type, station headers, {@code icy-metaint} only when asked,
 * no-cache and CORS headers), the CORS preflight, HEAD, Range, 404 without a source, playlists
 * with absolute URLs, and the body: ICY metadata blocks after exactly every 16000 audio bytes
 * with the current title first and sanitised titles, audio that is whole MP3 frames from the
 * first byte, and a burst of about {@code buffer.burst-seconds} of audio on connect.
 */
@EndToEnd
class ListenerBehaviourTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int METAINT = 16_000;
    private static final String[] STATION = {
        "ice-name: Airwave Test FM",
        "ice-genre: Test Tones",
        "ice-url: https://airwave.example/",
        "ice-description: Sweeps and sines",
        "ice-public: 1",
        "ice-bitrate: 128",
        "ice-audio-info: ice-samplerate=44100;ice-bitrate=128;ice-channels=2",
    };

    private RunningServer server;
    private ScriptedSource source;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start();
        source = ScriptedSource.connect(server.port(), "/live", STATION).feedMp3(1.0, Duration.ofSeconds(60));
        await().atMost(WAIT).until(() -> server.isLive("/live"));
    }

    @AfterEach
    void stop() throws Exception {
        source.close();
        server.close();
    }

    @Test
    void responseHeadIsHttp10WithStationHeadersFromTheSource() throws Exception {
        try (IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live")) {
            assertThat(listener.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            assertThat(listener.header("Content-Type")).isEqualTo("audio/mpeg");
            assertThat(listener.header("icy-name")).isEqualTo("Airwave Test FM");
            assertThat(listener.header("icy-genre")).isEqualTo("Test Tones");
            assertThat(listener.header("icy-url")).isEqualTo("https://airwave.example/");
            assertThat(listener.header("icy-description")).isEqualTo("Sweeps and sines");
            assertThat(listener.header("icy-pub")).isEqualTo("1");
            assertThat(listener.header("icy-br")).isEqualTo("128");
            assertThat(listener.header("ice-audio-info")).isEqualTo("samplerate=44100;bitrate=128;channels=2");
            assertThat(listener.header("icy-metaint")).as("not asked for metadata").isNull();
            assertThat(listener.header("Cache-Control")).contains("no-cache");
            assertThat(listener.head()).doesNotContain(RunningServer.SOURCE_PASSWORD).doesNotContain("Authorization");
        }
    }

    @Test
    void responseHeadCarriesCorsHeadersThatExposeTheIcyHeaders() throws Exception {
        try (IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live",
                "Origin: https://player.example")) {
            assertThat(listener.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(listener.header("Access-Control-Allow-Headers")).containsIgnoringCase("Icy-MetaData");
            assertThat(commaList(listener.header("Access-Control-Expose-Headers")))
                    .contains("icy-metaint", "icy-name", "icy-genre", "icy-url", "icy-br", "icy-pub",
                            "icy-description", "ice-audio-info");
        }
    }

    @ParameterizedTest(name = "\"{0}\" gets icy-metaint 16000")
    @ValueSource(strings = {"Icy-MetaData: 1", "Icy-Metadata: 1", "icy-metadata: 1", "ICY-METADATA:1", "Icy-MetaData: 2"})
    void metaintIsAnnouncedWhenTheListenerAsks(String request) throws Exception {
        try (IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live", request)) {
            assertThat(listener.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            assertThat(listener.header("icy-metaint")).isEqualTo("16000");
        }
    }

    @ParameterizedTest(name = "\"{0}\" gets no icy-metaint")
    @ValueSource(strings = {"Icy-MetaData: 0", "Icy-MetaData: no", "X-Nothing: 1"})
    void metaintIsNotAnnouncedWhenTheListenerDoesNotAsk(String request) throws Exception {
        try (IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live", request)) {
            assertThat(listener.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            assertThat(listener.header("icy-metaint")).isNull();
            byte[] audio = listener.readAudio(METAINT + 1000, WAIT).audio();
            assertThat(IcyStreamReader.walkMp3Frames(audio).frames()).as("plain audio, no blocks").isGreaterThan(38);
        }
    }

    @Test
    void corsPreflightIsAnswered204() throws Exception {
        Response response = exchange("OPTIONS /live HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://player.example\r\n"
                + "Access-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: icy-metadata\r\n\r\n");
        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(response.header("Access-Control-Allow-Methods")).contains("GET");
        assertThat(response.header("Access-Control-Allow-Headers")).containsIgnoringCase("Icy-MetaData");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void headGetsTheHeadersAndNoBody() throws Exception {
        Response response = exchange("HEAD /live HTTP/1.0\r\nIcy-MetaData: 1\r\n\r\n");
        assertThat(response.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(response.header("Content-Type")).isEqualTo("audio/mpeg");
        assertThat(response.header("icy-name")).isEqualTo("Airwave Test FM");
        assertThat(response.header("icy-metaint")).isEqualTo("16000");
        assertThat(response.body()).as("body of a HEAD answer").isEmpty();
    }

    @Test
    void rangeRequestIsIgnoredAndAnswered200() throws Exception {
        try (IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live", "Range: bytes=0-")) {
            assertThat(listener.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            assertThat(listener.header("Content-Range")).isNull();
            assertThat(IcyStreamReader.walkMp3Frames(listener.readAudio(8000, WAIT).audio()).frames()).isPositive();
        }
    }

    @Test
    void mountWithoutSourceIs404() throws Exception {
        assertThat(exchange("GET /silence HTTP/1.0\r\n\r\n").status()).isEqualTo(404);
        assertThat(exchange("HEAD /silence HTTP/1.0\r\n\r\n").status()).isEqualTo(404);
        assertThat(exchange("GET /silence.m3u HTTP/1.0\r\n\r\n").status()).isEqualTo(404);
    }

    @Test
    void playlistsPointAtTheStreamWithAnAbsoluteUrlFromTheHostHeader() throws Exception {
        String host = "Host: radio.example.org:8443\r\n";
        Response m3u = exchange("GET /live.m3u HTTP/1.0\r\n" + host + "\r\n");
        assertThat(m3u.status()).isEqualTo(200);
        assertThat(m3u.header("Content-Type")).startsWith("audio/x-mpegurl");
        assertThat(m3u.body().strip()).isEqualTo("http://radio.example.org:8443/live");

        Response pls = exchange("GET /live.pls HTTP/1.0\r\n" + host + "\r\n");
        assertThat(pls.status()).isEqualTo(200);
        assertThat(pls.header("Content-Type")).startsWith("audio/x-scpls");
        assertThat(pls.body().lines()).contains("[playlist]", "NumberOfEntries=1",
                "File1=http://radio.example.org:8443/live", "Title1=Airwave Test FM", "Length1=-1", "Version=2");

        Response xspf = exchange("GET /live.xspf HTTP/1.0\r\n" + host + "\r\n");
        assertThat(xspf.status()).isEqualTo(200);
        assertThat(xspf.header("Content-Type")).startsWith("application/xspf+xml");
        assertThat(xspf.body()).contains("<location>http://radio.example.org:8443/live</location>");
    }

    @Test
    void playlistIgnoresAHostHeaderThatCouldInjectLines() throws Exception {
        Response m3u = exchange("GET /live.m3u HTTP/1.0\r\nHost: evil.example/x\r\n\r\n");
        assertThat(m3u.status()).isEqualTo(200);
        assertThat(m3u.body()).startsWith("http://").doesNotContain("evil.example").endsWith("/live\r\n");
    }

    @Test
    void icyBlocksFollowEvery16000AudioBytesWithTheCurrentTitleFirstAndChangesLater() throws Exception {
        setTitle("First Artist - First Song");
        try (IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live", "Icy-MetaData: 1")) {
            assertThat(listener.metaint()).isEqualTo(METAINT);
            listener.readBlocks(3, WAIT);
            List<MetadataBlock> first = listener.blocks();
            assertThat(first.get(0).streamTitle()).isEqualTo("First Artist - First Song");
            assertThat(first.subList(1, 3)).as("unchanged title").allMatch(MetadataBlock::isEmpty);

            setTitle("Rock';n Roll\r\nPart 2");
            int seen = listener.blocks().size();
            listener.readUntil(r -> r.blocks().stream().skip(seen).anyMatch(b -> !b.isEmpty()), WAIT,
                    "a block with the new title");
            List<MetadataBlock> all = listener.blocks();
            MetadataBlock changed = all.stream().skip(seen).filter(b -> !b.isEmpty()).findFirst().orElseThrow();
            assertThat(changed.streamTitle()).as("title as a client reads it up to the first ';")
                    .isEqualTo("Rock' ;n RollPart 2");
            assertThat(all.subList(1, all.indexOf(changed))).allMatch(MetadataBlock::isEmpty);

            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).audioOffset()).as("audio bytes before block %d", i).isEqualTo((i + 1L) * METAINT);
                if (!all.get(i).isEmpty()) {
                    assertThat(all.get(i).text()).matches("StreamTitle='[^\\x00-\\x1f]*';");
                }
            }
            byte[] audio = listener.audio();
            assertThat(IcyStreamReader.mp3FrameLength(audio, 0)).as("frame header at the first audio byte").isPositive();
            IcyStreamReader.FrameWalk walk = IcyStreamReader.walkMp3Frames(audio);
            assertThat(walk.frames()).as("whole frames, chained from byte 0").isGreaterThanOrEqualTo(20);
            assertIsPartOfTheSourceStream(audio);
        }
    }

    @Test
    void newListenerGetsAboutTheBurstAtOnce() throws Exception {
        // 3 s of audio sent at real time (and buffered) before the listener connects
        await().atMost(WAIT).until(() -> source.bytesSent() >= 3 * ScriptedSource.MP3_BYTES_PER_SECOND
                && server.mount("/live").passthroughBuffer().map(b -> b.totalBytes() >= 46_000).orElse(false));
        long start = System.nanoTime();
        try (IcyStreamReader listener = IcyStreamReader.open(server.port(), "/live")) {
            listener.readFor(Duration.ofMillis(300).minusNanos(System.nanoTime() - start));
            int burst = listener.audioBytes();
            assertThat(burst).as("bytes in the first 300 ms (buffer.burst-seconds=2 at 16000 B/s)")
                    .isBetween((int) (1.5 * ScriptedSource.MP3_BYTES_PER_SECOND), 4 * ScriptedSource.MP3_BYTES_PER_SECOND);
            byte[] audio = listener.audio();
            assertThat(IcyStreamReader.walkMp3Frames(audio).endOfLastFrame()).as("burst ends on a frame boundary")
                    .isGreaterThan(audio.length - 418);
            assertIsPartOfTheSourceStream(audio);
        }
    }

    @Test
    void listenersWithAndWithoutMetadataBothGetTheSameValidAudio() throws Exception {
        setTitle("Shared Title");
        try (IcyStreamReader withIcy = IcyStreamReader.open(server.port(), "/live", "Icy-MetaData: 1").startPump();
             IcyStreamReader plain = IcyStreamReader.open(server.port(), "/live").startPump()) {
            await().atMost(WAIT).until(() -> withIcy.blocks().size() >= 2 && plain.audioBytes() >= 2 * METAINT);
            withIcy.stopPump();
            plain.stopPump();
            assertThat(withIcy.blocks().get(0).streamTitle()).isEqualTo("Shared Title");
            assertThat(plain.header("icy-metaint")).isNull();
            for (IcyStreamReader listener : List.of(withIcy, plain)) {
                byte[] audio = listener.audio();
                assertThat(IcyStreamReader.walkMp3Frames(audio).frames()).isGreaterThan(70);
                assertIsPartOfTheSourceStream(audio);
            }
        }
    }

    /** The audio is an unchanged run of the source's bytes: the looped fixture from some offset. */
    private static void assertIsPartOfTheSourceStream(byte[] audio) {
        byte[] fixture = ScriptedSource.MP3;
        int probe = Math.min(1024, audio.length);
        int start = -1;
        for (int i = 0; i < fixture.length && start < 0; i++) {
            boolean match = true;
            for (int j = 0; j < probe && match; j++) {
                match = fixture[(i + j) % fixture.length] == audio[j];
            }
            if (match) {
                start = i;
            }
        }
        assertThat(start).as("offset of the audio in the source stream").isNotNegative();
        assertThat(audio).as("audio equals the source's bytes from offset %d", start)
                .isEqualTo(ScriptedSource.mp3Bytes(start, start + audio.length));
    }

    private void setTitle(String title) throws Exception {
        AdminRequests.setTitle(server.port(), AdminRequests.SOURCE, "/live", title);
        assertThat(server.title("/live")).isEqualTo(title);
    }

    private Response exchange(String request) throws Exception {
        return Response.exchange(server.port(), request);
    }

    private static List<String> commaList(String value) {
        assertThat(value).isNotNull();
        return List.of(value.toLowerCase().split("\\s*,\\s*"));
    }
}
