package org.airwave.serve.playlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class PlaylistsTest {

    private static final String FALLBACK = "radio.example:8000";
    private static final String BASE = "http://127.0.0.1:8000";

    @Test
    void pathsResolveToMountAndFormat() {
        assertThat(Playlists.Request.parse("/live.m3u"))
                .contains(new Playlists.Request("/live", PlaylistFormat.M3U));
        assertThat(Playlists.Request.parse("/stream.mp3.pls"))
                .contains(new Playlists.Request("/stream.mp3", PlaylistFormat.PLS));
        assertThat(Playlists.Request.parse("/radio/hq.xspf"))
                .contains(new Playlists.Request("/radio/hq", PlaylistFormat.XSPF));
        assertThat(Playlists.Request.parse("/live.M3U"))
                .contains(new Playlists.Request("/live", PlaylistFormat.M3U));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"/live", "/live.mp3", "/live.m3u8", "live.m3u", "/.m3u", "/radio/.pls", "/", "/m3u"})
    void otherPathsAreNoPlaylists(String path) {
        assertThat(Playlists.Request.parse(path)).isEmpty();
    }

    @Test
    void validHostHeaderMakesTheBaseUrl() {
        assertThat(Playlists.baseUrl("127.0.0.1:8000", FALLBACK)).isEqualTo("http://127.0.0.1:8000");
        assertThat(Playlists.baseUrl("Stream.Example.org", FALLBACK)).isEqualTo("http://Stream.Example.org");
        assertThat(Playlists.baseUrl("[::1]:8000", FALLBACK)).isEqualTo("http://[::1]:8000");
        assertThat(Playlists.baseUrl(" radio.local:80 ", FALLBACK)).isEqualTo("http://radio.local:80");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"evil\r\nX-Injected: 1", "a b", "host/path", "<script>", "host:port", "user@host",
            "host:123456", "  "})
    void missingOrBadHostFallsBackToTheConfiguredHost(String host) {
        assertThat(Playlists.baseUrl(host, FALLBACK)).isEqualTo("http://" + FALLBACK);
    }

    @Test
    void overlongHostFallsBack() {
        assertThat(Playlists.baseUrl("a".repeat(Playlists.MAX_HOST_LENGTH + 1), FALLBACK))
                .isEqualTo("http://" + FALLBACK);
    }

    @Test
    void m3uIsOneAbsoluteUrlLine() {
        Playlists.Rendered m3u = render("/live.m3u", "Capture Test", "Song");

        assertThat(m3u.body()).isEqualTo("http://127.0.0.1:8000/live\r\n");
        assertThat(m3u.contentType()).isEqualTo("audio/x-mpegurl");
        assertThat(m3u.fileName()).isEqualTo("live.m3u");
    }

    @Test
    void plsHasOneEntryNamedAfterTheStation() {
        Playlists.Rendered pls = render("/stream.mp3.pls", "Capture Test", "Song");

        assertThat(pls.body()).isEqualTo("[playlist]\r\n"
                + "NumberOfEntries=1\r\n"
                + "File1=http://127.0.0.1:8000/stream.mp3\r\n"
                + "Title1=Capture Test\r\n"
                + "Length1=-1\r\n"
                + "Version=2\r\n");
        assertThat(pls.contentType()).isEqualTo("audio/x-scpls");
        assertThat(pls.fileName()).isEqualTo("stream.mp3.pls");
    }

    @Test
    void plsTitleFallsBackToTheMountAndCannotInjectLines() {
        assertThat(render("/live.pls", "", "").body()).contains("Title1=/live\r\n");
        assertThat(render("/live.pls", null, "").body()).contains("Title1=/live\r\n");
        assertThat(render("/live.pls", "Evil\r\nFile2=http://x/", "").body())
                .contains("Title1=EvilFile2=http://x/\r\n")
                .doesNotContain("\r\nFile2");
    }

    @Test
    void xspfIsWellFormedWithEscapedTitles() throws Exception {
        Playlists.Rendered xspf = render("/live.xspf", "Rock & <Roll> \"FM\"", "O'Brien & Co - It's\u0001");

        assertThat(xspf.contentType()).isEqualTo("application/xspf+xml");
        assertThat(xspf.fileName()).isEqualTo("live.xspf");
        Document doc = parseXml(xspf.body());
        Element playlist = doc.getDocumentElement();
        assertThat(playlist.getLocalName()).isEqualTo("playlist");
        assertThat(playlist.getNamespaceURI()).isEqualTo("http://xspf.org/ns/0/");
        assertThat(playlist.getAttribute("version")).isEqualTo("1");
        assertThat(doc.getElementsByTagNameNS("*", "track").getLength()).isEqualTo(1);
        Element track = (Element) doc.getElementsByTagNameNS("*", "track").item(0);
        assertThat(text(track, "location")).isEqualTo("http://127.0.0.1:8000/live");
        assertThat(text(track, "title")).isEqualTo("Rock & <Roll> \"FM\"");
        assertThat(text(track, "annotation")).isEqualTo("O'Brien & Co - It's");
    }

    @Test
    void xspfWithoutTitleHasNoAnnotation() throws Exception {
        Document doc = parseXml(render("/live.xspf", "Station", "").body());

        assertThat(doc.getElementsByTagNameNS("*", "annotation").getLength()).isZero();
    }

    @Test
    void mountIsPercentEncodedInUrlsAndFileNamesStayPlain() {
        Playlists.Rendered m3u = render("/my radio/café.m3u", "", "");

        assertThat(m3u.body()).isEqualTo("http://127.0.0.1:8000/my%20radio/caf%C3%A9\r\n");
        assertThat(m3u.fileName()).isEqualTo("caf_.m3u");
        assertThat(render("/a\"b\r\n.pls", "", "").fileName()).isEqualTo("a_b__.pls");
    }

    private static Playlists.Rendered render(String path, String name, String title) {
        return Playlists.render(Playlists.Request.parse(path).orElseThrow(), BASE, name, title);
    }

    private static Document parseXml(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Element parent, String child) {
        return parent.getElementsByTagNameNS("*", child).item(0).getTextContent();
    }
}
