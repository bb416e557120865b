package org.airwave.serve.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.airwave.serve.web.CaptureStations;
import org.airwave.serve.web.Exchange;
import org.airwave.serve.web.IcecastCapture;
import org.airwave.serve.web.WebResponses;
import org.junit.jupiter.api.Test;

/**
 * {@code /status-json.xsl} rebuilt for each situation icecast2 2.4.4 was captured in (no source,
 * one source, two sources, a SHOUTcast v1 source before and after a title update) and compared
 * with the captured body byte for byte: same keys in the same order, same values, numbers as
 * numbers, {@code "dummy":null} closing each object, {@code source} absent / an object / an array.
 * Only {@code server_id} differs (it names Airwave), and the Ogg stream of the two-source capture
 * lacks the fields icecast2 reads from Vorbis headers (listed in {@link #OGG_ONLY}).
 */
class IcecastStatusJsonTest {

    /** Fields icecast2 takes from an Ogg Vorbis stream's own headers, which Airwave does not parse. */
    private static final String OGG_ONLY = "\"(artist|audio_bitrate|audio_channels|audio_samplerate|ice-bitrate|subtype)\""
            + ":(\"[^\"]*\"|[0-9]+),";

    private final CaptureStations stations = new CaptureStations();

    @Test
    void noSourceHasNoSourceKey() {
        assertThat(render(null)).isEqualTo(expected("no-source"));
    }

    @Test
    void oneSourceIsAnObjectWithTheCapturedFieldsAndValues() {
        stations.putSource();
        stations.title("/live", "O'Brien & Co - It's");
        stations.listeners("/live", 1, 2);
        assertThat(render(null)).isEqualTo(expected("one-source"));
    }

    @Test
    void twoSourcesAreAnArraySortedByMount() {
        stations.putSource();
        stations.title("/live", "O'Brien & Co - It's");
        stations.listeners("/live", 0, 2);
        stations.oggSource();
        stations.title("/live2.ogg", "Test Tone");
        assertThat(render(null)).isEqualTo(expected("two-sources").replaceAll(OGG_ONLY, ""));
    }

    @Test
    void shoutcastSourceWithoutDescriptionOrTitleGetsIcecastsDefaults() {
        stations.shoutcastSource();
        stations.listeners("/live", 1, 1);
        assertThat(render(null)).isEqualTo(expected("shoutcast-v1-source"));
    }

    @Test
    void titleAppearsAfterAnUpdate() {
        stations.shoutcastSource();
        stations.listeners("/live", 0, 1);
        stations.title("/live", "ICY Artist2");
        assertThat(render(null)).isEqualTo(expected("after-admin-cgi"));
    }

    @Test
    void mountParameterKeepsOnlyThatSourceAsAnObject() {
        stations.putSource();
        stations.oggSource();
        String json = render("/live2.ogg");
        assertThat(json).contains("\"source\":{").doesNotContain("\"source\":[")
                .contains("\"listenurl\":\"http://127.0.0.1:8000/live2.ogg\"")
                .doesNotContain("http://127.0.0.1:8000/live\"");
        assertThat(render("/nothing")).doesNotContain("\"source\"");
    }

    @Test
    void numericLookingValuesAreNumbersAndOthersStayStrings() {
        stations.putSource();
        stations.title("/live", "1999");
        String json = render(null);
        assertThat(json).contains("\"title\":1999").contains("\"genre\":\"Test\"").contains("\"samplerate\":44100");
        stations.title("/live", "007");
        assertThat(render(null)).contains("\"title\":\"007\"");
        stations.title("/live", "He said \"hi\"\\\n");
        assertThat(render(null)).contains("\"title\":\"He said \\\"hi\\\"\\\\\\n\"");
    }

    @Test
    void answerHasIcecastsHeadersInIcecastsOrderAndMayBeReadCrossOrigin() {
        stations.putSource();
        StationDirectory directory = stations.directory();
        Exchange answer = Exchange.get(new StatusRequestHandler(directory, new WebResponses(directory.clock())),
                "/status-json.xsl", "Host: 127.0.0.1:8000", "User-Agent: Mozilla");
        IcecastCapture capture = IcecastCapture.load("/status/icecast2-status-json-one-source.response.txt");
        assertThat(answer.statusLine()).isEqualTo(capture.statusLine());
        List<String> icecastOrder = new ArrayList<>(capture.headerNames());
        icecastOrder.add(icecastOrder.indexOf("Content-Length"), "Access-Control-Allow-Origin");
        assertThat(IcecastCapture.headerNames(answer.head())).isEqualTo(icecastOrder);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json; charset=UTF-8");
        assertThat(answer.header("Content-Length")).isEqualTo(
                Integer.toString(answer.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(answer.body()).startsWith("{\"icestats\":{").contains("\"listenurl\":\"http://127.0.0.1:8000/live\"");
        assertThat(answer.closed()).isTrue();
    }

    private String render(String mount) {
        return new IcecastStats(stations.directory()).publicTree(CaptureStations.BASE_URL, mount).toJsonDocument();
    }

    private static String expected(String capture) {
        return IcecastCapture.load("/status/icecast2-status-json-" + capture + ".response.txt").body()
                .replace("\"server_id\":\"Icecast 2.4.4\"", "\"server_id\":\"" + IcecastStats.SERVER_ID + "\"");
    }
}
