package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.airwave.app.it.IcyStreamReader.Response;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.testing.EndToEnd;
import org.airwave.testing.PythonBytesLiteral;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The status endpoints that existing tools parse, end to end: real sources (the capture script's
 * Icecast headers, an Ogg SOURCE, a SHOUTcast v1 login on port+1) and real listeners in the same
 * situations as icecast2 2.4.4 was captured in, and {@code /status-json.xsl} compared with the
 * captured answer field by field (same keys in the same order, same JSON types, same values but
 * for times, the server's name and port). Then butt's own polling requests, replayed byte for byte
 * from the captures and read the way butt 0.1.37 reads them, in Icecast and in SHOUTcast mode; and
 * Airwave's {@code /api/v1/status} and event stream over a real socket.
 *
 * <p>The icecast2 captures live in the serve module's test resources (they are also compared there
 * byte for byte); this test reads them from that directory.
 */
@Timeout(120)
@EndToEnd
class CompatEndpointsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Path CAPTURES = Path.of("..", "serve", "src", "test", "resources", "status");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Values that differ between two servers and two runs: the server's name and the clock. */
    private static final Set<String> RUN_SPECIFIC = Set.of("server_id", "server_start", "server_start_iso8601",
            "stream_start", "stream_start_iso8601");
    /** The capture script's Icecast PUT headers. */
    private static final String[] CAPTURE_STATION = {"Ice-Public: 0", "Ice-Name: Capture Test",
        "Ice-Description: handshake capture", "Ice-Genre: Test", "Ice-Url: http://example.invalid/",
        "Ice-Audio-Info: bitrate=128;samplerate=44100;channels=2"};

    private RunningServer server;
    private final List<AutoCloseable> peers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(Map.of("shoutcast.mount", "/live", "shoutcast.sids.1", "/live"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable peer : peers) {
            peer.close();
        }
        server.close();
    }

    @Test
    void statusJsonWithNoSourceMatchesIcecast() throws Exception {
        server.mount("/configured-but-idle");
        assertMatchesCapture(statusJson(), "no-source");
    }

    @Test
    void statusJsonWithOneSourceMatchesIcecast() throws Exception {
        peer(ScriptedSource.connect(server.port(), "/live", CAPTURE_STATION).feedMp3(1.0, Duration.ofSeconds(60)));
        await().atMost(WAIT).until(() -> server.isLive("/live"));
        setTitle("/live", "O'Brien & Co - It's");
        listeners("/live", 1, 2);
        assertMatchesCapture(statusJson(), "one-source");
    }

    @Test
    void statusJsonWithTwoSourcesMatchesIcecast() throws Exception {
        peer(ScriptedSource.connect(server.port(), "/live", CAPTURE_STATION).feedMp3(1.0, Duration.ofSeconds(60)));
        setTitle("/live", "O'Brien & Co - It's");
        listeners("/live", 0, 2);
        RawConnection ogg = peer(new RawConnection(server.port()));
        ogg.send("SOURCE /live2.ogg HTTP/1.0\r\n" + ScriptedSource.AUTHORIZATION + "\r\nUser-Agent: capture-script/1.0\r\n"
                + "Content-Type: application/ogg\r\nice-name: Capture Test 2\r\nice-public: 0\r\n"
                + "ice-description: legacy SOURCE method\r\n\r\n");
        assertThat(ogg.readHead()).isEqualTo("HTTP/1.0 200 OK\r\n\r\n");
        ogg.send(Fixtures.audioBytes("test-vorbis.ogg", 64 * 1024));
        await().atMost(WAIT).until(() -> server.isLive("/live2.ogg") && !server.title("/live2.ogg").isEmpty());

        JsonNode ours = statusJson();
        JsonNode captured = capture("two-sources");
        assertThat(ours.path("icestats").path("source").isArray()).as("two sources are an array").isTrue();
        assertSameFields(ours.path("icestats").path("source").get(0), captured.path("icestats").path("source").get(0));
        // The Ogg stream: icecast2 reads artist/title, rates and codec from the Vorbis headers into separate
        // fields; Airwave reports the common fields and one "artist - title" title.
        JsonNode oggOurs = ours.path("icestats").path("source").get(1);
        JsonNode oggCaptured = captured.path("icestats").path("source").get(1);
        for (String field : List.of("genre", "listener_peak", "listeners", "server_description", "server_name",
                "server_type", "dummy")) {
            assertThat(oggOurs.get(field)).as(field).isEqualTo(oggCaptured.get(field));
        }
        assertThat(oggOurs.path("listenurl").asText()).endsWith("/live2.ogg");
        assertThat(oggOurs.path("title").asText()).contains(oggCaptured.path("title").asText());
    }

    @Test
    void statusJsonOfAShoutcastSourceMatchesIcecastBeforeAndAfterATitleUpdate() throws Exception {
        RawConnection shoutcast = peer(new RawConnection(server.shoutcastPort()));
        shoutcast.send("hackme\r\n");
        assertThat(shoutcast.readUntil("\r\n\r\n")).isEqualTo("OK2\r\nicy-caps:11\r\n\r\n");
        shoutcast.send("icy-name:Capture ICY\r\nicy-genre:Test\r\nicy-pub:0\r\nicy-br:128\r\n"
                + "icy-url:http://example.invalid/\r\ncontent-type:audio/mpeg\r\n\r\n");
        shoutcast.send(Fixtures.audioBytes("test-128k-44k1-stereo.mp3", 64 * 1024));
        await().atMost(WAIT).until(() -> server.isLive("/live"));
        IcyStreamReader listener = peer(IcyStreamReader.open(server.port(), "/live"));
        await().atMost(WAIT).until(() -> server.mount("/live").listeners() == 1);
        assertMatchesCapture(statusJson(), "shoutcast-v1-source");

        listener.close();
        await().atMost(WAIT).until(() -> server.mount("/live").listeners() == 0);
        Response update = Response.exchange(server.port(), "GET /admin.cgi?pass=hackme&mode=updinfo&song=ICY%20Artist2"
                + " HTTP/1.0\r\nHost: 127.0.0.1:8000\r\nUser-Agent: capture-script/1.0\r\n\r\n");
        assertThat(update.status()).isEqualTo(200);
        assertMatchesCapture(statusJson(), "after-admin-cgi");
    }

    @Test
    void statusJsonListsEveryRenditionOfATranscodedMount() throws Exception {
        try (RunningServer transcoding = RunningServer.start(Map.of("transcode.ladder", "128,64"))) {
            peer(ScriptedSource.connect(transcoding.port(), "/live", CAPTURE_STATION).feedMp3(1.0, Duration.ofSeconds(30)));
            await().atMost(WAIT).until(() -> transcoding.isLive("/live")
                    && transcoding.mount("/live").transcoding().isPresent());
            peer(IcyStreamReader.open(transcoding.port(), "/live/64"));
            await().atMost(WAIT).until(() -> transcoding.mount("/live").listeners("64") == 1);
            JsonNode sources = statusJson(transcoding.port()).path("icestats").path("source");
            assertThat(sources.isArray()).isTrue();
            assertThat(sources).extracting(s -> s.path("listenurl").asText().replaceFirst("http://[^/]+", ""))
                    .containsExactly("/live", "/live/64", "/live/source");
            assertThat(sources).extracting(s -> s.path("bitrate").asInt()).containsExactly(128, 64, 128);
            assertThat(sources).extracting(s -> s.path("listeners").asInt()).containsExactly(0, 1, 0);
            List<String> icecastKeys = fieldNames(capture("one-source").path("icestats").path("source"));
            icecastKeys.remove("title");
            for (JsonNode source : sources) {
                assertThat(fieldNames(source)).as("keys of %s", source).isEqualTo(icecastKeys);
            }
        }
    }

    @Test
    void buttInIcecastModeReadsItsListenerCountFromStatusJson() throws Exception {
        RawConnection butt = peer(new RawConnection(server.port()));
        butt.send(Fixtures.handshake("butt-icecast.request.bin"));
        await().atMost(WAIT).until(() -> server.isLive("/live"));
        peer(IcyStreamReader.open(server.port(), "/live"));
        await().atMost(WAIT).until(() -> server.mount("/live").listeners() == 1);

        List<String> polls = buttRequests("butt-icecast.request.txt");
        assertThat(polls).contains("GET /status-json.xsl HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nUser-Agent: Mozilla\r\n"
                + "Accept: */*\r\n\r\n");
        for (String poll : polls) {
            Response answer = Response.exchange(server.port(), poll);
            if (poll.startsWith("GET /status-json.xsl")) {
                assertThat(answer.status()).isEqualTo(200);
                assertThat(buttIcecastListenerCount(answer.body(), "live")).isEqualTo(1);
            } else {
                assertThat(answer.status()).as("butt's Icecast-KH fallback %s must not be a 200", poll).isNotEqualTo(200);
            }
        }

        peer(ScriptedSource.connect(server.port(), "/other").feedMp3(1.0, Duration.ofSeconds(30)));
        await().atMost(WAIT).until(() -> server.isLive("/other"));
        Response twoSources = Response.exchange(server.port(), polls.get(0));
        assertThat(buttIcecastListenerCount(twoSources.body(), "live")).as("found by mount in the array").isEqualTo(1);
    }

    @Test
    void buttInShoutcastModeReadsItsListenerCountFromStatsAnd7Html() throws Exception {
        RawConnection butt = peer(new RawConnection(server.shoutcastPort()));
        butt.send(Fixtures.handshake("butt-shoutcast.request.bin"));
        assertThat(butt.readUntil("\r\n\r\n")).isEqualTo("OK2\r\nicy-caps:11\r\n\r\n");
        await().atMost(WAIT).until(() -> server.isLive("/live"));
        peer(IcyStreamReader.open(server.port(), "/live"));
        peer(IcyStreamReader.open(server.port(), "/live"));
        await().atMost(WAIT).until(() -> server.mount("/live").listeners() == 2);

        List<String> polls = buttRequests("butt-shoutcast.request.txt");
        assertThat(polls).contains("GET /stats?sid=1 HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nUser-Agent: Mozilla\r\n"
                + "Accept: */*\r\n\r\n", "GET /7.html HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nUser-Agent: Mozilla\r\n"
                + "Accept: */*\r\n\r\n");
        for (String poll : polls) {
            Response answer = Response.exchange(server.port(), poll);
            assertThat(answer.status()).as(poll).isEqualTo(200);
            int count = poll.startsWith("GET /7.html") ? buttListenerCountFrom7Html(answer.body())
                    : buttListenerCountFromStats(answer.body());
            assertThat(count).as(poll).isEqualTo(2);
        }
        Response json = Response.exchange(server.port(), "GET /stats?sid=1&json=1 HTTP/1.0\r\n\r\n");
        assertThat(JSON.readTree(json.body()).path("currentlisteners").asInt()).isEqualTo(2);
        assertThat(Response.exchange(server.port(), "GET /stats?sid=7 HTTP/1.1\r\nUser-Agent: Mozilla\r\n\r\n").status())
                .as("unconfigured stream id").isEqualTo(404);
    }

    @Test
    void apiStatusAndEventStreamFollowTitlesAndListeners() throws Exception {
        peer(ScriptedSource.connect(server.port(), "/live", "ice-name: Airwave Test FM", "ice-bitrate: 128")
                .feedMp3(1.0, Duration.ofSeconds(60)));
        await().atMost(WAIT).until(() -> server.isLive("/live"));
        JsonNode status = JSON.readTree(Response.exchange(server.port(),
                "GET /api/v1/status HTTP/1.0\r\nHost: radio.example:8000\r\n\r\n").body());
        JsonNode live = status.path("mounts").get(0);
        assertThat(live.path("path").asText()).isEqualTo("/live");
        assertThat(live.path("name").asText()).isEqualTo("Airwave Test FM");
        assertThat(live.path("input").path("type").asText()).isEqualTo("live");
        assertThat(live.path("renditions").get(0).path("url").asText()).isEqualTo("http://radio.example:8000/live");
        assertThat(live.path("renditions").get(0).path("bitrate").asInt()).isEqualTo(128);

        RawConnection events = peer(new RawConnection(server.port()));
        events.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
        assertThat(events.readHead()).startsWith("HTTP/1.0 200 OK\r\n").contains("text/event-stream");
        assertThat(events.readUntil("\n\n")).isEqualTo("retry: 3000\n\n");
        assertThat(events.readUntil("\n\n")).startsWith("event: status\ndata: {\"server\":");

        setTitle("/live", "Event Artist - Event Song");
        assertThat(events.readUntil("\n\n"))
                .isEqualTo("event: title\ndata: {\"mount\":\"/live\",\"title\":\"Event Artist - Event Song\"}\n\n");
        peer(IcyStreamReader.open(server.port(), "/live"));
        assertThat(events.readUntil("\n\n")).startsWith("event: listeners\ndata: {\"mount\":\"/live\",\"listeners\":1,");
    }

    private void assertMatchesCapture(JsonNode ours, String capture) throws IOException {
        assertSameFields(ours, capture(capture));
    }

    /** Same keys in the same order, same JSON types, same values except run-specific ones; recursively. */
    private static void assertSameFields(JsonNode ours, JsonNode captured) {
        assertThat(ours.getNodeType()).isEqualTo(captured.getNodeType());
        if (ours.isArray()) {
            assertThat(ours.size()).isEqualTo(captured.size());
            for (int i = 0; i < ours.size(); i++) {
                assertSameFields(ours.get(i), captured.get(i));
            }
            return;
        }
        assertThat(fieldNames(ours)).isEqualTo(fieldNames(captured));
        for (String field : fieldNames(ours)) {
            JsonNode value = ours.get(field);
            JsonNode expected = captured.get(field);
            if (value.isContainerNode()) {
                assertSameFields(value, expected);
            } else if (RUN_SPECIFIC.contains(field)) {
                assertThat(value.getNodeType()).as(field).isEqualTo(expected.getNodeType());
            } else if (field.equals("listenurl")) {
                assertThat(value.asText().replaceFirst(":[0-9]+/", ":PORT/"))
                        .isEqualTo(expected.asText().replaceFirst(":[0-9]+/", ":PORT/"));
            } else {
                assertThat(value).as(field).isEqualTo(expected);
            }
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private JsonNode statusJson() throws IOException {
        return statusJson(server.port());
    }

    private static JsonNode statusJson(int port) throws IOException {
        Response answer = Response.exchange(port,
                "GET /status-json.xsl HTTP/1.0\r\nHost: 127.0.0.1:8000\r\nUser-Agent: capture-script/1.0\r\n\r\n");
        assertThat(answer.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(answer.header("Content-Type")).isEqualTo("application/json; charset=UTF-8");
        return JSON.readTree(answer.body().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The JSON body of {@code icecast2-status-json-<name>.response.txt}. */
    private static JsonNode capture(String name) throws IOException {
        String text = Files.readString(CAPTURES.resolve("icecast2-status-json-" + name + ".response.txt"));
        List<String> body = reprBlock(text.substring(text.indexOf("<<< response")), "-- body");
        return JSON.readTree(String.join("", body).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Every {@code GET} butt sent to the fake server's listener port while it streamed, in order. */
    private static List<String> buttRequests(String capture) {
        String text = Fixtures.handshakeText(capture);
        List<String> requests = new ArrayList<>();
        for (String connection : text.split("=== connection ")) {
            List<String> head = reprBlock(connection, "-- header block");
            if (!head.isEmpty() && head.get(0).startsWith("GET /") && !head.get(0).startsWith("GET /admin")) {
                requests.add(String.join("", head));
            }
        }
        return requests;
    }

    /** The Python bytes reprs following the first line that starts with {@code marker}, decoded. */
    private static List<String> reprBlock(String text, String marker) {
        List<String> lines = new ArrayList<>();
        boolean inside = false;
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith(marker) && !inside && lines.isEmpty()) {
                inside = true;
            } else if (inside && (trimmed.startsWith("b'") || trimmed.startsWith("b\""))) {
                lines.add(PythonBytesLiteral.decode(trimmed));
            } else if (inside) {
                break;
            }
        }
        return lines;
    }

    /**
     * butt 0.1.37 {@code ic_get_listener_count}: {@code icestats.source} is an array (find the entry
     * whose listenurl ends with our mount) or an object; {@code listeners} must be a JSON number.
     */
    private static int buttIcecastListenerCount(String body, String mount) throws IOException {
        JsonNode source = JSON.readTree(body).path("icestats").path("source");
        if (source.isArray()) {
            for (JsonNode entry : source) {
                String url = entry.path("listenurl").asText();
                if (url.substring(url.lastIndexOf('/') + 1).equals(mount)) {
                    source = entry;
                    break;
                }
            }
        }
        assertThat(source.path("listeners").isNumber()).as("listeners is a number in %s", body).isTrue();
        return source.path("listeners").asInt();
    }

    /** butt 0.1.37 {@code sc_get_listener_count} on /stats: the text between the CURRENTLISTENERS tags. */
    private static int buttListenerCountFromStats(String body) {
        String upper = body.toUpperCase();
        int start = upper.indexOf("<CURRENTLISTENERS>");
        int end = upper.indexOf("</CURRENTLISTENERS>");
        assertThat(start).as("CURRENTLISTENERS in %s", body).isNotNegative();
        assertThat(end).isGreaterThan(start);
        return Integer.parseInt(body.substring(start + "<CURRENTLISTENERS>".length(), end));
    }

    /** butt 0.1.37 on /7.html: after {@code <body>} (it crashes without one) up to the first comma. */
    private static int buttListenerCountFrom7Html(String body) {
        int start = body.toLowerCase().indexOf("<body>");
        assertThat(start).as("<body> in %s", body).isNotNegative();
        int comma = body.indexOf(',', start);
        assertThat(comma).as("a comma after <body> in %s", body).isPositive();
        return Integer.parseInt(body.substring(start + "<body>".length(), comma));
    }

    /** Brings {@code mount} to {@code listeners} connected listeners after a peak of {@code peak}. */
    private void listeners(String mount, int listeners, int peak) throws Exception {
        List<IcyStreamReader> readers = new ArrayList<>();
        for (int i = 0; i < peak; i++) {
            readers.add(peer(IcyStreamReader.open(server.port(), mount)));
        }
        await().atMost(WAIT).until(() -> server.mount(mount).listenerPeak() >= peak);
        for (int i = listeners; i < peak; i++) {
            readers.get(i).close();
        }
        await().atMost(WAIT).until(() -> server.mount(mount).listeners() == listeners);
    }

    private void setTitle(String mount, String title) throws Exception {
        AdminRequests.setTitle(server.port(), AdminRequests.ADMIN, mount, title);
        await().atMost(WAIT).until(() -> title.equals(server.title(mount)));
    }

    private <T extends AutoCloseable> T peer(T peer) {
        peers.add(peer);
        return peer;
    }
}
