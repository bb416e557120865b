package org.airwave.ingest.http;

import static org.airwave.ingest.IngestTestKit.buf;
import static org.airwave.ingest.IngestTestKit.bytes;
import static org.airwave.ingest.IngestTestKit.concat;
import static org.airwave.ingest.IngestTestKit.fixture;
import static org.airwave.ingest.IngestTestKit.headEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.airwave.core.http.RequestTarget;
import org.airwave.ingest.IngestTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RequestHeadDecoder}: one request head, as real source clients send it (CRLF or darkice's
 * bare LF, ICE/1.0, SOURCE/PUT/GET, raw UTF-8 in the target, any header-name case, split into any
 * number of reads), becomes an {@link HttpRequest}; what follows the head passes on untouched; heads
 * beyond the limits or malformed become failed requests carrying the status (414, 431, 400); a head
 * not complete within the header timeout closes the connection.
 */
class RequestHeadDecoderTest {

    private final Capture capture = new Capture();
    private final EmbeddedChannel channel = new EmbeddedChannel(new RequestHeadDecoder(IngestTestKit.HEAD_LIMITS), capture);

    @AfterEach
    void releaseEverything() {
        channel.finishAndReleaseAll();
        capture.releaseAll();
    }

    @Test
    void crlfHeadBecomesARequest() {
        channel.writeInbound(buf("PUT /live HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nContent-Type: audio/mpeg\r\n\r\n"));

        HttpRequest request = capture.request();
        assertThat(request.decoderResult().isSuccess()).isTrue();
        assertThat(request.method()).isEqualTo(HttpMethod.PUT);
        assertThat(request.uri()).isEqualTo("/live");
        assertThat(request.protocolVersion().text()).isEqualTo("HTTP/1.1");
        assertThat(request.headers().get(HttpHeaderNames.HOST)).isEqualTo("127.0.0.1:8000");
        assertThat(request.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("audio/mpeg");
    }

    @Test
    void darkiceBareLfHeaderLinesAreAccepted() {
        byte[] capture = fixture("handshakes/darkice-icecast2.request.bin");
        int headEnd = headEnd(capture);
        channel.writeInbound(Unpooled.copiedBuffer(capture));

        HttpRequest request = this.capture.request();
        assertThat(request.decoderResult().isSuccess()).isTrue();
        assertThat(request.method().name()).isEqualTo("SOURCE");
        assertThat(request.uri()).isEqualTo("/live");
        assertThat(request.protocolVersion().text()).isEqualTo("HTTP/1.0");
        assertThat(request.headers().get("ice-bitrate")).isEqualTo("128");
        assertThat(request.headers().get("ice-genre")).as("last line ends in CRLF").isEqualTo("Test");
        assertThat(request.headers().get("Authorization")).isEqualTo("Basic c291cmNlOmhhY2ttZQ==");
        assertThat(this.capture.bodyBytes()).isEqualTo(Arrays.copyOfRange(capture, headEnd, capture.length));
    }

    @Test
    void bareLfEverywhereIsAcceptedToo() {
        channel.writeInbound(buf("SOURCE /live HTTP/1.0\nice-name: x\n\n"));

        assertThat(capture.request().headers().get("ice-name")).isEqualTo("x");
    }

    @Test
    void iceOneZeroVersionIsAccepted() {
        channel.writeInbound(buf("SOURCE /live ICE/1.0\r\nContent-Type: audio/mpeg\r\n\r\n"));

        HttpRequest request = capture.request();
        assertThat(request.decoderResult().isSuccess()).isTrue();
        assertThat(request.protocolVersion().protocolName()).isEqualTo("ICE");
        assertThat(request.protocolVersion().majorVersion()).isEqualTo(1);
        assertThat(request.protocolVersion().minorVersion()).isEqualTo(0);
    }

    @Test
    void sourceMethodIsKept() {
        channel.writeInbound(buf("SOURCE /live HTTP/1.0\r\n\r\n"));

        assertThat(capture.request().method()).isEqualTo(HttpMethod.valueOf("SOURCE"));
    }

    @Test
    void getMethodIsKept() {
        channel.writeInbound(buf("GET /status-json.xsl HTTP/1.1\r\nUser-Agent: Mozilla\r\n\r\n"));

        assertThat(capture.request().method()).isEqualTo(HttpMethod.GET);
        assertThat(capture.request().uri()).isEqualTo("/status-json.xsl");
    }

    @Test
    void buttRawUtf8InTheTargetIsKeptAsIso88591Chars() {
        byte[] request = fixture("handshakes/butt-icecast.metadata-request.bin");
        channel.writeInbound(Unpooled.copiedBuffer(request));

        String line = new String(request, 0, indexOf(request, (byte) '\r'), StandardCharsets.ISO_8859_1);
        String rawTarget = line.substring("GET ".length(), line.length() - " HTTP/1.0".length());
        HttpRequest decoded = capture.request();
        assertThat(decoded.decoderResult().isSuccess()).isTrue();
        assertThat(decoded.uri()).isEqualTo(rawTarget).contains("B\u00c3\u00bctt");
        assertThat(RequestTarget.parse(decoded.uri()).parameter("song")).isEqualTo("B\u00fctt \u00c4rtist - Title & Co");
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        channel.writeInbound(buf("SOURCE /live HTTP/1.0\r\nContent-type: audio/mpeg\r\nIce-Name: Mixed\r\n"
                + "Icy-Metadata: 1\r\n\r\n"));

        HttpRequest request = capture.request();
        assertThat(request.headers().get("content-type")).isEqualTo("audio/mpeg");
        assertThat(request.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("audio/mpeg");
        assertThat(request.headers().get("ICE-NAME")).isEqualTo("Mixed");
        assertThat(request.headers().get("icy-metadata")).isEqualTo("1");
    }

    @Test
    void emptyHostHeaderIsAccepted() {
        channel.writeInbound(buf("SOURCE /live HTTP/1.1\r\nHost: \r\n\r\n"));

        assertThat(capture.request().decoderResult().isSuccess()).isTrue();
        assertThat(capture.request().headers().get(HttpHeaderNames.HOST)).isEmpty();
    }

    @Test
    void bytesAfterTheHeadPassThroughUntouchedAsByteBuf() {
        byte[] audio = new byte[3000];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i * 7 + 13);
        }
        channel.writeInbound(buf(bytes("SOURCE /live HTTP/1.0\r\n\r\n"), audio));
        channel.writeInbound(buf(bytes("more\r\n\r\n")));

        assertThat(capture.messages).hasSize(3);
        assertThat(capture.messages.get(0)).isInstanceOf(HttpRequest.class);
        assertThat(capture.messages.get(1)).isInstanceOf(ByteBuf.class);
        assertThat(capture.bodyBytes()).isEqualTo(concat(audio, bytes("more\r\n\r\n")));
        assertThat(channel.pipeline().get(RequestHeadDecoder.class)).as("decoder removed itself").isNull();
    }

    @Test
    void headSplitIntoOneByteReadsIsDecoded() {
        byte[] head = bytes("PUT /live HTTP/1.1\r\nAuthorization: Basic c291cmNlOmhhY2ttZQ==\r\n"
                + "Content-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n");
        byte[] body = {(byte) 0xff, (byte) 0xfb, (byte) 0x90, 0x44, 0, 0, '\r', '\n'};
        byte[] all = concat(head, body);
        for (byte b : all) {
            channel.writeInbound(Unpooled.copiedBuffer(new byte[] {b}));
        }

        HttpRequest request = capture.request();
        assertThat(request.method()).isEqualTo(HttpMethod.PUT);
        assertThat(request.headers().get(HttpHeaderNames.EXPECT)).isEqualTo("100-continue");
        assertThat(request.headers().size()).isEqualTo(3);
        assertThat(capture.bodyBytes()).isEqualTo(body);
    }

    @Test
    void leadingBlankLinesAreSkipped() {
        channel.writeInbound(buf("\r\n\n\r\nSOURCE /live HTTP/1.0\r\n\r\n"));

        assertThat(capture.request().decoderResult().isSuccess()).isTrue();
        assertThat(capture.request().uri()).isEqualTo("/live");
    }

    @Test
    void requestLineOverTheLimitFailsWith414NamingTheLimit() {
        channel.writeInbound(buf("GET /" + "a".repeat(9000) + " HTTP/1.0\r\n\r\n"));

        assertFailure(HttpResponseStatus.REQUEST_URI_TOO_LONG, "limits.max-request-line-bytes");
    }

    @Test
    void unfinishedRequestLineOverTheLimitFailsWith414WithoutWaitingForTheEnd() {
        channel.writeInbound(buf("GET /" + "a".repeat(9000)));

        assertFailure(HttpResponseStatus.REQUEST_URI_TOO_LONG, "limits.max-request-line-bytes");
    }

    @Test
    void headersOverTheByteLimitFailWith431() {
        StringBuilder head = new StringBuilder("SOURCE /live HTTP/1.0\r\n");
        for (int i = 0; i < 20; i++) {
            head.append("X-Pad-").append(i).append(": ").append("p".repeat(1000)).append("\r\n");
        }
        channel.writeInbound(buf(head.append("\r\n").toString()));

        assertFailure(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "limits.max-header-bytes");
    }

    @Test
    void tooManyHeaderLinesFailWith431() {
        StringBuilder head = new StringBuilder("SOURCE /live HTTP/1.0\r\n");
        for (int i = 0; i <= IngestTestKit.HEAD_LIMITS.maxHeaderCount(); i++) {
            head.append("X-").append(i).append(": v\r\n");
        }
        channel.writeInbound(buf(head.append("\r\n").toString()));

        assertFailure(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "limits.max-header-count");
    }

    @Test
    void exactlyTheMaximumNumberOfHeadersIsAccepted() {
        StringBuilder head = new StringBuilder("SOURCE /live HTTP/1.0\r\n");
        for (int i = 0; i < IngestTestKit.HEAD_LIMITS.maxHeaderCount(); i++) {
            head.append("X-").append(i).append(": v\r\n");
        }
        channel.writeInbound(buf(head.append("\r\n").toString()));

        assertThat(capture.request().decoderResult().isSuccess()).isTrue();
        assertThat(capture.request().headers().size()).isEqualTo(IngestTestKit.HEAD_LIMITS.maxHeaderCount());
    }

    @Test
    void requestLineWithoutVersionFailsWith400() {
        channel.writeInbound(buf("hackme\r\n\r\n"));

        assertFailure(HttpResponseStatus.BAD_REQUEST, "malformed request line");
    }

    @Test
    void unknownProtocolVersionFailsWith400() {
        channel.writeInbound(buf("GET / FTP/1.0\r\n\r\n"));

        assertFailure(HttpResponseStatus.BAD_REQUEST, "unsupported protocol version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/9.9", "HTTP/2", "HTTP/1.2", "HTTP/0.9", "HTTP/1", "ICE/1.1", "ICE/2.0"})
    void aVersionOtherThanHttp10Http11OrIce10FailsWith505(String version) {
        channel.writeInbound(buf("GET / " + version + "\r\nHost: x\r\n\r\n"));

        assertFailure(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                "protocol version " + version + " not supported (HTTP/1.0, HTTP/1.1 and ICE/1.0 are)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.0", "HTTP/1.1", "http/1.1", "ICE/1.0"})
    void theVersionsRealClientsSendAreAccepted(String version) {
        channel.writeInbound(buf("SOURCE /live " + version + "\r\n\r\n"));

        assertThat(capture.request().decoderResult().isSuccess()).isTrue();
    }

    @Test
    void headerLineWithoutColonFailsWith400() {
        channel.writeInbound(buf("SOURCE /live HTTP/1.0\r\nno colon here\r\n\r\n"));

        assertFailure(HttpResponseStatus.BAD_REQUEST, "malformed header line");
    }

    @Test
    void bytesAfterAFailedHeadAreNotPassedOn() {
        channel.writeInbound(buf("hackme\r\n\r\nGET / HTTP/1.0\r\n\r\n"));

        assertThat(capture.request().decoderResult().isFailure()).isTrue();
        assertThat(capture.messages).hasSize(1);
    }

    @Test
    void incompleteHeadClosesTheConnectionAfterTheHeaderTimeout() {
        channel.writeInbound(buf("SOURCE /live HTTP/1.0\r\nContent-Type: audio/mpeg\r\n"));
        Duration timeout = IngestTestKit.HEAD_LIMITS.headerTimeout();

        channel.advanceTimeBy(timeout.toMillis() - 1000, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("still open before the timeout").isTrue();

        channel.advanceTimeBy(2000, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(capture.messages).isEmpty();
    }

    @Test
    void completeHeadCancelsTheHeaderTimeout() {
        channel.writeInbound(buf("SOURCE /live HTTP/1.0\r\n\r\n"));

        channel.advanceTimeBy(IngestTestKit.HEAD_LIMITS.headerTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isTrue();
        assertThat(capture.request().decoderResult().isSuccess()).isTrue();
    }

    private void assertFailure(HttpResponseStatus status, String reasonPart) {
        HttpRequest request = capture.request();
        assertThat(request.decoderResult().isFailure()).isTrue();
        assertThat(request.decoderResult().cause()).isInstanceOf(RequestHeadException.class)
                .hasMessageContaining(reasonPart);
        assertThat(((RequestHeadException) request.decoderResult().cause()).status()).isEqualTo(status);
        assertThat(channel.pipeline().get(RequestHeadDecoder.class)).as("decoder removed itself").isNull();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Records every message that passes the decoder; owns (and finally releases) them. */
    static final class Capture extends ChannelInboundHandlerAdapter {
        final List<Object> messages = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            messages.add(msg);
        }

        HttpRequest request() {
            assertThat(messages).isNotEmpty();
            assertThat(messages.get(0)).isInstanceOf(HttpRequest.class);
            return (HttpRequest) messages.get(0);
        }

        /** The bytes of every ByteBuf received after the request, concatenated. */
        byte[] bodyBytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Object msg : messages.subList(1, messages.size())) {
                assertThat(msg).isInstanceOf(ByteBuf.class);
                ByteBuf buf = (ByteBuf) msg;
                byte[] copy = new byte[buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), copy);
                out.writeBytes(copy);
            }
            return out.toByteArray();
        }

        void releaseAll() {
            messages.forEach(ReferenceCountUtil::release);
            messages.clear();
        }
    }
}
