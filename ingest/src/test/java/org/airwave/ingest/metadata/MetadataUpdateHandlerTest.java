package org.airwave.ingest.metadata;

import static org.airwave.ingest.IngestTestKit.ADMIN_AUTH;
import static org.airwave.ingest.IngestTestKit.SOURCE_AUTH;
import static org.airwave.ingest.IngestTestKit.WRONG_AUTH;
import static org.airwave.ingest.IngestTestKit.buf;
import static org.airwave.ingest.IngestTestKit.fixture;
import static org.airwave.ingest.IngestTestKit.headEnd;
import static org.airwave.ingest.IngestTestKit.outboundText;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.airwave.core.auth.TestLogins;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.SourceClaim;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.ingest.IngestSettings;
import org.airwave.ingest.IngestTestKit.HttpReply;
import org.airwave.ingest.IngestTestKit;
import org.airwave.ingest.SourceAccess;
import org.airwave.ingest.SourceAdmission;

import org.airwave.ingest.http.RequestHeadDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MetadataUpdateHandler} behind the head decoder, with a live source on {@code /live} (also
 * the SHOUTcast default mount here): Icecast's {@code /admin/metadata} with source or admin Basic
 * credentials sets the title and answers Icecast's exact XML, without or with wrong credentials
 * 401, for a mount without source 400 "Source does not exist"; SHOUTcast's {@code /admin.cgi} with
 * the password in the query (plain, or {@code :#sid} mapped to a mount), wrong password 401; real
 * titles from butt (raw UTF-8) and liquidsoap ICY (ISO-8859-1 escapes) arrive intact.
 */
class MetadataUpdateHandlerTest {

    private final MountRegistry mounts = new MountRegistry();
    private final IngestSettings settings = IngestTestKit.settings("/live");
    private final SourceAccess access = new IngestTestKit.TestAccess();
    private final List<SourceClaim> claims = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private Mount live;

    @BeforeEach
    void startSourceOnLive() {
        live = goLive("/live");
    }

    @AfterEach
    void closeEverything() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        claims.forEach(SourceClaim::release);
    }

    @Test
    void icecastUpdateWithSourceCredentialsSetsTheTitleAndAnswersIcecastsXml() {
        HttpReply reply = send("GET /admin/metadata?mode=updinfo&mount=/live&song=Artist%20-%20Title HTTP/1.0\r\n"
                + "Authorization: " + SOURCE_AUTH + "\r\n\r\n");

        assertThat(live.metadata().title()).isEqualTo("Artist - Title");
        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(reply.header("Content-Type")).isEqualTo("text/xml; charset=utf-8");
        assertThat(reply.body()).isEqualTo(icecastBody("icecast2-admin-metadata-updinfo.response.bin"))
                .isEqualTo("<?xml version=\"1.0\"?>\n<iceresponse><message>Metadata update successful</message>"
                        + "<return>1</return></iceresponse>\n");
        assertThat(reply.header("Content-Length")).isEqualTo("113");
    }

    @Test
    void icecastUpdateWithAdminCredentialsSetsTheTitle() {
        HttpReply reply = send("GET /admin/metadata?mode=updinfo&mount=/live&song=By%20Admin HTTP/1.0\r\n"
                + "Authorization: " + ADMIN_AUTH + "\r\n\r\n");

        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(live.metadata().title()).isEqualTo("By Admin");
    }

    @Test
    void icecastUpdateWithoutCredentialsGets401AndChangesNothing() {
        HttpReply reply = send("GET /admin/metadata?mode=updinfo&mount=%2flive&charset=UTF%2d8&artist=A&title=T HTTP/1.1\r\n"
                + "Host: 127.0.0.1:9000\r\nUser-Agent: libshout/2.4.6\r\n\r\n");

        assertThat(reply.statusLine()).startsWith("HTTP/1.0 401 ");
        assertThat(reply.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(live.metadata().title()).isEmpty();
    }

    @Test
    void icecastUpdateWithWrongCredentialsGets401AndChangesNothing() {
        HttpReply reply = send("GET /admin/metadata?mode=updinfo&mount=/live&song=Nope HTTP/1.0\r\n"
                + "Authorization: " + WRONG_AUTH + "\r\n\r\n");

        assertThat(reply.statusLine()).startsWith("HTTP/1.0 401 ");
        assertThat(live.metadata().title()).isEmpty();
    }

    @Test
    void icecastUpdateForAMountWithoutSourceGets400SourceDoesNotExist() {
        HttpReply reply = send("GET /admin/metadata?mode=updinfo&mount=/nothing&song=X HTTP/1.0\r\n"
                + "Authorization: " + SOURCE_AUTH + "\r\n\r\n");

        assertThat(reply.statusLine()).startsWith("HTTP/1.0 400 ");
        assertThat(reply.body()).contains("Source does not exist");
        assertThat(mounts.find("/nothing")).as("no mount made for it").isEmpty();
    }

    @Test
    void libshoutArtistAndTitleWithEscapedMountAreJoined() {
        send("GET /admin/metadata?mode=updinfo&mount=%2flive&charset=UTF%2d8&artist=%c3%84rtist%20Two"
                + "&title=Caff%c3%a8%20%c3%9cber HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nAuthorization: " + SOURCE_AUTH
                + "\r\n\r\n");

        assertThat(live.metadata().title()).isEqualTo("\u00c4rtist Two - Caff\u00e8 \u00dcber");
    }

    @Test
    void buttRawUtf8TitleArrivesIntact() {
        HttpReply reply = send(fixture("handshakes/butt-icecast.metadata-request.bin"));

        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(live.metadata().title()).isEqualTo("B\u00fctt \u00c4rtist - Title & Co");
    }

    @Test
    void shoutcastAdminCgiWithPasswordUpdatesTheShoutcastMount() {
        HttpReply reply = send("GET /admin.cgi?pass=hackme&mode=updinfo&song=Via%20CGI&url=http%3A%2F%2Fx.invalid%2F"
                + " HTTP/1.0\r\nUser-Agent: ShoutcastDSP (Mozilla Compatible)\r\n\r\n");

        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(reply.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(reply.body()).isEqualTo(icecastBody("icecast2-admin-cgi-updinfo.response.bin"));
        assertThat(live.metadata().title()).isEqualTo("Via CGI");
        assertThat(live.metadata().url()).isEqualTo("http://x.invalid/");
    }

    @Test
    void buttShoutcastRawUtf8TitleArrivesIntact() {
        HttpReply reply = send(fixture("handshakes/butt-shoutcast.metadata-request.bin"));

        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(live.metadata().title()).isEqualTo("B\u00fctt \u00c4rtist - Title & Co");
    }

    @Test
    void shoutcastPasswordWithSidUpdatesTheMappedMount() {
        Mount two = goLive("/two");

        HttpReply reply = send("GET /admin.cgi?pass=hackme:%232&mode=updinfo&song=On%20Two HTTP/1.0\r\n\r\n");

        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(two.metadata().title()).isEqualTo("On Two");
        assertThat(live.metadata().title()).isEmpty();
    }

    @Test
    void shoutcastPasswordWithRawHashSidUpdatesTheMappedMount() {
        Mount two = goLive("/two");

        HttpReply reply = send("GET /admin.cgi?pass=hackme:#2&mode=updinfo&song=Raw%20Hash HTTP/1.0\r\n\r\n");

        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(two.metadata().title()).isEqualTo("Raw Hash");
        assertThat(live.metadata().title()).isEmpty();
    }

    @Test
    void shoutcastWrongPasswordGets401() {
        HttpReply reply = send("GET /admin.cgi?pass=wrong&mode=updinfo&song=Nope HTTP/1.0\r\n\r\n");

        assertThat(reply.statusLine()).startsWith("HTTP/1.0 401 ");
        assertThat(live.metadata().title()).isEmpty();
    }

    @Test
    void liquidsoapIcyIso88591TitleArrivesIntact() {
        // Request line as captured (liquidsoap-icy.request.txt): ISO-8859-1 escapes, no charset.
        HttpReply reply = send("GET /admin.cgi?mode=updinfo&pass=hackme&title=Caff%E8%20%DCber&artist=%C4rtist%20Two"
                + "&song=%C4rtist%20Two%20%2D%20Caff%E8%20%DCber HTTP/1.0\r\nUser-Agent: ocaml-cry (Mozilla compatible)"
                + "\r\n\r\n");

        assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(live.metadata().title()).isEqualTo("\u00c4rtist Two - Caff\u00e8 \u00dcber");
    }

    @Test
    void ezstreamArtistAndTitleOnAdminCgiAreAccepted() {
        send("GET /admin.cgi?mode=updinfo&pass=hackme&charset=UTF%2d8&artist=Artist%20One&title=Title%20One HTTP/1.1\r\n"
                + "Host: 127.0.0.1:9000\r\nUser-Agent: libshout/2.4.6 (Mozilla compatible)\r\n\r\n");

        assertThat(live.metadata().title()).isEqualTo("Artist One - Title One");
    }

    @Test
    void afterFiveWrongPasswordsTitleUpdatesFromThatAddressAreRefusedUncheckedWith429() {
        for (int i = 0; i < TestLogins.FAILURES_BEFORE_BLOCK; i++) {
            assertThat(send("GET /admin.cgi?pass=guess" + i + "&mode=updinfo&song=X HTTP/1.0\r\n\r\n").statusLine())
                    .startsWith("HTTP/1.0 401");
        }

        HttpReply shoutcast = send("GET /admin.cgi?pass=hackme&mode=updinfo&song=Right HTTP/1.0\r\n\r\n");
        HttpReply icecast = send("GET /admin/metadata?mode=updinfo&mount=/live&song=Right HTTP/1.0\r\n"
                + "Authorization: " + SOURCE_AUTH + "\r\n\r\n");

        for (HttpReply reply : List.of(shoutcast, icecast)) {
            assertThat(reply.statusLine()).isEqualTo("HTTP/1.0 429 Too Many Requests");
            assertThat(reply.header("Retry-After")).isEqualTo("1");
            assertThat(reply.body()).startsWith("Too many failed logins from this address: try again in 1 s");
        }
        assertThat(live.metadata().title()).isEmpty();
        assertThat(mounts.stats().rejections(Protocol.HTTP, RejectReason.AUTH_BLOCKED)).isEqualTo(2);
    }

    private Mount goLive(String path) {
        Mount mount = mounts.mount(path);
        SourceInfo info = new SourceInfo(Protocol.ICECAST, "audio/mpeg", "", "", "", "", false, "", "", "", "", Instant.now());
        claims.add(mount.claim(info, settings.buffer()).orElseThrow());
        return mount;
    }

    private HttpReply send(String request) {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private HttpReply send(byte[] request) {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestHeadDecoder(IngestTestKit.HEAD_LIMITS),
                new HttpResponseEncoder(),
                new MetadataUpdateHandler(mounts, access, new SourceAdmission(mounts, settings)));
        channels.add(channel);
        channel.writeInbound(Unpooled.copiedBuffer(request));
        HttpReply reply = HttpReply.parse(outboundText(channel));
        assertThat(channel.isOpen()).as("closed after the answer").isFalse();
        return reply;
    }

    /** The body of a real icecast2 2.4.4 answer. */
    private static String icecastBody(String capture) {
        byte[] response = fixture("handshakes/" + capture);
        return new String(Arrays.copyOfRange(response, headEnd(response), response.length), StandardCharsets.UTF_8);
    }
}
