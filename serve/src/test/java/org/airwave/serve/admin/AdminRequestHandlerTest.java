package org.airwave.serve.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import org.airwave.core.auth.TestLogins;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.SourceClaim;
import org.airwave.serve.status.IcecastStats;
import org.airwave.serve.status.StationDirectory;
import org.airwave.serve.web.CaptureStations;
import org.airwave.serve.web.Exchange;
import org.airwave.serve.web.FakeListener;
import org.airwave.serve.web.IcecastCapture;
import org.airwave.serve.web.WebResponses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Icecast admin API on real mounts (sources and listeners registered directly): answers
 * compared with icecast2 2.4.4's captured ones where there is a capture, credentials enforced on
 * every command, and the three actions doing what they say.
 */
class AdminRequestHandlerTest {

    private static final String ADMIN = "Authorization: Basic " + base64("admin:adminpw");
    private static final String HOST = "Host: 127.0.0.1:8000";
    /** Values of the capture that count connections of the capture session or name the server. */
    private static final String VOLATILE = "<(client_connections|connections|listener_connections|"
            + "source_client_connections|source_total_connections|total_bytes_read|total_bytes_sent|server_id)>[^<]*<";
    private static final String OGG_ONLY = "<(artist|audio_bitrate|audio_channels|audio_samplerate|ice-bitrate|subtype)>"
            + "[^<]*</\\1>";

    private final CaptureStations stations = new CaptureStations();
    private final TestLogins logins = new TestLogins();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/admin/stats", "/admin/stats.json", "/admin/listmounts", "/admin/streamlist.txt",
        "/admin/listclients?mount=/live", "/admin/killclient?mount=/live&id=1", "/admin/killsource?mount=/live",
        "/admin/moveclients?mount=/live&destination=/live2.ogg"})
    void everyCommandRefusesMissingAndWrongCredentialsLikeIcecast(String target) {
        SourceClaim live = stations.putSource();
        AtomicBoolean killed = new AtomicBoolean();
        live.onKill(() -> killed.set(true));
        stations.oggSource();
        FakeListener listener = FakeListener.join(1, stations.mounts().mount("/live"), Instant.now());
        IcecastCapture noAuth = IcecastCapture.load("/admin/icecast2-admin-stats-no-auth.response.txt");
        IcecastCapture wrongAuth = IcecastCapture.load("/admin/icecast2-admin-stats-wrong-auth.response.txt");

        for (String[] attempt : new String[][] {{HOST}, {HOST, "Authorization: Basic c291cmNlOndyb25n"},
            {HOST, "Authorization: Basic " + base64("admin:hackme")}, {HOST, "Authorization: Bearer adminpw"}}) {
            Exchange answer = exchange(target, attempt);
            IcecastCapture capture = attempt.length == 1 ? noAuth : wrongAuth;
            assertThat(answer.statusLine()).isEqualTo(capture.statusLine());
            assertThat(IcecastCapture.headerNames(answer.head())).startsWith(capture.headerNames().toArray(String[]::new));
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Airwave\"");
            assertThat(answer.body()).isEqualTo(capture.body());
        }
        assertThat(killed).as("source untouched").isFalse();
        assertThat(listener.kicked()).as("listener untouched").isFalse();
        assertThat(listener.mount().path()).isEqualTo("/live");
    }

    @Test
    void statsHaveIcecastsElementsAndValues() {
        stations.putSource();
        stations.title("/live", "O'Brien & Co - It's");
        stations.listeners("/live", 0, 2);
        stations.oggSource();
        stations.title("/live2.ogg", "Test Tone");
        Exchange answer = exchange("/admin/stats", HOST, ADMIN);
        IcecastCapture capture = IcecastCapture.load("/admin/icecast2-admin-stats.response.txt");
        assertThat(answer.statusLine()).isEqualTo(capture.statusLine());
        assertThat(IcecastCapture.headerNames(answer.head())).isEqualTo(capture.headerNames());
        assertThat(answer.header("Content-Type")).isEqualTo("text/xml; charset=utf-8");
        assertThat(answer.body().replaceAll(VOLATILE, "<$1>*<"))
                .isEqualTo(capture.body().replaceAll(VOLATILE, "<$1>*<").replaceAll(OGG_ONLY, ""));
    }

    @Test
    void statsOfOneMountShowTheServerAndOnlyThatSource() {
        stations.putSource();
        stations.oggSource();
        FakeListener.join(7, stations.mounts().mount("/live"), CaptureStations.CAPTURED.minusSeconds(12));
        Exchange answer = exchange("/admin/stats?mount=/live2.ogg", HOST, ADMIN);
        assertThat(answer.body()).contains("<sources>2</sources>").contains("<source mount=\"/live2.ogg\">")
                .doesNotContain("<source mount=\"/live\">").doesNotContain("<listener>");
        assertThat(exchange("/admin/stats?mount=/nothing", HOST, ADMIN).statusLine()).isEqualTo("HTTP/1.0 400 Bad Request");
    }

    @Test
    void listmountsAndListclientsMatchTheCaptures() {
        stations.putSource();
        stations.listeners("/live", 0, 2);
        stations.oggSource();
        for (String command : new String[] {"listmounts", "listclients"}) {
            IcecastCapture capture = IcecastCapture.load("/admin/icecast2-admin-" + command + ".response.txt");
            Exchange answer = exchange(command.equals("listmounts") ? "/admin/listmounts" : "/admin/listclients?mount=/live",
                    HOST, ADMIN);
            assertThat(answer.statusLine()).isEqualTo(capture.statusLine());
            assertThat(IcecastCapture.headerNames(answer.head())).isEqualTo(capture.headerNames());
            assertThat(answer.body()).as(command).isEqualTo(capture.body());
        }
    }

    @Test
    void listclientsNamesEachListenerLikeIcecast() throws Exception {
        stations.putSource();
        Mount live = stations.mounts().mount("/live");
        Instant twoSecondsAgo = CaptureStations.CAPTURED.minusSeconds(2);
        live.listenerJoined(new FakeListener(3, "/127.0.0.1:40003", "player-two/2.0", twoSecondsAgo, live));
        live.listenerJoined(new FakeListener(2, "/127.0.0.1:40002", "player-one/1.0", twoSecondsAgo, live));
        assertThat(exchange("/admin/listclients?mount=%2flive", HOST, ADMIN).body())
                .isEqualTo(resource("icecast2-admin-listclients-two-listeners.body.xml"));
        assertThat(exchange("/admin/listclients.json?mount=/live", HOST, ADMIN).body()).isEqualTo(
                "{\"icestats\":{\"source\":[{\"mount\":\"/live\",\"Listeners\":2,\"listener\":["
                + "{\"IP\":\"127.0.0.1\",\"UserAgent\":\"player-one/1.0\",\"Connected\":2,\"ID\":2},"
                + "{\"IP\":\"127.0.0.1\",\"UserAgent\":\"player-two/2.0\",\"Connected\":2,\"ID\":3}]}]}}");
        live.listenerJoined(new FakeListener(4, "/127.0.0.1:40004", "", twoSecondsAgo, live));
        assertThat(exchange("/admin/listclients?mount=/live", HOST, ADMIN).body())
                .contains("<UserAgent>Unknown</UserAgent><Connected>2</Connected><ID>4</ID>");
    }

    @Test
    void killclientDisconnectsThatListenerOnly() throws Exception {
        stations.putSource();
        Mount live = stations.mounts().mount("/live");
        FakeListener first = FakeListener.join(1, live, Instant.now());
        FakeListener second = FakeListener.join(27, live, Instant.now());
        Exchange answer = exchange("/admin/killclient?mount=/live&id=27", HOST, ADMIN);
        assertThat(answer.body()).isEqualTo(resource("icecast2-admin-killclient.body.xml"));
        assertThat(second.kicked()).isTrue();
        assertThat(first.kicked()).isFalse();
        assertThat(live.listeners()).isEqualTo(1);
        assertThat(exchange("/admin/killclient?mount=/live&id=27", HOST, ADMIN).body())
                .contains("<message>Client 27 not found</message><return>0</return>");
        assertThat(exchange("/admin/killclient?mount=/live&id=abc", HOST, ADMIN).body())
                .as("Icecast reads the id with atoi").contains("<message>Client 0 not found</message>");
        assertThat(exchange("/admin/killclient?mount=/live", HOST, ADMIN).body()).contains("400 - Missing parameter");
    }

    @Test
    void killsourceDisconnectsTheSource() {
        SourceClaim claim = stations.putSource();
        AtomicBoolean killed = new AtomicBoolean();
        claim.onKill(() -> {
            killed.set(true);
            claim.release();
        });
        Exchange answer = exchange("/admin/killsource.json?mount=/live", HOST, ADMIN);
        assertThat(answer.body()).isEqualTo("{\"iceresponse\":{\"message\":\"Source Removed\",\"return\":1}}");
        assertThat(killed).isTrue();
        assertThat(stations.mounts().mount("/live").liveSource()).isEmpty();
        Exchange again = exchange("/admin/killsource?mount=/live", HOST, ADMIN);
        IcecastCapture noSuchMount = IcecastCapture.load("/admin/icecast2-admin-metadata-no-such-mount.response.txt");
        assertThat(again.statusLine()).isEqualTo(noSuchMount.statusLine());
        assertThat(again.body()).isEqualTo(noSuchMount.body());
    }

    @Test
    void moveclientsMovesEveryListenerToALiveDestination() {
        stations.putSource();
        stations.oggSource();
        Mount live = stations.mounts().mount("/live");
        FakeListener first = FakeListener.join(1, live, Instant.now());
        FakeListener second = FakeListener.join(2, live, Instant.now());
        stations.mounts().mount("/idle");

        assertThat(exchange("/admin/moveclients?mount=/live&destination=/nowhere", HOST, ADMIN).body())
                .contains("400 - No such destination");
        assertThat(exchange("/admin/moveclients?mount=/live&destination=/idle", HOST, ADMIN).body())
                .contains("400 - Destination not running");
        assertThat(exchange("/admin/moveclients?mount=/live&destination=/live", HOST, ADMIN).body())
                .contains("400 - supplied mountpoints are identical");
        assertThat(exchange("/admin/moveclients?mount=/live", HOST, ADMIN).body()).isEqualTo(
                "<?xml version=\"1.0\"?>\n<icestats><current_source>/live</current_source><source mount=\"/live2.ogg\">"
                + "<fallback></fallback><listeners>0</listeners><Connected>5</Connected>"
                + "<content-type>application/ogg</content-type></source></icestats>\n");

        Exchange moved = exchange("/admin/moveclients?mount=/live&destination=/live2.ogg", HOST, ADMIN);
        assertThat(moved.body()).contains("<message>Clients moved from /live to /live2.ogg</message><return>1</return>");
        assertThat(first.mount().path()).isEqualTo("/live2.ogg");
        assertThat(second.mount().path()).isEqualTo("/live2.ogg");
        assertThat(live.listeners()).isZero();
        assertThat(stations.mounts().mount("/live2.ogg").listeners()).isEqualTo(2);
    }

    @Test
    void mountCommandsNeedALiveMount() {
        stations.putSource();
        assertThat(exchange("/admin/listclients", HOST, ADMIN).body()).contains("400 - Unknown admin request");
        assertThat(exchange("/admin/listclients.json?mount=/nothing", HOST, ADMIN).body())
                .isEqualTo("{\"iceresponse\":{\"message\":\"Source does not exist\",\"return\":0}}");
    }

    @Test
    void streamlistIsOneMountPerLine() {
        stations.putSource();
        stations.oggSource();
        stations.mounts().mount("/idle");
        Exchange answer = exchange("/admin/streamlist.txt", HOST, ADMIN);
        assertThat(answer.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(answer.body()).isEqualTo("/live\n/live2.ogg\n");
        assertThat(exchange("/admin/listmounts.json", HOST, ADMIN).body()).startsWith(
                "{\"icestats\":{\"source\":[{\"mount\":\"/live\",\"fallback\":null,\"listeners\":0,\"Connected\":25,"
                + "\"content-type\":\"audio/mpeg\"},{\"mount\":\"/live2.ogg\"");
    }

    @Test
    void statsJsonKeepsEveryFieldAndAlwaysListsSourcesAsAnArray() {
        stations.putSource();
        String json = exchange("/admin/stats.json", HOST, ADMIN).body();
        assertThat(json).startsWith("{\"icestats\":{\"admin\":\"icemaster@localhost\",")
                .contains("\"server_id\":\"" + IcecastStats.SERVER_ID + "\"")
                .contains("\"source\":[{\"mount\":\"/live\",\"audio_info\":\"bitrate=128;samplerate=44100;channels=2\"")
                .contains("\"max_listeners\":\"unlimited\"");
    }

    private Exchange exchange(String target, String... headers) {
        StationDirectory directory = stations.directory();
        return Exchange.get(new AdminRequestHandler(directory, logins.only("admin", "adminpw"),
                        new WebResponses(directory.clock())), target,
                headers);
    }

    private static String resource(String name) throws Exception {
        try (var in = AdminRequestHandlerTest.class.getResourceAsStream("/admin/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
