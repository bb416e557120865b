package org.airwave.serve.status;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stats.ListenerExit;
import org.airwave.core.stats.Protocol;
import org.airwave.serve.web.StatsNode;
import org.airwave.serve.web.UrlPaths;

/**
 * Icecast 2.4's statistics tree for Airwave's mounts: the server-wide values and one
 * {@code source} per public stream (each rendition of each live mount, sorted by path), with the
 * keys Icecast uses, in its (alphabetical) order and with its defaults ({@code Unspecified name},
 * {@code various}). {@link #publicTree} is what {@code /status-json.xsl} shows, {@link #adminTree}
 * what {@code /admin/stats} shows.
 *
 * <p>Threading: any; every call reads a fresh snapshot.
 */
public final class IcecastStats {

    /** Icecast's default {@code <admin>} contact. */
    public static final String ADMIN_CONTACT = "icemaster@localhost";
    /** Icecast's default {@code <location>}. */
    public static final String LOCATION = "Earth";
    /** {@code server_id}: who answers, and which Icecast it behaves like. */
    public static final String SERVER_ID = "Airwave (Icecast 2.4.4 compatible)";

    private static final DateTimeFormatter RFC_822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_8601 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** Keys a source may add through {@code ice-audio-info}; anything else is ignored. */
    private static final Pattern AUDIO_INFO_KEY = Pattern.compile("[a-z0-9_-]{1,32}");

    private final StationDirectory directory;

    public IcecastStats(StationDirectory directory) {
        this.directory = directory;
    }

    /** One public stream: a rendition of a live station. */
    public record Entry(Station station, RenditionStatus rendition) {

        public String path() {
            return rendition.path();
        }
    }

    /** Every public stream, sorted by path; a rendition that is also a mount of its own is listed once. */
    public List<Entry> entries() {
        Map<String, Entry> byPath = new TreeMap<>();
        for (Station station : directory.live()) {
            for (RenditionStatus rendition : station.renditions()) {
                byPath.putIfAbsent(rendition.path(), new Entry(station, rendition));
            }
        }
        return new ArrayList<>(byPath.values());
    }

    /**
     * {@code <icestats>} as {@code /status-json.xsl} renders it: public values only, {@code source}
     * absent, an object or an array for zero, one or several sources, and (Icecast's stylesheet does
     * this) an empty {@code dummy} element closing every source, and {@code icestats} when it has no
     * source.
     *
     * @param mount only this stream (Icecast's {@code ?mount=}), or null for all
     */
    public StatsNode publicTree(String baseUrl, String mount) {
        StatsNode icestats = StatsNode.element("icestats");
        globals(icestats, baseUrl, false);
        boolean anySource = false;
        for (Entry entry : entries()) {
            if (mount == null || mount.equals(entry.path())) {
                StatsNode source = StatsNode.element("source");
                publicFields(entry, baseUrl).forEach(source::add);
                icestats.add(source.add(StatsNode.text("dummy", null)));
                anySource = true;
            }
        }
        return anySource ? icestats : icestats.add(StatsNode.text("dummy", null));
    }

    /**
     * {@code <icestats>} as {@code /admin/stats} shows it: every server-wide counter and, per source
     * ({@code <source mount="...">}), the private fields as well.
     *
     * @param mount only this stream, or null for all
     */
    public StatsNode adminTree(String baseUrl, String mount) {
        StatsNode icestats = StatsNode.element("icestats");
        globals(icestats, baseUrl, true);
        for (Entry entry : entries()) {
            if (mount == null || mount.equals(entry.path())) {
                StatsNode source = StatsNode.listElement("source").attribute("mount", entry.path());
                SortedMap<String, String> fields = new TreeMap<>(publicFields(entry, baseUrl));
                fields.putAll(adminFields(entry));
                fields.forEach(source::add);
                icestats.add(source);
            }
        }
        return icestats;
    }

    /** The fields every client may see, sorted by key as Icecast's stats tree keeps them. */
    public SortedMap<String, String> publicFields(Entry entry, String baseUrl) {
        Station station = entry.station();
        RenditionStatus rendition = entry.rendition();
        SourceInfo info = station.source().orElseThrow();
        SortedMap<String, String> fields = new TreeMap<>();
        audioInfoPairs(rendition.audioInfo()).forEach((key, value) -> {
            if (AUDIO_INFO_KEY.matcher(key).matches()) {
                fields.put(key, value);
            }
        });
        putIfPresent(fields, "audio_info", rendition.audioInfo());
        String bitrate = rendition.passthrough() ? info.bitrate()
                : rendition.bitrateKbps() > 0 ? Integer.toString(rendition.bitrateKbps()) : "";
        putIfPresent(fields, "bitrate", bitrate);
        fields.put("genre", orDefault(info.genre(), "various"));
        // Peaks are kept per mount: the stream at the mount's own path reports the mount's.
        boolean atMountPath = rendition.path().equals(station.path());
        fields.put("listener_peak", Integer.toString(atMountPath ? station.listenerPeak() : rendition.listeners()));
        fields.put("listeners", Integer.toString(rendition.listeners()));
        fields.put("listenurl", UrlPaths.absolute(baseUrl, rendition.path()));
        fields.put("server_description", orDefault(info.description(), "Unspecified description"));
        fields.put("server_name", orDefault(info.name(), "Unspecified name"));
        fields.put("server_type", rendition.contentType());
        putIfPresent(fields, "server_url", info.url());
        fields.put("stream_start", rfc822(info.connectedAt()));
        fields.put("stream_start_iso8601", iso8601(info.connectedAt()));
        putIfPresent(fields, "title", station.title());
        return fields;
    }

    private Map<String, String> adminFields(Entry entry) {
        Station station = entry.station();
        SourceInfo info = station.source().orElseThrow();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("max_listeners", "unlimited");
        fields.put("public", info.isPublic() ? "1" : "0");
        fields.put("slow_listeners", Long.toString(station.mount().stats().listenerExits(ListenerExit.SLOW)
                + station.mount().stats().lagSkips()));
        fields.put("source_ip", hostOf(info.remoteAddress()));
        fields.put("total_bytes_read", Long.toString(station.sourceBytes()));
        fields.put("total_bytes_sent", Long.toString(station.mount().stats().listenerBytes()));
        putIfPresent(fields, "user_agent", info.userAgent());
        return fields;
    }

    private void globals(StatsNode icestats, String baseUrl, boolean admin) {
        SortedMap<String, String> fields = new TreeMap<>();
        fields.put("admin", ADMIN_CONTACT);
        fields.put("host", hostOf(baseUrl.substring(baseUrl.indexOf("://") + 3)));
        fields.put("location", LOCATION);
        fields.put("server_id", SERVER_ID);
        fields.put("server_start", rfc822(directory.settings().serverStart()));
        fields.put("server_start_iso8601", iso8601(directory.settings().serverStart()));
        if (admin) {
            long listeners = 0;
            long listenerConnections = 0;
            long sourceConnections = 0;
            long liveSources = 0;
            for (Station station : directory.all()) {
                listeners += station.listeners();
                listenerConnections += station.listenerConnects();
                sourceConnections += station.mount().stats().sourceConnects(Protocol.ICECAST)
                        + station.mount().stats().sourceConnects(Protocol.SHOUTCAST);
                liveSources += station.isLive() ? 1 : 0;
            }
            fields.put("client_connections", Long.toString(listenerConnections + sourceConnections));
            fields.put("clients", Long.toString(listeners + liveSources));
            fields.put("connections", Long.toString(listenerConnections + sourceConnections));
            fields.put("file_connections", "0");
            fields.put("listener_connections", Long.toString(listenerConnections));
            fields.put("listeners", Long.toString(listeners));
            fields.put("source_client_connections", Long.toString(sourceConnections));
            fields.put("source_relay_connections", "0");
            fields.put("source_total_connections", Long.toString(sourceConnections));
            fields.put("sources", Long.toString(liveSources));
            fields.put("stats", "0");
            fields.put("stats_connections", "0");
        }
        fields.forEach(icestats::add);
    }

    public static String rfc822(Instant instant) {
        return RFC_822.format(instant);
    }

    public static String iso8601(Instant instant) {
        return ISO_8601.format(instant);
    }

    /** {@code ice-audio-info} ({@code bitrate=128;channels=2}) as ordered pairs. */
    static Map<String, String> audioInfoPairs(String audioInfo) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : audioInfo.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                pairs.putIfAbsent(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        return pairs;
    }

    /** The host of "host:port", "[v6]:port", "/1.2.3.4:5" (a socket address) or a bare host. */
    public static String hostOf(String address) {
        int slash = address.indexOf('/');
        if (slash >= 0) {
            String socketAddress = address.substring(slash + 1);
            int colon = socketAddress.lastIndexOf(':');
            return colon > 0 ? socketAddress.substring(0, colon) : socketAddress;
        }
        String host = address;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close > 0 ? host.substring(0, close + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon >= 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }

    private static void putIfPresent(Map<String, String> fields, String key, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(key, value);
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
