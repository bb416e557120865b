package org.airwave.ingest.shoutcast;

import static org.airwave.ingest.IngestTestKit.buf;
import static org.airwave.ingest.IngestTestKit.bufferedAudio;
import static org.airwave.ingest.IngestTestKit.bytes;
import static org.airwave.ingest.IngestTestKit.fixture;
import static org.airwave.ingest.IngestTestKit.mp3;
import static org.airwave.ingest.IngestTestKit.outboundText;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.airwave.core.auth.TestLogins;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.ingest.IngestTestKit.HttpReply;
import org.airwave.ingest.IngestTestKit;
import org.airwave.ingest.SourceAccess;
import org.airwave.ingest.SourceAdmission;
import org.airwave.ingest.SourceStreamHandler;

import org.airwave.ingest.http.RequestHeadDecoder;
import org.airwave.ingest.metadata.MetadataUpdateHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ShoutcastSourceDecoder} in the port+1 pipeline (decoder, then an HTTP response encoder):
 * the password line in every client's dialect ({@code \r\n}, libshout's {@code \n}, Winamp DSPs'
 * {@code \r\r\n}) gets exactly {@code OK2\r\nicy-caps:11\r\n\r\n}, with the icy headers pipelined
 * (butt, libshout) or sent after OK2 (liquidsoap), butt's {@code Host:} line ignored; mounts from
 * {@code /mount:pass} and {@code pass:#sid}; a wrong password gets {@code invalid password\r\n} and a
 * close; libshout's {@code !POKE} probe is closed without a source; an HTTP request line switches
 * to the HTTP fallback.
 */
class ShoutcastSourceDecoderTest {

    private static final String OK2 = "OK2\r\nicy-caps:11\r\n\r\n";

    private final MountRegistry mounts = new MountRegistry();
    private final SourceAdmission admission = new SourceAdmission(mounts, IngestTestKit.settings());
    private final SourceAccess access = new IngestTestKit.TestAccess();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final List<ChannelPipeline> fallbacks = new ArrayList<>();
    private final List<Object> fallbackMessages = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        fallbackMessages.forEach(ReferenceCountUtil::release);
        assertThat(mounts.all()).as("every source left with its connection")
                .allSatisfy(mount -> assertThat(mount.liveSource()).isEmpty());
    }

    @Test
    void rightPasswordGetsExactlyOk2() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("hackme\r\n"));

        assertThat(outboundText(channel)).isEqualTo(OK2);
        assertThat(channel.isOpen()).isTrue();
        assertThat(mounts.all()).as("no source before the headers end").isEmpty();
    }

    @Test
    void wrongPasswordGetsInvalidPasswordThenClose() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("letmein\r\nicy-name:x\r\n\r\n"));

        assertThat(outboundText(channel)).isEqualTo("invalid password\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.all()).isEmpty();
    }

    @Test
    void libshoutPokeProbeIsClosedWithoutASource() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("!POKE\nicy-name:libshout server poke request\n\n"));

        assertThat(outboundText(channel)).as("no OK2: libshout would stream without a password").isEmpty();
        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.all()).isEmpty();
    }

    @Test
    void buttPipelinedLoginWithHostLineStartsTheSourceOnTheDefaultMount() {
        EmbeddedChannel channel = connect();
        byte[] capture = fixture("handshakes/butt-shoutcast.request.bin");

        channel.writeInbound(Unpooled.copiedBuffer(capture));

        assertThat(outboundText(channel)).isEqualTo(OK2);
        assertThat(channel.pipeline().get(SourceStreamHandler.class)).isNotNull();
        SourceInfo info = live("/stream").liveSource().orElseThrow().info();
        assertThat(info.protocol().tag()).isEqualTo("shoutcast");
        assertThat(info.name()).as("read after butt's Host: line").isEqualTo("capture");
        assertThat(info.genre()).isEqualTo("Test");
        assertThat(info.url()).isEqualTo("http://example.invalid/");
        assertThat(info.bitrate()).isEqualTo("128");
        assertThat(info.isPublic()).isFalse();
        assertThat(info.contentType()).isEqualTo("audio/mpeg");
    }

    @Test
    void liquidsoapHeadersSentAfterOk2StartTheSource() {
        EmbeddedChannel channel = connect();
        byte[] capture = fixture("handshakes/liquidsoap-icy.request.bin");
        int passwordEnd = "hackme\r\n".length();

        channel.writeInbound(Unpooled.copiedBuffer(capture, 0, passwordEnd));
        assertThat(outboundText(channel)).isEqualTo(OK2);
        assertThat(mounts.all()).isEmpty();

        channel.writeInbound(Unpooled.copiedBuffer(capture, passwordEnd, capture.length - passwordEnd));

        assertThat(outboundText(channel)).as("nothing more after OK2").isEmpty();
        SourceInfo info = live("/stream").liveSource().orElseThrow().info();
        assertThat(info.name()).isEqualTo("Liquidsoap Test");
        assertThat(info.isPublic()).isTrue();
        assertThat(info.bitrate()).isEqualTo("128");
    }

    @Test
    void liquidsoapTitleSentRightAfterOk2WaitsForTheHeadersAndIsApplied() {
        EmbeddedChannel source = connect();
        byte[] capture = fixture("handshakes/liquidsoap-icy.request.bin");
        int passwordEnd = "hackme\r\n".length();
        source.writeInbound(Unpooled.copiedBuffer(capture, 0, passwordEnd));
        assertThat(outboundText(source)).isEqualTo(OK2);
        EmbeddedChannel update = titleUpdate();

        update.writeInbound(Unpooled.copiedBuffer(fixture("handshakes/liquidsoap-icy.metadata-request.bin")));
        assertThat(outboundText(update)).as("no answer before the source's headers are in").isEmpty();
        source.writeInbound(Unpooled.copiedBuffer(capture, passwordEnd, capture.length - passwordEnd));
        update.runPendingTasks();

        assertThat(HttpReply.parse(outboundText(update)).statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(live("/stream").metadata().title()).isEqualTo("Artist One - Title One");
        assertThat(update.isOpen()).isFalse();
    }

    @Test
    void titleWaitingForALoginThatEndsWithoutASourceIsRefused() {
        EmbeddedChannel source = connect();
        source.writeInbound(buf("hackme\r\n"));
        EmbeddedChannel update = titleUpdate();
        update.writeInbound(Unpooled.copiedBuffer(fixture("handshakes/liquidsoap-icy.metadata-request.bin")));

        source.close();
        update.runPendingTasks();

        HttpReply reply = HttpReply.parse(outboundText(update));
        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 400 Bad Request");
        assertThat(reply.body()).isEqualTo("Source does not exist\r\n");
    }

    @Test
    void afterFiveWrongPasswordsTheAddressIsRefusedUncheckedWithTheRetryTime() {
        for (int i = 0; i < TestLogins.FAILURES_BEFORE_BLOCK; i++) {
            EmbeddedChannel guess = connect();
            guess.writeInbound(buf("guess" + i + "\r\n"));
            assertThat(outboundText(guess)).isEqualTo("invalid password\r\n");
        }
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("hackme\r\n"));

        assertThat(outboundText(channel)).startsWith("invalid password\r\nToo many failed logins from this address:"
                + " try again in 1 s");
        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.stats().rejections(Protocol.SHOUTCAST, RejectReason.AUTH_BLOCKED)).isEqualTo(1);
    }

    @Test
    void libshoutBareLfLoginStartsTheSourceAndItsAudioReachesTheMount() {
        EmbeddedChannel channel = connect();
        byte[] capture = fixture("handshakes/shout-icy.request.bin");
        int audioStart = indexOf(capture, bytes("\n\n")) + 2;

        channel.writeInbound(Unpooled.copiedBuffer(capture));

        assertThat(outboundText(channel)).isEqualTo(OK2);
        Mount mount = live("/stream");
        assertThat(mount.liveSource().orElseThrow().info().name()).isEqualTo("ShoutTest");
        byte[] buffered = bufferedAudio(mount);
        assertThat(buffered.length).isGreaterThanOrEqualTo(4 * 417);
        assertThat(buffered).isEqualTo(Arrays.copyOfRange(capture, audioStart, audioStart + buffered.length));
    }

    @Test
    void carriageReturnCarriageReturnLineFeedEndingsAreAccepted() {
        EmbeddedChannel channel = connect();
        byte[] audio = mp3(8000);

        channel.writeInbound(buf(bytes("hackme\r\r\nicy-name:Winamp DSP\r\r\ncontent-type:audio/mpeg\r\r\n\r\r\n"), audio));

        assertThat(outboundText(channel)).isEqualTo(OK2);
        Mount mount = live("/stream");
        assertThat(mount.liveSource().orElseThrow().info().name()).isEqualTo("Winamp DSP");
        byte[] buffered = bufferedAudio(mount);
        assertThat(buffered).isNotEmpty().isEqualTo(Arrays.copyOf(audio, buffered.length));
    }

    @Test
    void loginSplitIntoOneByteReadsWorks() {
        EmbeddedChannel channel = connect();

        for (byte b : bytes("hackme\r\nicy-name:slow\r\n\r\n")) {
            channel.writeInbound(Unpooled.copiedBuffer(new byte[] {b}));
        }

        assertThat(outboundText(channel)).isEqualTo(OK2);
        assertThat(live("/stream").liveSource().orElseThrow().info().name()).isEqualTo("slow");
    }

    @Test
    void mountBeforeThePasswordSelectsThatMount() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("/custom:hackme\r\nicy-name:kh\r\n\r\n"));

        assertThat(outboundText(channel)).isEqualTo(OK2);
        live("/custom");
        assertThat(mounts.find("/stream")).isEmpty();
    }

    @Test
    void passwordWithSidGoesToTheMappedMount() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("hackme:#2\r\n\r\n"));

        assertThat(outboundText(channel)).isEqualTo(OK2);
        live("/two");
        assertThat(mounts.find("/stream")).isEmpty();
    }

    @Test
    void badMountInTheLoginIsAnInvalidPassword() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("/../x:hackme\r\n\r\n"));

        assertThat(outboundText(channel)).isEqualTo("invalid password\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.all()).isEmpty();
    }

    @Test
    void aMountBeforeThePasswordThatTheServerAnswersItselfGetsOk2Then403() {
        EmbeddedChannel channel = connect();

        channel.writeInbound(buf("/admin/stats:hackme\r\nicy-name:kh\r\n\r\n"));

        String wire = outboundText(channel);
        assertThat(wire).startsWith(OK2);
        HttpReply reply = HttpReply.parse(wire.substring(OK2.length()));
        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 403 Forbidden");
        assertThat(reply.body()).contains("Mountpoint not allowed: /admin/stats is reserved for the server's own pages");
        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.all()).isEmpty();
    }

    @Test
    void busyMountGetsOk2Then403() {
        EmbeddedChannel first = connect();
        first.writeInbound(buf("hackme\r\n\r\n"));
        assertThat(outboundText(first)).isEqualTo(OK2);

        EmbeddedChannel second = connect();
        second.writeInbound(buf("hackme\r\nicy-name:second\r\n\r\n"));

        String wire = outboundText(second);
        assertThat(wire).startsWith(OK2);
        HttpReply reply = HttpReply.parse(wire.substring(OK2.length()));
        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 403 Forbidden");
        assertThat(reply.body()).contains("Mountpoint in use");
        assertThat(second.isOpen()).isFalse();
        assertThat(first.isOpen()).isTrue();
    }

    @Test
    void closingTheConnectionFreesTheMount() {
        EmbeddedChannel channel = connect();
        channel.writeInbound(buf(bytes("hackme\r\n\r\n"), mp3(4000)));
        live("/stream");

        channel.close();

        assertThat(mounts.find("/stream").orElseThrow().liveSource()).isEmpty();
    }

    @Test
    void incompleteLoginIsClosedAfterTheHeaderTimeout() {
        EmbeddedChannel channel = connect();
        channel.writeInbound(buf("hackme\r\nicy-name:x\r\n"));
        assertThat(outboundText(channel)).isEqualTo(OK2);

        channel.advanceTimeBy(IngestTestKit.settings().head().headerTimeout().toMillis() + 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(mounts.all()).isEmpty();
    }

    @Test
    void httpRequestLineSwitchesToTheHttpFallbackWithTheRequestUntouched() {
        EmbeddedChannel channel = connect();
        byte[] request = fixture("handshakes/butt-shoutcast.metadata-request.bin");

        channel.writeInbound(Unpooled.copiedBuffer(request));

        assertThat(fallbacks).containsExactly(channel.pipeline());
        assertThat(channel.pipeline().get(ShoutcastSourceDecoder.class)).as("decoder removed itself").isNull();
        assertThat(outboundText(channel)).isEmpty();
        assertThat(fallbackBytes()).isEqualTo(request);
        assertThat(mounts.all()).isEmpty();
    }

    @Test
    void libshoutAdminCgiOnPortPlusOneAlsoFallsBack() {
        EmbeddedChannel channel = connect();
        String request = "GET /admin.cgi?mode=updinfo&pass=hackme&charset=UTF%2d8&artist=A&title=T HTTP/1.1\r\n"
                + "Host: 127.0.0.1:9000\r\nUser-Agent: libshout/2.4.6 (Mozilla compatible)\r\n\r\n";

        channel.writeInbound(buf(request));

        assertThat(fallbacks).hasSize(1);
        assertThat(fallbackBytes()).isEqualTo(bytes(request));
    }

    @Test
    void longHttpRequestLineArrivingWholeAlsoFallsBack() {
        EmbeddedChannel channel = connect();
        String request = "GET /admin.cgi?mode=updinfo&pass=hackme&title=" + "%c3%84".repeat(300) + " HTTP/1.1\r\n\r\n";

        channel.writeInbound(buf(request));

        assertThat(fallbacks).hasSize(1);
        assertThat(fallbackBytes()).isEqualTo(bytes(request));
    }

    private EmbeddedChannel connect() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline()
                .addLast("shoutcast", new ShoutcastSourceDecoder(admission, access, this::httpFallback))
                .addLast("http-encoder", new HttpResponseEncoder());
        channels.add(channel);
        return channel;
    }

    /** A connection to the main port's title update handler, sharing this test's mounts and logins. */
    private EmbeddedChannel titleUpdate() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestHeadDecoder(IngestTestKit.HEAD_LIMITS),
                new HttpResponseEncoder(), new MetadataUpdateHandler(mounts, access, admission));
        channels.add(channel);
        return channel;
    }

    /** Records the call and puts a handler capturing the bytes where the HTTP pipeline would go. */
    private void httpFallback(ChannelPipeline pipeline) {
        fallbacks.add(pipeline);
        pipeline.addAfter("shoutcast", "capture", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                fallbackMessages.add(msg);
            }
        });
    }

    private byte[] fallbackBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object msg : fallbackMessages) {
            assertThat(msg).isInstanceOf(ByteBuf.class);
            ByteBuf buf = (ByteBuf) msg;
            byte[] copy = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), copy);
            out.writeBytes(copy);
        }
        return out.toByteArray();
    }

    private Mount live(String path) {
        Mount mount = mounts.find(path).orElseThrow(() -> new AssertionError("no mount " + path));
        assertThat(mount.liveSource()).as(path + " has a live source").isPresent();
        return mount;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
