package org.airwave.serve.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.Rendition;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.mount.Transcoding;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import org.airwave.serve.web.CaptureStations;
import org.airwave.serve.web.Exchange;
import org.airwave.serve.web.FakeListener;
import org.airwave.serve.web.WebResponses;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/status}: every mount (on air or not) with its input, title, counts and the
 * renditions a player can choose from, with absolute URLs; and the renditions a broadcaster adds by
 * feeding bitrate sub-mounts ({@code /live/64}).
 */
class AirwaveStatusTest {

    private final CaptureStations stations = new CaptureStations();

    @Test
    void documentListsEveryMountWithInputTitleRenditionsAndCounts() {
        stations.putSource();
        stations.title("/live", "Artist - \"Title\"");
        stations.listeners("/live", 1, 2);
        stations.mounts().mount("/idle");
        StationDirectory directory = stations.directory(Instant.parse("2026-11-23T18:48:24Z"));
        Exchange answer = Exchange.get(new StatusRequestHandler(directory, new WebResponses(directory.clock())),
                "/api/v1/status", "Host: radio.example:8000");
        assertThat(answer.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(answer.body()).isEqualTo("{\"server\":{\"name\":\"Airwave\",\"started\":\"2026-11-23T18:47:28Z\","
                + "\"uptimeSeconds\":56,\"listeners\":1,\"maxListeners\":19000},\"mounts\":["
                + "{\"path\":\"/idle\",\"url\":\"http://radio.example:8000/idle\",\"live\":false,\"renditionOf\":null,"
                + "\"input\":null,\"name\":null,\"description\":null,\"genre\":null,\"homepage\":null,\"title\":null,"
                + "\"listeners\":0,\"peak\":0,\"renditions\":[]},"
                + "{\"path\":\"/live\",\"url\":\"http://radio.example:8000/live\",\"live\":true,\"renditionOf\":null,"
                + "\"input\":{\"type\":\"live\",\"protocol\":\"icecast\",\"contentType\":\"audio/mpeg\","
                + "\"connectedAt\":\"2026-11-23T18:48:14Z\",\"uptimeSeconds\":10},"
                + "\"name\":\"Capture Test\",\"description\":\"handshake capture\",\"genre\":\"Test\","
                + "\"homepage\":\"http://example.invalid/\",\"title\":\"Artist - \\\"Title\\\"\",\"listeners\":1,\"peak\":2,"
                + "\"renditions\":[{\"path\":\"/live\",\"url\":\"http://radio.example:8000/live\",\"bitrate\":128,"
                + "\"contentType\":\"audio/mpeg\",\"passthrough\":true,\"listeners\":1,"
                + "\"m3u\":\"http://radio.example:8000/live.m3u\",\"pls\":\"http://radio.example:8000/live.pls\"}]}]}");
    }

    @Test
    void bitrateSubMountsAreRenditionsOfTheirStation() {
        stations.putSource();
        stations.live("/live/64", info(64));
        stations.live("/live/192", info(192));
        stations.live("/live/extra", info(96));
        stations.listeners("/live/64", 2, 2);
        StationDirectory directory = stations.directory();
        Station live = directory.find("/live").orElseThrow();
        assertThat(live.renditions()).extracting(RenditionStatus::path).containsExactly("/live", "/live/192", "/live/64");
        assertThat(live.renditions()).extracting(RenditionStatus::bitrateKbps).containsExactly(128, 192, 64);
        assertThat(live.renditions().get(2).listeners()).isEqualTo(2);
        assertThat(directory.find("/live/64").orElseThrow().renditionOf()).contains("/live");
        assertThat(directory.find("/live/extra").orElseThrow().renditionOf()).isEmpty();

        String icecast = new IcecastStats(directory).publicTree(CaptureStations.BASE_URL, null).toJsonDocument();
        assertThat(icecast.split("\"listenurl\"", -1)).as("each stream listed once").hasSize(5);
    }

    @Test
    void transcodingMountOffersItsDefaultRungsAndTheSourceWithPerRenditionCounts() {
        Mount live = stations.mounts().mount("/live");
        BufferLimits limits = new BufferLimits(10_000_000, 1 << 20, 1_000_000, 64);
        live.transcodeWith(new Transcoding(List.of(new Rendition("128", 128, 44100, 2, new BroadcastBuffer(limits)),
                new Rendition("64", 64, 44100, 2, new BroadcastBuffer(limits))), "128", true, (type, resume) -> null));
        StationDirectory directory = stations.directory();
        Station silent = directory.find("/live").orElseThrow();
        assertThat(silent.isLive()).isFalse();
        assertThat(silent.renditions()).as("the transcoder plays without a source")
                .extracting(RenditionStatus::path).containsExactly("/live", "/live/64");
        assertThat(new IcecastStats(directory).entries()).as("Icecast lists sources only").isEmpty();

        stations.putSource();
        FakeListener.join(1, live, CaptureStations.CAPTURED);
        FakeListener.join(2, live, CaptureStations.CAPTURED).playing("64");
        FakeListener.join(3, live, CaptureStations.CAPTURED).playing("64");
        List<RenditionStatus> renditions = stations.directory().find("/live").orElseThrow().renditions();
        assertThat(renditions).containsExactly(
                new RenditionStatus("/live", 128, "audio/mpeg", "bitrate=128;samplerate=44100;channels=2", false, 0),
                new RenditionStatus("/live/64", 64, "audio/mpeg", "bitrate=64;samplerate=44100;channels=2", false, 2),
                new RenditionStatus("/live/source", 128, "audio/mpeg", "bitrate=128;samplerate=44100;channels=2", true, 1));
        String icecast = new IcecastStats(stations.directory()).publicTree(CaptureStations.BASE_URL, null)
                .toJsonDocument();
        assertThat(icecast).contains("\"listenurl\":\"http://127.0.0.1:8000/live\"")
                .contains("\"bitrate\":64,\"channels\":2,\"genre\":\"Test\",\"listener_peak\":2,\"listeners\":2,"
                        + "\"listenurl\":\"http://127.0.0.1:8000/live/64\"")
                .contains("\"listenurl\":\"http://127.0.0.1:8000/live/source\"");
        live.liveSource().orElseThrow().release();
    }

    private static SourceInfo info(int kbps) {
        return new SourceInfo(Protocol.ICECAST, "audio/mpeg", "Rung " + kbps, "", "", "", false, Integer.toString(kbps), "",
                "", "/127.0.0.1:1", Instant.parse("2026-11-23T18:48:20Z"));
    }
}
