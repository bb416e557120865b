package org.airwave.serve.status;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.airwave.core.mount.ListenerHandle;
import org.airwave.core.mount.SourceInfo;
import org.airwave.serve.web.JsonWriter;
import org.airwave.serve.web.Markup;

/**
 * A mount's statistics in the SHOUTcast DNAS formats that listener counters (butt), dashboards
 * and widgets parse: the legacy {@code /7.html} line
 * ({@code currentlisteners,streamstatus,peaklisteners,maxlisteners,uniquelisteners,bitrate,songtitle}),
 * and DNAS 2's {@code /stats?sid=N} summary as XML and, with {@code json=1}, as JSON.
 *
 * <p>Threading: any; each call takes a fresh snapshot.
 */
public final class ShoutcastStats {

    /** {@code VERSION}: who answers, and which DNAS it behaves like. */
    public static final String VERSION = "Airwave (SHOUTcast DNAS 2 compatible)";

    private final StationDirectory directory;

    public ShoutcastStats(StationDirectory directory) {
        this.directory = directory;
    }

    /** The mount of SHOUTcast stream id {@code sid} ({@code shoutcast.sids}), if configured. */
    public Optional<String> mountOf(int sid) {
        return Optional.ofNullable(directory.settings().shoutcastSids().get(sid));
    }

    /** The numbers of one stream, read once. */
    record Summary(String path, int current, boolean live, int peak, int max, int unique, long averageSeconds,
                   String bitrate, String title, String genre, String url, String name, long hits,
                   long uptimeSeconds, String sampleRate, String contentType) {
    }

    /** The summary of {@code path}; a mount that does not exist yet reads as an idle stream. */
    Summary summary(String path) {
        Optional<Station> found = directory.find(path);
        int max = directory.settings().maxListeners();
        if (found.isEmpty()) {
            return new Summary(path, 0, false, 0, max, 0, 0, "", "", "", "", "", 0, 0, "", "");
        }
        Station station = found.get();
        Set<String> hosts = new HashSet<>();
        long totalSeconds = 0;
        int counted = 0;
        for (ListenerHandle listener : station.mount().connectedListeners()) {
            hosts.add(IcecastStats.hostOf(listener.remoteAddress()));
            totalSeconds += directory.secondsSince(listener.connectedAt());
            counted++;
        }
        Optional<SourceInfo> source = station.source();
        int bitrate = source.map(MountRenditions::bitrateOf).orElse(0);
        return new Summary(path, station.listeners(), station.isLive(), station.listenerPeak(), max, hosts.size(),
                counted == 0 ? 0 : totalSeconds / counted,
                bitrate > 0 ? Integer.toString(bitrate) : "",
                station.title(),
                source.map(SourceInfo::genre).orElse(""),
                source.map(SourceInfo::url).orElse(""),
                source.map(SourceInfo::name).orElse(""),
                station.listenerConnects(),
                source.map(s -> directory.secondsSince(s.connectedAt())).orElse(0L),
                source.map(s -> IcecastStats.audioInfoPairs(s.audioInfo()).getOrDefault("samplerate", ""))
                        .orElse(""),
                source.map(SourceInfo::contentType).orElse(""));
    }

    /** {@code <html><body>0,1,2,19000,0,128,Artist - Title</body></html>}. */
    public String sevenHtml(String path) {
        Summary s = summary(path);
        String bitrate = s.bitrate().isEmpty() ? "0" : s.bitrate();
        return "<html><body>" + s.current() + "," + (s.live() ? 1 : 0) + "," + s.peak() + "," + s.max() + ","
                + s.unique() + "," + bitrate + "," + Markup.escapeXml(oneLine(s.title())) + "</body></html>";
    }

    /** DNAS 2's {@code <SHOUTCASTSERVER>} summary. */
    public String statsXml(String path) {
        Summary s = summary(path);
        StringBuilder xml = new StringBuilder(1024)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?><SHOUTCASTSERVER>");
        element(xml, "CURRENTLISTENERS", Integer.toString(s.current()));
        element(xml, "PEAKLISTENERS", Integer.toString(s.peak()));
        element(xml, "MAXLISTENERS", Integer.toString(s.max()));
        element(xml, "UNIQUELISTENERS", Integer.toString(s.unique()));
        element(xml, "AVERAGETIME", Long.toString(s.averageSeconds()));
        element(xml, "SERVERGENRE", s.genre());
        for (int i = 2; i <= 5; i++) {
            element(xml, "SERVERGENRE" + i, "");
        }
        element(xml, "SERVERURL", s.url());
        element(xml, "SERVERTITLE", s.name());
        element(xml, "SONGTITLE", s.title());
        element(xml, "STREAMHITS", Long.toString(s.hits()));
        element(xml, "STREAMSTATUS", s.live() ? "1" : "0");
        element(xml, "BACKUPSTATUS", "0");
        element(xml, "STREAMLISTED", "0");
        element(xml, "STREAMLISTEDERROR", "0");
        element(xml, "STREAMPATH", s.path());
        if (s.live()) {
            element(xml, "STREAMUPTIME", Long.toString(s.uptimeSeconds()));
        }
        element(xml, "BITRATE", s.bitrate());
        element(xml, "SAMPLERATE", s.sampleRate());
        element(xml, "CONTENT", s.contentType());
        element(xml, "VERSION", VERSION);
        return xml.append("</SHOUTCASTSERVER>").toString();
    }

    /** The same summary as DNAS 2's {@code json=1} object (bitrate and sample rate are strings there). */
    public String statsJson(String path) {
        Summary s = summary(path);
        JsonWriter json = new JsonWriter().beginObject()
                .name("currentlisteners").value(s.current())
                .name("peaklisteners").value(s.peak())
                .name("maxlisteners").value(s.max())
                .name("uniquelisteners").value(s.unique())
                .name("averagetime").value(s.averageSeconds())
                .name("servergenre").value(s.genre());
        for (int i = 2; i <= 5; i++) {
            json.name("servergenre" + i).value("");
        }
        json.name("serverurl").value(s.url())
                .name("servertitle").value(s.name())
                .name("songtitle").value(s.title())
                .name("streamhits").value(s.hits())
                .name("streamstatus").value(s.live() ? 1 : 0)
                .name("backupstatus").value(0)
                .name("streamlisted").value(0)
                .name("streamlistederror").value(0)
                .name("streampath").value(s.path());
        if (s.live()) {
            json.name("streamuptime").value(s.uptimeSeconds());
        }
        return json.name("bitrate").value(s.bitrate())
                .name("samplerate").value(s.sampleRate())
                .name("content").value(s.contentType())
                .name("version").value(VERSION)
                .endObject().toString();
    }

    private static void element(StringBuilder xml, String name, String text) {
        xml.append('<').append(name).append('>').append(Markup.escapeXml(text)).append("</").append(name).append('>');
    }

    /** The song ends the comma list and the line: no line breaks inside it. */
    private static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }
}
