package org.airwave.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.airwave.core.mount.InputPriority;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.SourceClaim;
import org.airwave.core.stats.RelayStats;
import org.airwave.core.stream.StreamMetadata;
import org.airwave.ingest.IngestTestKit;
import org.airwave.ingest.SourceAdmission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay client against scripted upstreams on real loopback sockets: what it asks for, and what
 * reaches the mount for each kind of answer.
 */
class RelayPullTest {

    private static final int METAINT = 1000;
    private static final String ICY_HEAD =
            "ICY 200 OK\r\ncontent-type: audio/mpeg\r\nicy-metaint: " + METAINT + "\r\n\r\n";
    private static final RelaySettings SETTINGS = new RelaySettings(2, Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofMillis(50), Duration.ofMillis(200), 16384, Duration.ZERO, 0, Duration.ofSeconds(1),
            Duration.ofMillis(500));

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final MountRegistry mounts = new MountRegistry();
    private final SourceAdmission admission = new SourceAdmission(mounts, IngestTestKit.settings());
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Relay relay;

    @AfterEach
    void stop() throws Exception {
        if (relay != null) {
            relay.close();
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void asksLikeAListenerAndPlaysChunkedIcyAudioWithItsTitles() throws Exception {
        byte[] audio = IngestTestKit.mp3(20 * METAINT);
        ScriptedUpstream upstream = upstream(out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nicy-metaint: " + METAINT
                    + "\r\nicy-name: Upstream FM\r\nTransfer-Encoding: chunked\r\n\r\n"));
            out.write(chunked(icy(audio, "StreamTitle='Upstream - Song';")));
            out.flush();
            upstreamHold().holdOpen();
        });
        Mount mount = start(List.of(upstream.url("/live")));

        await().atMost(Duration.ofSeconds(5)).until(() -> "Upstream - Song".equals(mount.metadata().title()));
        assertThat(mount.liveSource().orElseThrow().priority()).isEqualTo(InputPriority.RELAY);
        assertThat(mount.liveSource().orElseThrow().info().name()).isEqualTo("Upstream FM");
        assertThat(upstream.requests().get(0)).startsWith("GET /live HTTP/1.1\r\n").contains("Icy-MetaData: 1\r\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.stats().bytesIn() == audio.length);
        assertThat(relay.stats().isConnected()).isTrue();
        byte[] buffered = IngestTestKit.bufferedAudio(mount);
        assertThat(buffered.length).as("whole frames of the audio, no metadata bytes").isGreaterThan(audio.length / 2);
        assertThat(java.util.Arrays.copyOfRange(audio, 0, buffered.length)).isEqualTo(buffered);
    }

    @Test
    void followsARedirectAndShoutcastStatusLine() throws Exception {
        ScriptedUpstream target = upstream(out -> {
            out.write(ascii("ICY 200 OK\r\ncontent-type:audio/mpeg\r\n\r\n"));
            out.write(IngestTestKit.mp3(16000));
            upstreamHold().holdOpen();
        });
        ScriptedUpstream redirecting = upstream(out ->
                out.write(ascii("HTTP/1.0 302 Found\r\nLocation: " + target.url("/moved") + "\r\n\r\n")));
        Mount mount = start(List.of(redirecting.url("/live")));

        await().atMost(Duration.ofSeconds(5)).until(() -> relay.stats().isConnected());
        assertThat(target.requests().get(0)).startsWith("GET /moved HTTP/1.1");
        assertThat(mount.liveSource().orElseThrow().info().remoteAddress()).isEqualTo(target.url("/moved"));
    }

    @Test
    void endlessRedirectsStopAtTheLimitAndTheSecondUrlIsUsedWhenTheFirstIsDown() throws Exception {
        ScriptedUpstream loop = upstream(out -> out.write(ascii("HTTP/1.1 301 Moved\r\nLocation: /again\r\n\r\n")));
        ScriptedUpstream good = upstream(out -> {
            out.write(ascii("HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n"));
            out.write(IngestTestKit.mp3(16000));
            upstreamHold().holdOpen();
        });
        int down;
        try (ServerSocket free = new ServerSocket(0)) {
            down = free.getLocalPort();
        }
        start(List.of(loop.url("/live"), "http://127.0.0.1:" + down + "/live", good.url("/live")));

        await().atMost(Duration.ofSeconds(5)).until(() -> relay.stats().isConnected());
        assertThat(loop.requests()).as("first try plus relay.max-redirects=2").hasSize(3);
        assertThat(relay.stats().failures()).isEqualTo(2);
        assertThat(good.requests()).hasSize(1);
    }

    @Test
    void reconnectsAfterTheUpstreamDropsAndCountsIt() throws Exception {
        ScriptedUpstream flaky = upstream(out -> {
            out.write(ascii("ICY 200 OK\r\ncontent-type: audio/mpeg\r\n\r\n"));
            out.write(IngestTestKit.mp3(8000));
        });
        Mount mount = start(List.of(flaky.url("/live")));

        await().atMost(Duration.ofSeconds(5)).until(() -> relay.stats().reconnects() >= 2);
        assertThat(flaky.requests().size()).isGreaterThanOrEqualTo(3);
        assertThat(mount.liveSource()).as("nothing stands by below, so the relay keeps the mount").isPresent();
    }

    @Test
    void returnsToThePreferredUpstreamWhenItIsBackKeepingTheMount() throws Exception {
        AtomicBoolean primaryUp = new AtomicBoolean();
        byte[] audio = IngestTestKit.mp3(20 * METAINT);
        ScriptedUpstream primary = upstream(out -> {
            if (!primaryUp.get()) {
                out.write(ascii("HTTP/1.0 503 Service Unavailable\r\n\r\n"));
                return;
            }
            out.write(ascii(ICY_HEAD));
            out.write(icy(audio, "StreamTitle='Primary';"));
            out.flush();
            ScriptedUpstream.holdUntilPeerCloses();
        });
        ScriptedUpstream backup = upstream(playing(audio, "StreamTitle='Backup';"));
        RelaySettings checking = new RelaySettings(SETTINGS.maxRedirects(), SETTINGS.connectTimeout(),
                SETTINGS.readTimeout(), SETTINGS.backoffInitial(), SETTINGS.backoffMax(), SETTINGS.maxHeadBytes(),
                Duration.ofMillis(300), SETTINGS.minRateFraction(), SETTINGS.minRateWindow(),
                SETTINGS.noInputGrace());
        Mount mount = start(List.of(primary.url("/live"), backup.url("/live")), checking);
        await().atMost(Duration.ofSeconds(5)).until(() -> "Backup".equals(mount.metadata().title()));
        SourceClaim playing = mount.liveSource().orElseThrow();
        await("relay.preferred-check asks the first URL again").atMost(Duration.ofSeconds(5))
                .until(() -> primary.requests().size() >= 3);
        assertThat(backup.requests()).hasSize(1);

        primaryUp.set(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> "Primary".equals(mount.metadata().title()));
        await("the fallback's connection is closed").atMost(Duration.ofSeconds(5))
                .until(() -> backup.peerCloses() == 1);
        assertThat(mount.liveSource()).as("the same source session: listeners stay").containsSame(playing);
        assertThat(relay.stats().isConnected()).isTrue();
        int asked = primary.requests().size();
        await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(2))
                .until(() -> primary.requests().size() == asked && backup.requests().size() == 1);
    }

    @Test
    void anUpstreamThatTricklesCountsAsLostAndTheRelayMovesToTheNextUrl() throws Exception {
        byte[] audio = IngestTestKit.mp3(64 * METAINT);
        ScriptedUpstream trickling = upstream(out -> {
            out.write(ascii(ICY_HEAD));
            byte[] body = icy(audio, "StreamTitle='Trickling';");
            out.write(body, 0, 16 * (METAINT + 1));   // a second of 128 kbit/s audio, then a byte every 100 ms
            for (int at = 16 * (METAINT + 1); at < body.length; at++) {
                out.flush();
                out.write(body[at]);
                Thread.sleep(100);
            }
        });
        ScriptedUpstream healthy = upstream(playing(audio, "StreamTitle='Healthy';"));
        RelaySettings watching = new RelaySettings(SETTINGS.maxRedirects(), SETTINGS.connectTimeout(),
                SETTINGS.readTimeout(), SETTINGS.backoffInitial(), SETTINGS.backoffMax(), SETTINGS.maxHeadBytes(),
                SETTINGS.preferredCheck(), 0.5, Duration.ofSeconds(1), SETTINGS.noInputGrace());
        Mount mount = start(List.of(trickling.url("/live"), healthy.url("/live")), watching);
        await().atMost(Duration.ofSeconds(5)).until(() -> "Trickling".equals(mount.metadata().title()));

        await("under half of real time for relay.min-rate-seconds=1, well within the read timeout of 5 s")
                .atMost(Duration.ofSeconds(4)).until(() -> "Healthy".equals(mount.metadata().title()));
        assertThat(healthy.requests()).hasSize(1);
        assertThat(trickling.requests()).as("the trickling URL is not asked again at once").hasSize(1);
        assertThat(relay.stats().isConnected()).isTrue();
    }

    @Test
    void anAirwaveUpstreamWhoseMountHasNoInputIsSkippedWhenAnotherUrlCanPlay() throws Exception {
        byte[] audio = IngestTestKit.mp3(20 * METAINT);
        ScriptedUpstream silent = upstream(playing(audio, "StreamTitle='';" + StreamMetadata.NO_INPUT_ICY_FIELD));
        ScriptedUpstream second = upstream(playing(audio, "StreamTitle='Second';"));
        Mount mount = start(List.of(silent.url("/live"), second.url("/live")));

        await().atMost(Duration.ofSeconds(5)).until(() -> "Second".equals(mount.metadata().title()));
        assertThat(relay.stats().failures()).as("the first URL counts as a failed attempt").isEqualTo(1);
        assertThat(silent.peerCloses()).isEqualTo(1);
        byte[] buffered = IngestTestKit.bufferedAudio(mount);
        assertThat(java.util.Arrays.copyOfRange(audio, 0, buffered.length))
                .as("the second's audio held for its first block plays from its first byte").isEqualTo(buffered);
    }

    @Test
    void anUpstreamWhoseMountLosesItsInputIsLeftAfterTheGrace() throws Exception {
        byte[] audio = IngestTestKit.mp3(20 * METAINT);
        ScriptedUpstream origin = upstream(out -> {
            out.write(ascii(ICY_HEAD));
            out.write(icy(audio, "StreamTitle='Live';"));
            out.flush();
            upstreamHold().holdUntilReleased();
            out.write(icy(audio, "StreamTitle='';" + StreamMetadata.NO_INPUT_ICY_FIELD));
            out.flush();
            ScriptedUpstream.holdUntilPeerCloses();
        });
        ScriptedUpstream backup = upstream(playing(audio, "StreamTitle='Backup';"));
        Mount mount = start(List.of(origin.url("/live"), backup.url("/live")));
        await().atMost(Duration.ofSeconds(5)).until(() -> "Live".equals(mount.metadata().title()));
        assertThat(backup.requests()).isEmpty();

        long lost = System.nanoTime();
        upstreamHold().release();
        await().atMost(Duration.ofSeconds(5)).until(() -> "Backup".equals(mount.metadata().title()));
        assertThat(Duration.ofNanos(System.nanoTime() - lost)).as("relay.no-input-grace of 500 ms, then at once")
                .isGreaterThanOrEqualTo(SETTINGS.noInputGrace()).isLessThan(Duration.ofSeconds(3));
        assertThat(origin.peerCloses()).isEqualTo(1);
    }

    @Test
    void aRelayWithNothingElseToPlayPassesTheNoInputStateOnToItsMount() throws Exception {
        byte[] audio = IngestTestKit.mp3(20 * METAINT);
        ScriptedUpstream origin = upstream(out -> {
            out.write(ascii(ICY_HEAD));
            out.write(icy(audio, "StreamTitle='';" + StreamMetadata.NO_INPUT_ICY_FIELD));
            out.flush();
            upstreamHold().holdUntilReleased();
            out.write(icy(audio, "StreamTitle='Back';"));
            out.flush();
            ScriptedUpstream.holdUntilPeerCloses();
        });
        Mount mount = start(List.of(origin.url("/live")));

        await().atMost(Duration.ofSeconds(5)).until(() -> mount.metadata().noInput());
        assertThat(mount.liveSource()).as("it plays on: a mirror edge keeps its listeners").isPresent();
        upstreamHold().release();
        await().atMost(Duration.ofSeconds(5)).until(() -> "Back".equals(mount.metadata().title()));
        assertThat(mount.metadata().noInput()).isFalse();
        assertThat(origin.requests()).hasSize(1);
    }

    @Test
    void aRelayReplacedAtRuntimeTakesOverTheMountAndItsCounters() throws Exception {
        ScriptedUpstream upstream = upstream(out -> {
            out.write(ascii("ICY 200 OK\r\ncontent-type: audio/mpeg\r\n\r\n"));
            out.write(IngestTestKit.mp3(16000));
            upstreamHold().holdOpen();
        });
        List<Relay> added = new ArrayList<>();
        Relays relays = new Relays(admission, SETTINGS, group, NioSocketChannel.class, added::add);
        closing.add(relays);
        relays.add("/relay", List.of(RelayTarget.parse(upstream.url("/one"))), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> added.get(0).stats().isConnected());
        relays.add("/relay", List.of(RelayTarget.parse(upstream.url("/two"))), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.requests().size() == 2
                && mounts.mount("/relay").liveSource().map(c -> c.info().remoteAddress().endsWith("/two")).orElse(false));
        assertThat(added.get(1).stats()).as("one mount, one set of counters").isSameAs(added.get(0).stats());
        assertThat(relays.running()).containsOnlyKeys("/relay");
        relays.remove("/relay");
        await().atMost(Duration.ofSeconds(5)).until(() -> mounts.mount("/relay").liveSource().isEmpty());
    }

    private ScriptedUpstream holder;

    /** The upstream whose close ends held-open streams (the first one made). */
    private ScriptedUpstream upstreamHold() {
        return holder;
    }

    private ScriptedUpstream upstream(ScriptedUpstream.Answer answer) throws IOException {
        ScriptedUpstream upstream = new ScriptedUpstream(answer);
        if (holder == null) {
            holder = upstream;
        }
        closing.add(upstream);
        return upstream;
    }

    private Mount start(List<String> urls) {
        return start(urls, SETTINGS);
    }

    private Mount start(List<String> urls, RelaySettings settings) {
        relay = new Relay("/relay", urls.stream().map(RelayTarget::parse).toList(), false, admission, settings,
                group.next(), NioSocketChannel.class, new RelayStats());
        relay.start();
        return mounts.mount("/relay");
    }

    /**
     * An upstream that answers with {@code audio} and {@code firstBlock} in its first metadata block,
     * then holds the connection until the relay closes it.
     */
    private static ScriptedUpstream.Answer playing(byte[] audio, String firstBlock) {
        return out -> {
            out.write(ascii(ICY_HEAD));
            out.write(icy(audio, firstBlock));
            out.flush();
            ScriptedUpstream.holdUntilPeerCloses();
        };
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Audio with a metadata block after every METAINT bytes: the title in the first, empty ones after. */
    private static byte[] icy(byte[] audio, String firstBlock) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean first = true;
        for (int at = 0; at < audio.length; at += METAINT) {
            int n = Math.min(METAINT, audio.length - at);
            out.write(audio, at, n);
            if (n == METAINT) {
                byte[] text = first ? ascii(firstBlock) : new byte[0];
                int units = (text.length + 15) / 16;
                out.write(units);
                out.writeBytes(text);
                out.writeBytes(new byte[units * 16 - text.length]);
                first = false;
            }
        }
        return out.toByteArray();
    }

    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += 1500) {
            int n = Math.min(1500, body.length - at);
            out.writeBytes(ascii(Integer.toHexString(n) + "\r\n"));
            out.write(body, at, n);
            out.writeBytes(ascii("\r\n"));
        }
        return out.toByteArray();
    }

}
