package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.airwave.app.it.IcyStreamReader.Response;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relay pulls between real servers on loopback: Airwave relays another Airwave and a Debian icecast2;
 * the upstream is stopped and started again while listeners of the relay stay connected, and titles
 * set upstream reach the relay's listeners.
 */
@EndToEnd
class RelayTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ICECAST_PASSWORD = "relaypw";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> peers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = peers.size() - 1; i >= 0; i--) {
            peers.get(i).close();
        }
    }

    @Test
    void relayOfAnotherAirwaveFallsBackToItsPlaylistWhileTheUpstreamIsDownAndTakesOverAgain() throws Exception {
        RunningServer upstream = peer(RunningServer.start());
        int upstreamPort = upstream.port();
        ScriptedSource source = peer(ScriptedSource.connect(upstreamPort, "/live")).feedMp3(1.0, Duration.ofSeconds(60));
        AdminRequests.setTitle(upstreamPort, AdminRequests.ADMIN, "/live", "Upstream - First Song");

        Path music = Files.createDirectory(tmp.resolve("music"));
        Files.copy(Fixtures.audio("track1.mp3"), music.resolve("track1.mp3"));
        Path config = tmp.resolve("relay.yaml");
        Files.writeString(config, "playlists:\n  - mount: /relay\n    path: " + music + "\n"
                + "relays:\n  - mount: /relay\n    urls: [" + upstream.url("/live") + "]\n");
        RunningServer relay = peer(RunningServer.start(config, Map.of("transcode.ladder", "64",
                "relay.backoff-initial-millis", "200", "relay.backoff-max-seconds", "1")));
        await().atMost(WAIT).until(() -> "relay".equals(protocol(relay, "/relay")));
        await().atMost(WAIT).until(() -> "Upstream - First Song".equals(relay.title("/relay")));
        await().atMost(WAIT).until(() -> relay.mount("/relay").transcoding().isPresent());

        IcyStreamReader listener = peer(IcyStreamReader.open(relay.port(), "/relay/64", "Icy-MetaData: 1"))
                .startPump();
        await().atMost(WAIT).until(() -> listener.titles().contains("Upstream - First Song"));

        closeNow(source);
        closeNow(upstream);
        await().atMost(WAIT).until(() -> "playlist".equals(protocol(relay, "/relay")));
        await().atMost(WAIT).until(() -> listener.titles().contains("Artist One - Title One"));

        RunningServer restarted = peer(RunningServer.start(Map.of("server.port", Integer.toString(upstreamPort))));
        peer(ScriptedSource.connect(upstreamPort, "/live")).feedMp3(1.0, Duration.ofSeconds(60));
        AdminRequests.setTitle(upstreamPort, AdminRequests.ADMIN, "/live", "Upstream - Second Song");
        await().atMost(WAIT).until(() -> "relay".equals(protocol(relay, "/relay")));
        await().atMost(WAIT).until(() -> listener.titles().contains("Upstream - Second Song"));
        assertThat(restarted.mount("/live").listeners()).as("the relay listens upstream again").isEqualTo(1);
        assertThat(listener.isEndOfStream()).as("the listener of /relay/64 stayed connected").isFalse();
        assertThat(listener.titles()).containsSubsequence("Upstream - First Song", "Artist One - Title One",
                "Upstream - Second Song");
    }

    @Test
    void relayOfAnAirwaveOriginLeavesAMountWhoseSourceLeftAndReturnsWhenTheSourceIsBack() throws Exception {
        Path originConfig = tmp.resolve("origin.yaml");
        Files.writeString(originConfig, "mounts:\n  - path: /live\n  - path: /backup\n");
        RunningServer origin = peer(RunningServer.start(originConfig, Map.of("transcode.ladder", "64")));
        ScriptedSource live = peer(ScriptedSource.connect(origin.port(), "/live")).feedMp3(1.0, Duration.ofSeconds(90));
        AdminRequests.setTitle(origin.port(), AdminRequests.ADMIN, "/live", "Origin - Live");
        peer(ScriptedSource.connect(origin.port(), "/backup")).feedMp3(1.0, Duration.ofSeconds(90));
        AdminRequests.setTitle(origin.port(), AdminRequests.ADMIN, "/backup", "Origin - Backup");
        await().atMost(WAIT).until(() -> origin.mount("/live").transcoding().isPresent()
                && origin.mount("/backup").transcoding().isPresent());

        RunningServer relay = peer(RunningServer.start(Map.of("relay.preferred-check-seconds", "1",
                "relay.no-input-grace-seconds", "1", "relay.backoff-initial-millis", "200",
                "relay.backoff-max-seconds", "1")));
        relay.relays().add("/relay", List.of(org.airwave.ingest.relay.RelayTarget.parse(origin.url("/live")),
                org.airwave.ingest.relay.RelayTarget.parse(origin.url("/backup"))), false);
        await().atMost(WAIT).until(() -> "Origin - Live".equals(relay.title("/relay")));

        closeNow(live);
        assertThat(origin.mount("/live").transcoding()).as("the origin's /live plays silence on").isPresent();
        await("the origin's /live has no input: the relay goes on with /backup").atMost(Duration.ofSeconds(10))
                .until(() -> "Origin - Backup".equals(relay.title("/relay")));
        await("relay.preferred-check-seconds asks /live every second, and declines it while it has no input")
                .during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> "Origin - Backup".equals(relay.title("/relay")));

        peer(ScriptedSource.connect(origin.port(), "/live")).feedMp3(1.0, Duration.ofSeconds(60));
        AdminRequests.setTitle(origin.port(), AdminRequests.ADMIN, "/live", "Origin - Live Again");
        await("relay.preferred-check-seconds asks /live again and finds its input back")
                .atMost(Duration.ofSeconds(10)).until(() -> "Origin - Live Again".equals(relay.title("/relay")));
        await().atMost(WAIT).until(() -> origin.mount("/backup").listeners() == 0);
        assertThat(relay.mount("/relay").liveSource().orElseThrow().info().protocol().tag()).isEqualTo("relay");
    }

    @Test
    void relayOfIcecastKeepsItsListenersWhileIcecastRestarts() throws Exception {
        assumeTrue(ExternalProgram.isInstalled("icecast2") && ExternalProgram.isInstalled("ffmpeg"),
                "icecast2 and ffmpeg are needed");
        int icecastPort = RunningServer.freePortPair();
        Path work = icecastDirectory(icecastPort);
        ExternalProgram icecast = startIcecast(work);
        ExternalProgram feeder = startFeeder(icecastPort);
        String icecastAuth = "admin:" + ICECAST_PASSWORD;
        awaitIcecastMount(icecastPort, icecastAuth);
        AdminRequests.setTitle(icecastPort, icecastAuth, "/live", "Icecast - Before");

        RunningServer relay = peer(RunningServer.start(Map.of("transcode.ladder", "64",
                "relay.backoff-initial-millis", "200", "relay.backoff-max-seconds", "1",
                "relay.read-timeout-seconds", "3")));
        relay.relays().add("/relay", List.of(org.airwave.ingest.relay.RelayTarget.parse(
                "http://127.0.0.1:" + icecastPort + "/live")), false);
        await().atMost(WAIT).until(() -> "relay".equals(protocol(relay, "/relay")));
        await().atMost(WAIT).until(() -> relay.mount("/relay").transcoding().isPresent());
        IcyStreamReader transcoded = peer(IcyStreamReader.open(relay.port(), "/relay/64", "Icy-MetaData: 1"))
                .startPump();
        IcyStreamReader passthrough = peer(IcyStreamReader.open(relay.port(), "/relay/source", "Icy-MetaData: 1"))
                .startPump();
        await().atMost(WAIT).until(() -> transcoded.titles().contains("Icecast - Before")
                && passthrough.titles().contains("Icecast - Before"));

        closeNow(feeder);
        closeNow(icecast);
        await().atMost(WAIT).until(() -> !relay.relays().running().get("/relay").stats().isConnected());
        long passthroughBefore = passthrough.audioBytes();
        Thread.sleep(2000);

        icecast = startIcecast(work);
        feeder = startFeeder(icecastPort);
        awaitIcecastMount(icecastPort, icecastAuth);
        AdminRequests.setTitle(icecastPort, icecastAuth, "/live", "Icecast - After");
        await().atMost(WAIT).until(() -> transcoded.titles().contains("Icecast - After")
                && passthrough.titles().contains("Icecast - After"));
        await().atMost(WAIT).until(() -> passthrough.audioBytes() > passthroughBefore + 16_000);
        assertThat(transcoded.isEndOfStream()).as("transcoded listener stayed connected").isFalse();
        assertThat(passthrough.isEndOfStream()).as("passthrough listener stayed connected").isFalse();
        assertThat(relay.relays().running().get("/relay").stats().reconnects()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void liveSourceTakesOverFromTheRelayWhichDropsItsUpstreamAndResumesAfter() throws Exception {
        RunningServer upstream = peer(RunningServer.start());
        peer(ScriptedSource.connect(upstream.port(), "/live")).feedMp3(1.0, Duration.ofSeconds(60));
        RunningServer relay = peer(RunningServer.start(Map.of("transcode.ladder", "64")));
        relay.relays().add("/relay", List.of(org.airwave.ingest.relay.RelayTarget.parse(upstream.url("/live"))), false);
        await().atMost(WAIT).until(() -> "relay".equals(protocol(relay, "/relay")));
        await().atMost(WAIT).until(() -> relay.mount("/relay").transcoding().isPresent());
        IcyStreamReader listener = peer(IcyStreamReader.open(relay.port(), "/relay/64")).startPump();

        ScriptedSource dj = peer(ScriptedSource.connect(relay.port(), "/relay")).feedMp3(1.0, Duration.ofSeconds(60));
        await().atMost(WAIT).until(() -> "icecast".equals(protocol(relay, "/relay")));
        await().atMost(WAIT).until(() -> upstream.mount("/live").listeners() == 0);
        closeNow(dj);
        await().atMost(WAIT).until(() -> "relay".equals(protocol(relay, "/relay")));
        await().atMost(WAIT).until(() -> upstream.mount("/live").listeners() == 1);
        assertThat(listener.isEndOfStream()).as("the listener of /relay/64 stayed connected").isFalse();
    }

    @Test
    void onDemandRelayListensUpstreamOnlyWhileItHasListeners() throws Exception {
        RunningServer upstream = peer(RunningServer.start());
        peer(ScriptedSource.connect(upstream.port(), "/live")).feedMp3(1.0, Duration.ofSeconds(60));
        Path config = tmp.resolve("on-demand.yaml");
        Files.writeString(config, "relays:\n  - mount: /relay\n    urls: [" + upstream.url("/live") + "]\n"
                + "    on-demand: true\n");
        RunningServer relay = peer(RunningServer.start(config, Map.of("transcode.ladder", "64")));
        await().atMost(WAIT).until(() -> relay.mount("/relay").transcoding().isPresent());
        Thread.sleep(1500);
        assertThat(upstream.mount("/live").listeners()).as("no listener, no upstream connection").isZero();

        IcyStreamReader listener = peer(IcyStreamReader.open(relay.port(), "/relay/64")).startPump();
        await().atMost(WAIT).until(() -> upstream.mount("/live").listeners() == 1);
        await().atMost(WAIT).until(() -> "relay".equals(protocol(relay, "/relay")));
        closeNow(listener);
        await().atMost(WAIT).until(() -> upstream.mount("/live").listeners() == 0);
        assertThat(relay.mount("/relay").liveSource()).as("the mount is released with the upstream").isEmpty();
    }

    private Path icecastDirectory(int port) throws IOException {
        Path work = Files.createTempDirectory("airwave-relay-icecast");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        String owner = "root".equals(System.getProperty("user.name"))
                ? "<changeowner><user>icecast2</user><group>icecast</group></changeowner>" : "";
        Files.writeString(work.resolve("icecast.xml"), "<icecast><location>loopback</location>"
                + "<admin>test@localhost</admin><limits><clients>100</clients><sources>2</sources>"
                + "<source-timeout>10</source-timeout><burst-size>65536</burst-size></limits>"
                + "<authentication><source-password>" + ICECAST_PASSWORD + "</source-password>"
                + "<admin-user>admin</admin-user><admin-password>" + ICECAST_PASSWORD + "</admin-password>"
                + "</authentication><hostname>127.0.0.1</hostname>"
                + "<listen-socket><port>" + port + "</port><bind-address>127.0.0.1</bind-address></listen-socket>"
                + "<fileserve>0</fileserve><paths><basedir>/usr/share/icecast2</basedir><logdir>" + work
                + "</logdir><webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin"
                + "</adminroot></paths><logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog>"
                + "<loglevel>2</loglevel></logging><security><chroot>0</chroot>" + owner + "</security></icecast>");
        peers.add(() -> {
            try (var files = Files.list(work)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(work);
        });
        return work;
    }

    private ExternalProgram startIcecast(Path work) throws IOException {
        return peer(ExternalProgram.start(List.of("icecast2", "-c", work.resolve("icecast.xml").toString()), null));
    }

    private ExternalProgram startFeeder(int port) throws Exception {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
        return peer(ExternalProgram.start(List.of("ffmpeg", "-hide_banner", "-nostats", "-v", "error", "-re",
                "-stream_loop", "-1", "-i", Fixtures.audio("test-128k-44k1-stereo.mp3").toString(), "-c:a", "copy",
                "-content_type", "audio/mpeg", "-f", "mp3",
                "icecast://source:" + ICECAST_PASSWORD + "@127.0.0.1:" + port + "/live"), null));
    }

    private static void awaitIcecastMount(int port, String auth) {
        await().atMost(WAIT).ignoreExceptions().until(() -> Response.exchange(port, "GET /admin/listmounts HTTP/1.0\r\n"
                + "Authorization: Basic " + AdminRequests.base64(auth) + "\r\n\r\n").body().contains("/live"));
    }

    private static String protocol(RunningServer server, String mount) {
        return server.mount(mount).liveSource().map(claim -> claim.info().protocol().tag()).orElse(null);
    }

    private void closeNow(AutoCloseable peer) throws Exception {
        peers.remove(peer);
        peer.close();
    }

    private <T extends AutoCloseable> T peer(T peer) {
        peers.add(peer);
        return peer;
    }
}
