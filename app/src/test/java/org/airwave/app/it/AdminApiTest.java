package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.airwave.app.it.IcyStreamReader.Response;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/**
 * The Icecast admin API against a real server with real sources and listeners: without the admin
 * credentials every command is refused (401) and changes nothing; with them, a killed client is
 * disconnected, moved clients keep playing from the destination's source, a killed source frees the
 * mount for the next one, and the lists are well-formed XML (or JSON) that name what is on air.
 */
@Timeout(120)
@EndToEnd
class AdminApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ADMIN = "Authorization: Basic " + base64("admin:" + RunningServer.ADMIN_PASSWORD);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningServer server;
    private final List<AutoCloseable> peers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable peer : peers) {
            peer.close();
        }
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/admin/stats", "/admin/stats.json", "/admin/listmounts", "/admin/streamlist.txt",
        "/admin/listclients?mount=/a", "/admin/killclient?mount=/a&id=1", "/admin/killsource?mount=/a",
        "/admin/moveclients?mount=/a&destination=/b"})
    void withoutAdminCredentialsEveryCommandIs401AndChangesNothing(String target) throws Exception {
        source("/a");
        source("/b");
        IcyStreamReader listener = peer(IcyStreamReader.open(server.port(), "/a")).startPump();
        await().atMost(WAIT).until(() -> server.mount("/a").listeners() == 1);
        for (String credentials : new String[] {"", "Authorization: Basic " + base64("admin:wrong") + "\r\n",
            "Authorization: Basic " + base64("source:" + RunningServer.SOURCE_PASSWORD) + "\r\n",
            "Authorization: Basic " + base64("nobody:" + RunningServer.ADMIN_PASSWORD) + "\r\n"}) {
            Response answer = Response.exchange(server.port(), "GET " + target + " HTTP/1.0\r\n" + credentials + "\r\n");
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.0 401 Authentication Required");
            assertThat(answer.header("WWW-Authenticate")).startsWith("Basic realm=");
            assertThat(answer.body()).isEqualTo("You need to authenticate\r\n");
        }
        assertThat(server.isLive("/a")).isTrue();
        assertThat(server.mount("/a").listeners()).isEqualTo(1);
        assertThat(listener.isEndOfStream()).isFalse();
    }

    @Test
    void killedClientIsDisconnectedAndTheOthersKeepPlaying() throws Exception {
        source("/a");
        IcyStreamReader doomed = peer(IcyStreamReader.open(server.port(), "/a"));
        IcyStreamReader survivor = peer(IcyStreamReader.open(server.port(), "/a")).startPump();
        await().atMost(WAIT).until(() -> server.mount("/a").listeners() == 2);
        long id = listenerIdOnPort(doomed.localPort());

        String answer = admin("/admin/killclient?mount=/a&id=" + id).body();
        assertThat(answer).isEqualTo("<?xml version=\"1.0\"?>\n<iceresponse><message>Client " + id + " removed"
                + "</message><return>1</return></iceresponse>\n");
        doomed.readToEnd(WAIT);
        await().atMost(WAIT).until(() -> server.mount("/a").listeners() == 1);
        assertThat(admin("/admin/listclients?mount=/a").body()).doesNotContain("<ID>" + id + "</ID>")
                .contains("<Listeners>1</Listeners>");
        int before = survivor.audioBytes();
        await().atMost(WAIT).until(() -> survivor.audioBytes() > before + 16_000);
        assertThat(survivor.isEndOfStream()).isFalse();
    }

    @Test
    void movedClientsKeepPlayingFromTheDestination() throws Exception {
        ScriptedSource from = source("/a");
        source("/b");
        IcyStreamReader first = peer(IcyStreamReader.open(server.port(), "/a")).startPump();
        IcyStreamReader second = peer(IcyStreamReader.open(server.port(), "/a", "Icy-MetaData: 1")).startPump();
        await().atMost(WAIT).until(() -> server.mount("/a").listeners() == 2);

        assertThat(admin("/admin/moveclients?mount=/a&destination=/b").body())
                .contains("<message>Clients moved from /a to /b</message><return>1</return>");
        await().atMost(WAIT).until(() -> server.mount("/a").listeners() == 0 && server.mount("/b").listeners() == 2);

        from.finish();
        await().atMost(WAIT).until(() -> !server.isLive("/a"));
        int firstBefore = first.audioBytes();
        int secondBefore = second.audioBytes();
        await("audio from /b after /a's source left").atMost(WAIT)
                .until(() -> first.audioBytes() > firstBefore + 32_000 && second.audioBytes() > secondBefore + 32_000);
        assertThat(first.isEndOfStream()).isFalse();
        assertThat(second.isEndOfStream()).isFalse();
        assertThat(admin("/admin/listclients?mount=/b").body()).contains("<Listeners>2</Listeners>");
    }

    @Test
    void killedSourceFreesTheMountForTheNextSource() throws Exception {
        ScriptedSource first = source("/a");
        assertThat(admin("/admin/killsource.json?mount=/a").body())
                .isEqualTo("{\"iceresponse\":{\"message\":\"Source Removed\",\"return\":1}}");
        assertThat(first.isClosedByServer(WAIT)).as("the source's connection is closed").isTrue();
        await().atMost(WAIT).until(() -> !server.isLive("/a"));
        source("/a");
        assertThat(admin("/admin/streamlist.txt").body()).isEqualTo("/a\n");
        Response gone = admin("/admin/killsource?mount=/nothing");
        assertThat(gone.statusLine()).isEqualTo("HTTP/1.0 400 Bad Request");
        assertThat(gone.body()).contains("400 - Source does not exist");
    }

    @Test
    void statsAndListsAreWellFormedAndNameWhatIsOnAir() throws Exception {
        source("/a");
        source("/b");
        peer(IcyStreamReader.open(server.port(), "/b"));
        await().atMost(WAIT).until(() -> server.mount("/b").listeners() == 1);

        Response stats = admin("/admin/stats");
        assertThat(stats.header("Content-Type")).isEqualTo("text/xml; charset=utf-8");
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(stats.body().getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("icestats");
        assertThat(document.getElementsByTagName("source").getLength()).isEqualTo(2);
        assertThat(document.getElementsByTagName("sources").item(0).getTextContent()).isEqualTo("2");
        assertThat(document.getElementsByTagName("listeners").item(0).getTextContent()).isEqualTo("1");

        JsonNode mounts = JSON.readTree(admin("/admin/listmounts.json").body()).path("icestats").path("source");
        assertThat(mounts).extracting(m -> m.path("mount").asText()).containsExactly("/a", "/b");
        assertThat(mounts.get(1).path("listeners").asInt()).isEqualTo(1);
        JsonNode clients = JSON.readTree(admin("/admin/listclients.json?mount=/b").body()).path("icestats")
                .path("source").get(0).path("listener");
        assertThat(clients).hasSize(1);
        assertThat(clients.get(0).path("UserAgent").asText()).isEqualTo("airwave-it");
        assertThat(clients.get(0).path("IP").asText()).isEqualTo("127.0.0.1");
    }

    /** The admin id of the listener whose connection comes from local port {@code port}. */
    private long listenerIdOnPort(int port) {
        return server.mount("/a").connectedListeners().stream()
                .filter(listener -> listener.remoteAddress().endsWith(":" + port))
                .findFirst().orElseThrow().id();
    }

    private Response admin(String target) throws Exception {
        return Response.exchange(server.port(), "GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n" + ADMIN + "\r\n\r\n");
    }

    private ScriptedSource source(String mount) throws Exception {
        ScriptedSource source = peer(ScriptedSource.connect(server.port(), mount, "ice-name: Station " + mount)
                .feedMp3(1.0, Duration.ofSeconds(90)));
        await().atMost(WAIT).until(() -> server.isLive(mount));
        return source;
    }

    private <T extends AutoCloseable> T peer(T peer) {
        peers.add(peer);
        return peer;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
