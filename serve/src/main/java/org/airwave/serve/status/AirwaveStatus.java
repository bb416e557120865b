package org.airwave.serve.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stats.Protocol;
import org.airwave.serve.web.JsonWriter;
import org.airwave.serve.web.UrlPaths;

/**
 * Airwave's own status document ({@code /api/v1/status}) and the payloads of its event stream:
 * plain, stable JSON (arrays stay arrays, numbers are numbers, absent values are {@code null}),
 * versioned by the {@code /v1/} in the path. Field names are camelCase.
 *
 * <pre>
 * {"server":{"name":"Airwave","started":"2026-01-01T00:00:00Z","uptimeSeconds":5,"listeners":1,"maxListeners":19000},
 *  "mounts":[{"path":"/live","url":"http://host:8000/live","live":true,"renditionOf":null,
 *    "input":{"type":"live","protocol":"icecast","contentType":"audio/mpeg","connectedAt":"...","uptimeSeconds":3},
 *    "name":"...","description":"...","genre":"...","homepage":"...","title":"Artist - Title",
 *    "listeners":1,"peak":2,
 *    "renditions":[{"path":"/live","url":"...","bitrate":128,"contentType":"audio/mpeg","passthrough":true,
 *      "listeners":1,"m3u":"http://host:8000/live.m3u","pls":"http://host:8000/live.pls"}]}]}
 * </pre>
 *
 * <p>Threading: any; each call reads a fresh snapshot.
 */
public final class AirwaveStatus {

    private final StationDirectory directory;

    public AirwaveStatus(StationDirectory directory) {
        this.directory = directory;
    }

    /** The whole document for the stations given (normally {@link StationDirectory#all()}). */
    public String document(List<Station> stations, String baseUrl) {
        int listeners = 0;
        for (Station station : stations) {
            listeners += station.listeners();
        }
        JsonWriter json = new JsonWriter().beginObject()
                .name("server").beginObject()
                .name("name").value("Airwave")
                .name("started").value(seconds(directory.settings().serverStart()))
                .name("uptimeSeconds").value(directory.secondsSince(directory.settings().serverStart()))
                .name("listeners").value(listeners)
                .name("maxListeners").value(directory.settings().maxListeners())
                .endObject()
                .name("mounts").beginArray();
        for (Station station : stations) {
            mount(json, station, baseUrl);
        }
        return json.endArray().endObject().toString();
    }

    /** Payload of a {@code title} event. */
    public static String titleEvent(Station station) {
        return new JsonWriter().beginObject()
                .name("mount").value(station.path())
                .name("title").value(station.title())
                .endObject().toString();
    }

    /** Payload of a {@code listeners} event: the mount's counts and each rendition's. */
    public static String listenersEvent(Station station) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("mount").value(station.path())
                .name("listeners").value(station.listeners())
                .name("peak").value(station.listenerPeak())
                .name("renditions").beginArray();
        for (RenditionStatus rendition : station.renditions()) {
            json.beginObject().name("path").value(rendition.path())
                    .name("listeners").value(rendition.listeners())
                    .endObject();
        }
        return json.endArray().endObject().toString();
    }

    private void mount(JsonWriter json, Station station, String baseUrl) {
        json.beginObject()
                .name("path").value(station.path())
                .name("url").value(UrlPaths.absolute(baseUrl, station.path()))
                .name("live").value(station.isLive())
                .name("renditionOf").value(station.renditionOf().orElse(null))
                .name("input");
        if (station.source().isPresent()) {
            SourceInfo info = station.source().get();
            json.beginObject()
                    .name("type").value(inputType(info.protocol()))
                    .name("protocol").value(info.protocol().tag())
                    .name("contentType").value(info.contentType())
                    .name("connectedAt").value(seconds(info.connectedAt()))
                    .name("uptimeSeconds").value(directory.secondsSince(info.connectedAt()))
                    .endObject();
        } else {
            json.nullValue();
        }
        SourceInfo info = station.source().orElse(null);
        json.name("name").value(info == null ? null : emptyToNull(info.name()))
                .name("description").value(info == null ? null : emptyToNull(info.description()))
                .name("genre").value(info == null ? null : emptyToNull(info.genre()))
                .name("homepage").value(info == null ? null : emptyToNull(info.url()))
                .name("title").value(emptyToNull(station.title()))
                .name("listeners").value(station.listeners())
                .name("peak").value(station.listenerPeak())
                .name("renditions").beginArray();
        for (RenditionStatus rendition : station.renditions()) {
            String url = UrlPaths.absolute(baseUrl, rendition.path());
            json.beginObject()
                    .name("path").value(rendition.path())
                    .name("url").value(url)
                    .name("bitrate");
            if (rendition.bitrateKbps() > 0) {
                json.value(rendition.bitrateKbps());
            } else {
                json.nullValue();
            }
            json.name("contentType").value(rendition.contentType())
                    .name("passthrough").value(rendition.passthrough())
                    .name("listeners").value(rendition.listeners())
                    .name("m3u").value(url + ".m3u")
                    .name("pls").value(url + ".pls")
                    .endObject();
        }
        json.endArray().endObject();
    }

    /** "live" for a source client, "playlist" for Airwave's own playlists, else the protocol. */
    private static String inputType(Protocol protocol) {
        return switch (protocol) {
            case ICECAST, SHOUTCAST -> "live";
            default -> protocol.tag();
        };
    }

    /** ISO-8601 in UTC to the second, e.g. {@code 2026-01-01T00:00:00Z}. */
    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
