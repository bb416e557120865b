package org.airwave.serve.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.airwave.serve.web.CaptureStations;
import org.airwave.serve.web.Exchange;
import org.airwave.serve.web.FakeListener;
import org.airwave.serve.web.WebResponses;
import org.junit.jupiter.api.Test;

/**
 * SHOUTcast's {@code /7.html} and {@code /stats?sid=N} (XML and {@code json=1}) for the mount a
 * stream id is configured for ({@code /live} is sid 1 here), in the exact shapes listener counters
 * parse: butt reads the number after {@code <body>} up to the first comma, and the text between
 * {@code <CURRENTLISTENERS>} tags (it crashes on a 200 without them).
 */
class ShoutcastStatsTest {

    private final CaptureStations stations = new CaptureStations();

    @Test
    void sevenHtmlIsTheCommaLineInABody() {
        stations.putSource();
        stations.title("/live", "Artist, with comma & <tags>");
        stations.listeners("/live", 2, 3);
        Exchange answer = get("/7.html");
        assertThat(answer.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(answer.body()).isEqualTo(
                "<html><body>2,1,3,19000,1,128,Artist, with comma &amp; &lt;tags&gt;</body></html>");
        assertThat(buttListenerCountFrom7Html(answer.body())).isEqualTo(2);
    }

    @Test
    void offAirStreamReportsStatusZero() {
        assertThat(get("/7.html").body()).isEqualTo("<html><body>0,0,0,19000,0,0,</body></html>");
        assertThat(get("/stats?sid=1").body()).contains("<CURRENTLISTENERS>0</CURRENTLISTENERS>")
                .contains("<STREAMSTATUS>0</STREAMSTATUS>").doesNotContain("STREAMUPTIME");
    }

    @Test
    void statsXmlIsDnas2Summary() {
        stations.putSource();
        stations.title("/live", "Song & Title");
        Instant now = Instant.parse("2026-11-23T18:49:14Z");
        FakeListener.join(1, stations.mounts().mount("/live"), now.minusSeconds(20));
        FakeListener.join(2, stations.mounts().mount("/live"), now.minusSeconds(40));
        String xml = get(now, "/stats?sid=1").body();
        assertThat(xml).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?><SHOUTCASTSERVER>"
                + "<CURRENTLISTENERS>2</CURRENTLISTENERS><PEAKLISTENERS>2</PEAKLISTENERS><MAXLISTENERS>19000</MAXLISTENERS>"
                + "<UNIQUELISTENERS>1</UNIQUELISTENERS><AVERAGETIME>30</AVERAGETIME><SERVERGENRE>Test</SERVERGENRE>"
                + "<SERVERGENRE2></SERVERGENRE2><SERVERGENRE3></SERVERGENRE3><SERVERGENRE4></SERVERGENRE4>"
                + "<SERVERGENRE5></SERVERGENRE5><SERVERURL>http://example.invalid/</SERVERURL>"
                + "<SERVERTITLE>Capture Test</SERVERTITLE><SONGTITLE>Song &amp; Title</SONGTITLE>"
                + "<STREAMHITS>2</STREAMHITS><STREAMSTATUS>1</STREAMSTATUS><BACKUPSTATUS>0</BACKUPSTATUS>"
                + "<STREAMLISTED>0</STREAMLISTED><STREAMLISTEDERROR>0</STREAMLISTEDERROR><STREAMPATH>/live</STREAMPATH>"
                + "<STREAMUPTIME>60</STREAMUPTIME><BITRATE>128</BITRATE><SAMPLERATE>44100</SAMPLERATE>"
                + "<CONTENT>audio/mpeg</CONTENT><VERSION>" + ShoutcastStats.VERSION + "</VERSION></SHOUTCASTSERVER>");
        assertThat(buttListenerCountFromStats(xml)).isEqualTo(2);
    }

    @Test
    void statsJsonHasDnas2KeysAndTypes() {
        stations.putSource();
        String json = get("/stats?sid=1&json=1").body();
        assertThat(json).startsWith("{\"currentlisteners\":0,\"peaklisteners\":0,\"maxlisteners\":19000,")
                .contains("\"servergenre\":\"Test\",\"servergenre2\":\"\"")
                .contains("\"songtitle\":\"\",\"streamhits\":0,\"streamstatus\":1")
                .contains("\"streampath\":\"/live\",\"streamuptime\":25,\"bitrate\":\"128\",\"samplerate\":\"44100\"")
                .endsWith("\"version\":\"" + ShoutcastStats.VERSION + "\"}");
        Exchange jsonp = get("/stats?sid=1&json=1&callback=show.stats");
        assertThat(jsonp.header("Content-Type")).startsWith("application/javascript");
        assertThat(jsonp.body()).startsWith("show.stats({\"currentlisteners\":0").endsWith("});");
        assertThat(get("/stats?sid=1&json=1&callback=alert(1)//").body()).startsWith("{\"currentlisteners\"");
    }

    @Test
    void unknownStreamIdIsNotA200() {
        stations.putSource();
        for (String target : new String[] {"/stats?sid=2", "/7.html?sid=9", "/stats?sid=x"}) {
            Exchange answer = get(target);
            assertThat(answer.statusLine()).as(target).isEqualTo("HTTP/1.0 404 File Not Found");
            assertThat(answer.body()).doesNotContain("CURRENTLISTENERS");
        }
        assertThat(get("/stats").body()).as("sid defaults to 1").contains("<STREAMPATH>/live</STREAMPATH>");
    }

    /** butt 0.1.37 {@code sc_get_listener_count}: the number after {@code <body>}, up to the first comma. */
    private static int buttListenerCountFrom7Html(String body) {
        int start = body.toLowerCase().indexOf("<body>");
        int comma = body.indexOf(',', start);
        assertThat(start).isNotNegative();
        assertThat(comma).isPositive();
        return Integer.parseInt(body.substring(start + "<body>".length(), comma));
    }

    private static int buttListenerCountFromStats(String body) {
        String upper = body.toUpperCase();
        int start = upper.indexOf("<CURRENTLISTENERS>");
        int end = upper.indexOf("</CURRENTLISTENERS>");
        assertThat(start).isNotNegative();
        return Integer.parseInt(body.substring(start + "<CURRENTLISTENERS>".length(), end));
    }

    private Exchange get(String target) {
        return get(CaptureStations.CAPTURED, target);
    }

    private Exchange get(Instant now, String target) {
        StationDirectory directory = stations.directory(now);
        return Exchange.get(new StatusRequestHandler(directory, new WebResponses(directory.clock())), target,
                "Host: 127.0.0.1:8000", "User-Agent: Mozilla");
    }
}
