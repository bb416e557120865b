package org.airwave.ingest.icecast;

import static org.airwave.ingest.IngestTestKit.SOURCE_AUTH;
import static org.airwave.ingest.IngestTestKit.WRONG_AUTH;
import static org.airwave.ingest.IngestTestKit.buf;
import static org.airwave.ingest.IngestTestKit.bufferedAudio;
import static org.airwave.ingest.IngestTestKit.bytes;
import static org.airwave.ingest.IngestTestKit.concat;
import static org.airwave.ingest.IngestTestKit.fixture;
import static org.airwave.ingest.IngestTestKit.mp3;
import static org.airwave.ingest.IngestTestKit.outboundText;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.airwave.core.http.BasicCredentials;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.SourceInfo;
import org.airwave.ingest.IngestTestKit.HttpReply;
import org.airwave.ingest.IngestTestKit;
import org.airwave.ingest.SourceAccess;
import org.airwave.ingest.SourceAdmission;
import org.airwave.ingest.SourceStreamHandler;

import org.airwave.ingest.http.RequestHeadDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link IcecastSourceHandler} in the application's pipeline (head decoder, response encoder, a
 * router stand-in handing the request over): accepted sources get exactly
 * {@code HTTP/1.0 200 OK\r\n\r\n} (after {@code HTTP/1.1 100 Continue\r\n\r\n} when asked) and
 * their audio (also the bytes sent with the head, and chunked bodies de-chunked) reaches the
 * mount's buffer; refusals follow PROTOCOLS.md §1 (401 with {@code Allow} and no 100, 403 for a
 * busy mount, 400 for a bad mount or a PUT without type); garbage or a closed connection frees
 * the mount.
 */
class IcecastSourceHandlerTest {

    private static final String OK = "HTTP/1.0 200 OK\r\n\r\n";
    private static final String CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";

    private final MountRegistry mounts = new MountRegistry();
    private final SourceAdmission admission = new SourceAdmission(mounts, IngestTestKit.settings());
    private final SourceAccess access = new IngestTestKit.TestAccess();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        assertThat(mounts.all()).as("every source left with its connection")
                .allSatisfy(mount -> assertThat(mount.liveSource()).isEmpty());
    }

    @Test
    void acceptedSourceGetsExactlyHttp10Ok() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("SOURCE /live HTTP/1.0\r\nAuthorization: " + SOURCE_AUTH
                + "\r\nContent-Type: audio/mpeg\r\nice-name: Test\r\n\r\n"));

        assertThat(outboundText(channel)).isEqualTo(OK);
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.pipeline().get(SourceStreamHandler.class)).isNotNull();
        SourceInfo info = live("/live").liveSource().orElseThrow().info();
        assertThat(info.protocol().tag()).isEqualTo("icecast");
        assertThat(info.name()).isEqualTo("Test");
    }

    @Test
    void iceOneZeroSourceIsAccepted() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("SOURCE /live ICE/1.0\r\nAuthorization: " + SOURCE_AUTH
                + "\r\nContent-Type: audio/mpeg\r\n\r\n"));

        assertThat(outboundText(channel)).isEqualTo(OK);
        live("/live");
    }

    @Test
    void putWithExpectGets100ContinueThenOk() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("PUT /live HTTP/1.1\r\nAuthorization: " + SOURCE_AUTH
                + "\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n"));

        assertThat(outboundText(channel)).isEqualTo(CONTINUE + OK);
        live("/live");
    }

    @Test
    void buttPutCaptureGets100ThenOkAndItsAudioInfoNormalised() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(Unpooled.copiedBuffer(fixture("handshakes/butt-icecast.request.bin")));

        assertThat(outboundText(channel)).isEqualTo(CONTINUE + OK);
        SourceInfo info = live("/live").liveSource().orElseThrow().info();
        assertThat(info.audioInfo()).isEqualTo("bitrate=128;channels=2;samplerate=44100");
        assertThat(info.userAgent()).isEqualTo("butt 0.1.37");
    }

    @Test
    void darkiceBareLfCaptureIsAcceptedWithItsBitrate() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(Unpooled.copiedBuffer(fixture("handshakes/darkice-icecast2.request.bin")));

        assertThat(outboundText(channel)).isEqualTo(OK);
        SourceInfo info = live("/live").liveSource().orElseThrow().info();
        assertThat(info.bitrate()).isEqualTo("128");
        assertThat(info.contentType()).isEqualTo("audio/mpeg");
    }

    @Test
    void libshoutUnauthenticatedChallengeGets401WithAllowAndCreatesNoSource() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("SOURCE /live HTTP/1.0\r\nHost: 127.0.0.1:8000\r\nUser-Agent: libshout/2.4.6\r\n"
                + "Content-Type: audio/mpeg\r\nContent-Length: 0\r\nConnection: Keep-Alive\r\n\r\n"));

        HttpReply reply = HttpReply.parse(outboundText(channel));
        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 401 Unauthorized");
        assertThat(reply.header("WWW-Authenticate")).startsWith("Basic realm=\"");
        assertThat(reply.header("Allow")).isEqualTo("GET, PUT, OPTIONS, SOURCE");
        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.find("/live")).isEmpty();
    }

    @Test
    void missingCredentialsWithExpectGet401WithoutA100First() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("PUT /live HTTP/1.1\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n"));

        String wire = outboundText(channel);
        assertThat(wire).startsWith("HTTP/1.0 401 ").doesNotContain("100 Continue");
        assertThat(HttpReply.parse(wire).header("Allow")).isEqualTo("GET, PUT, OPTIONS, SOURCE");
    }

    @Test
    void wrongPasswordWithExpectGets401WithoutA100First() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("PUT /live HTTP/1.1\r\nAuthorization: " + WRONG_AUTH
                + "\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n"));

        String wire = outboundText(channel);
        assertThat(wire).startsWith("HTTP/1.0 401 ").doesNotContain("100 Continue");
        HttpReply reply = HttpReply.parse(wire);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(reply.header("Allow")).isEqualTo("GET, PUT, OPTIONS, SOURCE");
        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.find("/live")).isEmpty();
    }

    @Test
    void secondSourceOnABusyMountGets403MountpointInUse() {
        EmbeddedChannel first = connect();
        first.writeInbound(buf(sourceHead("/live")));
        assertThat(outboundText(first)).isEqualTo(OK);
        SourceInfo firstInfo = live("/live").liveSource().orElseThrow().info();

        EmbeddedChannel second = connect();
        second.writeInbound(buf("PUT /live HTTP/1.1\r\nAuthorization: " + SOURCE_AUTH
                + "\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n"));

        String wire = outboundText(second);
        HttpReply reply = HttpReply.parse(wire);
        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 403 Forbidden");
        assertThat(reply.body()).contains("Mountpoint in use");
        assertThat(wire).doesNotContain("100 Continue");
        assertThat(second.isOpen()).isFalse();
        assertThat(first.isOpen()).isTrue();
        assertThat(live("/live").liveSource().orElseThrow().info()).isSameAs(firstInfo);
    }

    @Test
    void putWithoutContentTypeGets400() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("PUT /live HTTP/1.1\r\nAuthorization: " + SOURCE_AUTH + "\r\n\r\n"));

        HttpReply reply = HttpReply.parse(outboundText(channel));
        assertThat(reply.statusLine()).startsWith("HTTP/1.0 400 ");
        assertThat(reply.body()).containsIgnoringCase("content-type");
        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.find("/live")).isEmpty();
    }

    @Test
    void anAuthorizationOverTheLimitGets400NamingItAndClaimsNothing() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("SOURCE /live HTTP/1.0\r\nAuthorization: Basic "
                + "A".repeat(BasicCredentials.MAX_HEADER_CHARS) + "\r\nContent-Type: audio/mpeg\r\n\r\n"));

        HttpReply reply = HttpReply.parse(outboundText(channel));
        assertThat(reply.statusLine()).startsWith("HTTP/1.0 400 ");
        assertThat(reply.body()).contains("Authorization header longer than 1024 characters");
        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.all()).isEmpty();
    }

    @Test
    void sourceWithoutContentTypeIsAudioMpeg() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("SOURCE /live HTTP/1.0\r\nAuthorization: " + SOURCE_AUTH + "\r\n\r\n"));

        assertThat(outboundText(channel)).isEqualTo(OK);
        assertThat(live("/live").liveSource().orElseThrow().info().contentType()).isEqualTo("audio/mpeg");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/a/../b", "/a%2f..%2fb", "/%2e%2e", "/live%01", "/live%0d%0aX:%20y", "/live%7f",
        "/", "/a//b", "/a\\b"})
    void badMountGets400AndClaimsNothing(String target) {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("SOURCE " + target + " HTTP/1.0\r\nAuthorization: " + SOURCE_AUTH
                + "\r\nContent-Type: audio/mpeg\r\n\r\n"));

        assertThat(HttpReply.parse(outboundText(channel)).statusLine()).startsWith("HTTP/1.0 400 ");
        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.all()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/stats", "/status-json.xsl", "/7.html", "/stats", "/metrics", "/health", "/api/v1/status",
        "/admin.cgi", "/web/app.js", "/live.m3u", "/live.PLS", "/live.xspf"})
    void aPathTheServerAnswersItselfGets403WithTheReasonAndClaimsNothing(String target) {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf(sourceHead(target)));

        HttpReply reply = HttpReply.parse(outboundText(channel));
        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 403 Forbidden");
        assertThat(reply.body()).startsWith("Mountpoint not allowed: ")
                .containsAnyOf("is reserved for the server's own pages", "would be served as a playlist");
        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.all()).isEmpty();
    }

    @Test
    void mountOf256CharactersGets400() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf(sourceHead("/" + "m".repeat(255))));

        assertThat(HttpReply.parse(outboundText(channel)).statusLine()).startsWith("HTTP/1.0 400 ");
        assertThat(mounts.all()).isEmpty();
    }

    @Test
    void mountOf255CharactersIsAccepted() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf(sourceHead("/" + "m".repeat(254))));

        assertThat(outboundText(channel)).isEqualTo(OK);
        live("/" + "m".repeat(254));
    }

    @Test
    void audioSentInTheSameWriteAsTheHeadReachesTheMount() {
        EmbeddedChannel channel = connect();
        byte[] audio = mp3(16 * 1024);

        channel.writeInbound(buf(bytes(sourceHead("/live")), audio));

        assertThat(outboundText(channel)).isEqualTo(OK);
        byte[] buffered = bufferedAudio(live("/live"));
        assertThat(buffered.length).isGreaterThan(14_000);
        assertThat(buffered).isEqualTo(Arrays.copyOf(audio, buffered.length));
    }

    @Test
    void audioStreamedRightAfterThe100ContinueReachesTheMount() {
        EmbeddedChannel channel = connect();
        byte[] audio = mp3(16 * 1024);
        channel.writeInbound(buf(bytes("PUT /live HTTP/1.1\r\nAuthorization: " + SOURCE_AUTH
                + "\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n"), Arrays.copyOf(audio, 1000)));

        channel.writeInbound(Unpooled.copiedBuffer(audio, 1000, audio.length - 1000));

        assertThat(outboundText(channel)).isEqualTo(CONTINUE + OK);
        byte[] buffered = bufferedAudio(live("/live"));
        assertThat(buffered.length).isGreaterThan(14_000);
        assertThat(buffered).isEqualTo(Arrays.copyOf(audio, buffered.length));
    }

    @Test
    void chunkedBodyIsDechunkedBeforeItReachesTheMount() {
        EmbeddedChannel channel = connect();
        byte[] audio = mp3(16 * 1024);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int offset = 0; offset < audio.length; offset += 0x3E8) {
            int size = Math.min(0x3E8, audio.length - offset);
            chunked.writeBytes(bytes(Integer.toHexString(size).toUpperCase() + "\r\n"));
            chunked.write(audio, offset, size);
            chunked.writeBytes(bytes("\r\n"));
        }

        channel.writeInbound(buf(bytes("SOURCE /live HTTP/1.1\r\nTransfer-Encoding: chunked\r\nHost: \r\n"
                + "Authorization: " + SOURCE_AUTH + "\r\nContent-Type: audio/mpeg\r\n\r\n"), chunked.toByteArray()));

        assertThat(outboundText(channel)).isEqualTo(OK);
        assertThat(channel.pipeline().get(ChunkedBodyDecoder.class)).isNotNull();
        byte[] buffered = bufferedAudio(live("/live"));
        assertThat(buffered.length).isGreaterThan(14_000);
        assertThat(buffered).isEqualTo(Arrays.copyOf(audio, buffered.length));
    }

    @Test
    void liquidsoapChunkedCaptureReachesTheMountWithoutChunkLines() {
        EmbeddedChannel channel = connect();
        LiquidsoapChunkedCapture liquidsoap = new LiquidsoapChunkedCapture();

        channel.writeInbound(Unpooled.copiedBuffer(liquidsoap.headAndCompleteChunks()));

        assertThat(outboundText(channel)).isEqualTo(OK);
        SourceInfo info = live("/live").liveSource().orElseThrow().info();
        assertThat(info.isPublic()).isTrue();
        assertThat(info.audioInfo()).isEqualTo("channels=2;samplerate=44100;bitrate=128");
        byte[] buffered = bufferedAudio(live("/live"));
        assertThat(buffered.length).as("whole frames across chunk boundaries").isGreaterThan(0x31E + 0x142);
        assertThat(buffered).isEqualTo(Arrays.copyOf(liquidsoap.completeChunksData, buffered.length));
    }

    @Test
    void garbageBodyClosesTheConnectionAndFreesTheMount() {
        EmbeddedChannel channel = connect();
        channel.writeInbound(buf(sourceHead("/live")));
        assertThat(outboundText(channel)).isEqualTo(OK);
        live("/live");
        byte[] garbage = new byte[100_000];
        new Random(42).nextBytes(garbage);

        channel.writeInbound(Unpooled.copiedBuffer(garbage));

        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.find("/live").orElseThrow().liveSource()).isEmpty();
    }

    @Test
    void closingTheConnectionFreesTheMountForTheNextSource() {
        EmbeddedChannel first = connect();
        first.writeInbound(buf(bytes(sourceHead("/live")), mp3(8000)));
        assertThat(outboundText(first)).isEqualTo(OK);
        live("/live");

        first.close();

        assertThat(mounts.find("/live").orElseThrow().liveSource()).isEmpty();
        EmbeddedChannel second = connect();
        second.writeInbound(buf(sourceHead("/live")));
        assertThat(outboundText(second)).isEqualTo(OK);
        live("/live");
    }

    @Test
    void unsupportedContentTypeGets415() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("PUT /live HTTP/1.1\r\nAuthorization: " + SOURCE_AUTH
                + "\r\nContent-Type: video/mp4\r\n\r\n"));

        HttpReply reply = HttpReply.parse(outboundText(channel));
        assertThat(reply.statusLine()).startsWith("HTTP/1.0 415 ");
        assertThat(reply.body()).contains("video/mp4");
        assertThat(reply.body()).as("every accepted kind named")
                .contains("audio/mpeg", "audio/aac", "application/ogg", "audio/ogg", "audio/flac");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void adtsLabelledTheWayLibmagicNamesItIsAccepted() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("PUT /live HTTP/1.1\r\nAuthorization: " + SOURCE_AUTH
                + "\r\nContent-Type: audio/x-hx-aac-adts\r\n\r\n"));

        assertThat(outboundText(channel)).isEqualTo(OK);
        assertThat(live("/live").liveSource().orElseThrow().info().contentType()).isEqualTo("audio/x-hx-aac-adts");
    }

    @Test
    void sourceBeyondMaxSourcesGets403() {
        int maxSources = IngestTestKit.settings().maxSources();
        for (int i = 0; i < maxSources; i++) {
            EmbeddedChannel channel = connect();
            channel.writeInbound(buf(sourceHead("/s" + i)));
            assertThat(outboundText(channel)).isEqualTo(OK);
        }

        EmbeddedChannel extra = connect();
        extra.writeInbound(buf(sourceHead("/one-too-many")));

        HttpReply reply = HttpReply.parse(outboundText(extra));
        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 403 Forbidden");
        assertThat(reply.body()).contains("limits.max-sources");
        assertThat(mounts.find("/one-too-many").flatMap(Mount::liveSource)).isEmpty();
    }

    @Test
    void silentSourceIsClosedAfterTheIdleTimeoutAndFreesTheMount() {
        EmbeddedChannel channel = connect();
        channel.writeInbound(buf(bytes(sourceHead("/live")), mp3(4000)));
        assertThat(outboundText(channel)).isEqualTo(OK);
        long idleMillis = IngestTestKit.settings().sourceIdleTimeout().toMillis();

        channel.advanceTimeBy(idleMillis - 1000, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        live("/live");

        channel.advanceTimeBy(2000, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.find("/live").orElseThrow().liveSource()).isEmpty();
    }

    private EmbeddedChannel connect() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestHeadDecoder(IngestTestKit.HEAD_LIMITS),
                new HttpResponseEncoder(), new RouterStandIn());
        channels.add(channel);
        return channel;
    }

    private Mount live(String path) {
        Mount mount = mounts.find(path).orElseThrow(() -> new AssertionError("no mount " + path));
        assertThat(mount.liveSource()).as(path + " has a live source").isPresent();
        return mount;
    }

    private static String sourceHead(String target) {
        return "SOURCE " + target + " HTTP/1.0\r\nAuthorization: " + SOURCE_AUTH
                + "\r\nContent-Type: audio/mpeg\r\n\r\n";
    }

    /**
     * What the application's router does for PUT and SOURCE (see app's RequestRouter#handOver):
     * replaces itself with the source handler and passes the request on to it.
     */
    private final class RouterStandIn extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HttpRequest request) || request.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                throw new AssertionError("router stand-in got " + msg);
            }
            ctx.pipeline().replace(ctx.handler(), "request", new IcecastSourceHandler(admission, access));
            ctx.fireChannelRead(request);
        }
    }
}
