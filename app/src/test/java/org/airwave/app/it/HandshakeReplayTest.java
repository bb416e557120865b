package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.airwave.core.mount.SourceInfo;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the recorded main source connection of every real source client (first 4 KB: the
 * handshake and the start of the audio, exactly as captured) and checks the answer those clients
 * need, the mount state that results, and that closing the connection frees the mount. The
 * SHOUTcast captures go to port+1; the fixtures' server mapped SHOUTcast sources to /live.
 */
@EndToEnd
class HandshakeReplayTest {

    private static final String OK = "HTTP/1.0 200 OK\r\n\r\n";
    private static final String CONTINUE_THEN_OK = "HTTP/1.1 100 Continue\r\n\r\n" + OK;
    private static final String OK2 = "OK2\r\nicy-caps:11\r\n\r\n";

    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(Map.of("shoutcast.mount", "/live"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} is accepted as a source of /live")
    @ValueSource(strings = {
        "butt-icecast", "butt-shoutcast", "darkice-icecast2", "darkice-icecast2-http11-reply-rejected",
        "ezstream-http", "ezstream-icy", "ffmpeg-icecast-legacy-source", "ffmpeg-icecast-put",
        "ffmpeg-icecast-put-options", "ffmpeg-icecast-put-aac-adts", "ffmpeg-icecast-put-ogg-opus",
        "ffmpeg-icecast-put-ogg-vorbis", "liquidsoap-http", "liquidsoap-http-chunked", "liquidsoap-icy",
        "shout-http", "shout-http-put", "shout-http-tls-disabled", "shout-icy"})
    void recordedSourceIsAccepted(String capture) throws Exception {
        byte[] request = Fixtures.handshake(capture + ".request.bin");
        boolean shoutcast = Fixtures.handshakeText(capture + ".request.txt").lines()
                .anyMatch(line -> line.contains("MAIN SOURCE CONNECTION") && line.contains(":9001"));
        String head = new String(request, 0, Math.min(request.length, 2048), StandardCharsets.ISO_8859_1);
        String expected = shoutcast ? OK2
                : head.toLowerCase().contains("expect: 100-continue") ? CONTINUE_THEN_OK : OK;

        try (RawConnection source = new RawConnection(shoutcast ? server.shoutcastPort() : server.port())) {
            source.send(request);
            String answer = new String(source.readBytes(expected.length()), StandardCharsets.ISO_8859_1);
            assertThat(answer).isEqualTo(expected);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.isLive("/live"));
            SourceInfo info = server.mount("/live").liveSource().orElseThrow().info();
            assertThat(info.protocol().tag()).isEqualTo(shoutcast ? "shoutcast" : "icecast");
            String expectedType = capture.endsWith("ogg-vorbis") ? "application/ogg"
                    : capture.endsWith("ogg-opus") ? "audio/ogg"
                    : capture.endsWith("aac-adts") ? "audio/aac" : "audio/mpeg";
            assertThat(info.contentType()).isEqualTo(expectedType);
            if (capture.startsWith("shout-") || capture.startsWith("ezstream-http")) {
                assertThat(info.name()).isNotEmpty();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.isLive("/live"));
    }

    @Test
    void darkiceShoutcastModeSendsAudioAsPasswordAndIsRefused() throws Exception {
        try (RawConnection source = new RawConnection(server.shoutcastPort())) {
            source.send(Fixtures.handshake("darkice-shoutcast.request.bin"));
            assertThat(source.readUntil("\r\n")).isEqualTo("invalid password\r\n");
            assertThat(source.isClosedByServer()).isTrue();
        }
        assertThat(server.isLive("/live")).isFalse();
    }

    @ParameterizedTest(name = "{0} metadata update sets the title")
    @ValueSource(strings = {"butt-icecast", "butt-shoutcast", "ezstream-http", "ezstream-icy", "liquidsoap-http",
        "liquidsoap-http-chunked", "liquidsoap-icy"})
    void recordedMetadataUpdateSetsTheTitle(String capture) throws Exception {
        String expectedTitle = capture.startsWith("butt") ? "Bütt Ärtist - Title & Co" : "Artist One - Title One";
        boolean viaShoutcastPort = capture.equals("ezstream-icy") || capture.equals("liquidsoap-icy");
        try (RawConnection source = new RawConnection(server.port())) {
            source.send("SOURCE /live HTTP/1.0\r\nAuthorization: Basic c291cmNlOmhhY2ttZQ==\r\n"
                    + "Content-Type: audio/mpeg\r\n\r\n");
            assertThat(source.readHead()).isEqualTo(OK);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.isLive("/live"));
            int port = viaShoutcastPort ? server.shoutcastPort() : server.port();
            byte[] request = Fixtures.handshake(capture + ".metadata-request.bin");
            String answer;
            try (RawConnection update = new RawConnection(port)) {
                answer = update.send(request).readHead();
            }
            if (answer.startsWith("HTTP/1.0 401")) {
                // libshout sends its first update without credentials and retries with them after the 401.
                assertThat(new String(request, StandardCharsets.ISO_8859_1)).doesNotContainIgnoringCase("authorization");
                try (RawConnection retry = new RawConnection(port)) {
                    answer = retry.send(withSourceCredentials(request)).readHead();
                }
            }
            assertThat(answer).startsWith("HTTP/1.0 200 OK");
            assertThat(server.title("/live")).isEqualTo(expectedTitle);
        }
    }

    @Test
    void liquidsoapsFirstTitleOvertakingItsHeadersIsAppliedEveryTime() throws Exception {
        byte[] login = Fixtures.handshake("liquidsoap-icy.request.bin");
        int passwordEnd = "hackme\r\n".length();
        for (int round = 0; round < 5; round++) {
            try (RawConnection source = new RawConnection(server.shoutcastPort());
                 RawConnection update = new RawConnection(server.port())) {
                source.send(Arrays.copyOf(login, passwordEnd));
                assertThat(source.readUntil("\r\n\r\n")).isEqualTo(OK2);
                // The race's worst case: the title update on the main port arrives before the headers.
                update.send(Fixtures.handshake("liquidsoap-icy.metadata-request.bin"));
                source.send(Arrays.copyOfRange(login, passwordEnd, login.length));

                assertThat(new String(update.readToEnd(Duration.ofSeconds(5)), StandardCharsets.ISO_8859_1))
                        .as("round %d", round).startsWith("HTTP/1.0 200 OK");
                assertThat(server.title("/live")).as("round %d", round).isEqualTo("Artist One - Title One");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !server.isLive("/live"));
        }
    }

    @Test
    void buttClosingBeforeTheAnswerStillUpdatesTheTitle() throws Exception {
        try (RawConnection source = new RawConnection(server.port())) {
            source.send("SOURCE /live HTTP/1.0\r\nAuthorization: Basic c291cmNlOmhhY2ttZQ==\r\n\r\n");
            assertThat(source.readHead()).isEqualTo(OK);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.isLive("/live"));
            new RawConnection(server.port()).send(Fixtures.handshake("butt-icecast.metadata-request.bin")).close();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> "Bütt Ärtist - Title & Co".equals(server.title("/live")));
        }
    }

    /** The request with libshout's retry header added after the request line. */
    private static byte[] withSourceCredentials(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int endOfLine = text.indexOf("\r\n") + 2;
        return (text.substring(0, endOfLine) + "Authorization: Basic c291cmNlOmhhY2ttZQ==\r\n" + text.substring(endOfLine))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0} gets the stream, with icy-metaint only when it asked for metadata")
    @ValueSource(strings = {"curl-listener", "mpg123-listener", "ffprobe-listener", "ffmpeg-listener", "mpv-listener",
        "streamripper-listener"})
    void recordedListenerRequestGetsTheStream(String capture) throws Exception {
        byte[] request = Fixtures.handshake(capture + ".request.bin");
        boolean asksForMetadata = new String(request, StandardCharsets.ISO_8859_1).toLowerCase().contains("icy-metadata: 1");
        try (RawConnection source = new RawConnection(server.port())) {
            source.send("SOURCE /live HTTP/1.0\r\nAuthorization: Basic c291cmNlOmhhY2ttZQ==\r\n"
                    + "Content-Type: audio/mpeg\r\nice-name: Replay\r\n\r\n");
            assertThat(source.readHead()).isEqualTo(OK);
            source.send(Fixtures.audioBytes("test-128k-44k1-stereo.mp3", 64 * 1024));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.mount("/live").passthroughBuffer()
                    .map(b -> b.head() > 2).orElse(false));
            try (RawConnection listener = new RawConnection(server.port())) {
                String head = listener.send(request).readHead();
                assertThat(head).startsWith("HTTP/1.0 200 OK\r\n").containsIgnoringCase("content-type: audio/mpeg")
                        .containsIgnoringCase("icy-name: Replay");
                if (asksForMetadata) {
                    assertThat(head).containsIgnoringCase("icy-metaint: 16000");
                } else {
                    assertThat(head).doesNotContainPattern("(?im)^icy-metaint:");
                }
                byte[] audio = listener.readBytes(4);
                assertThat(audio[0] & 0xff).as("burst starts on an MP3 frame").isEqualTo(0xff);
                assertThat(audio[1] & 0xe0).isEqualTo(0xe0);
            }
        }
    }

    @Test
    void libshoutProbeSequenceGetsSaneAnswersAndCreatesNoSource() throws Exception {
        try (RawConnection options = new RawConnection(server.port())) {
            String answer = options.send("OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: libshout/2.4.6\r\n"
                    + "Connection: Upgrade\r\nUpgrade: TLS/1.0, HTTP/1.1\r\n\r\n").readHead();
            assertThat(answer).startsWith("HTTP/1.0 200 OK").containsIgnoringCase("allow: GET, HEAD, OPTIONS, PUT, SOURCE");
        }
        try (RawConnection poke = new RawConnection(server.port())) {
            assertThat(poke.send("GET /admin/!POKE HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").readHead())
                    .startsWith("HTTP/1.0 400");
        }
        try (RawConnection challenge = new RawConnection(server.port())) {
            String answer = challenge.send("SOURCE /live HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: audio/mpeg\r\n"
                    + "Content-Length: 0\r\nConnection: Keep-Alive\r\nice-name: ShoutTest\r\n\r\n").readHead();
            assertThat(answer).startsWith("HTTP/1.0 401").containsIgnoringCase("www-authenticate: Basic realm=")
                    .containsIgnoringCase("allow: GET, PUT, OPTIONS, SOURCE");
        }
        try (RawConnection icyPoke = new RawConnection(server.shoutcastPort())) {
            icyPoke.send("!POKE\nicy-name:libshout server poke request\n\n");
            assertThat(icyPoke.isClosedByServer()).isTrue();
        }
        assertThat(server.isLive("/live")).isFalse();
    }
}
