package org.airwave.serve.admin;

import java.util.Comparator;
import java.util.List;
import org.airwave.core.mount.ListenerHandle;
import org.airwave.serve.status.IcecastStats;
import org.airwave.serve.status.Station;
import org.airwave.serve.status.StationDirectory;
import org.airwave.serve.web.StatsNode;

/**
 * The documents of Icecast 2.4's admin commands, as element trees ({@link StatsNode}) that are
 * written as Icecast's XML or as JSON: the mount list ({@code listmounts}), a mount's listeners
 * ({@code listclients}) and the {@code <iceresponse>} that acknowledges a command.
 *
 * <p>Threading: any; each call reads a fresh snapshot.
 */
final class AdminDocuments {

    private final StationDirectory directory;

    AdminDocuments(StationDirectory directory) {
        this.directory = directory;
    }

    /**
     * {@code <icestats><source mount="/live"><fallback></fallback><listeners>0</listeners>
     * <Connected>25</Connected><content-type>audio/mpeg</content-type></source>...}: every live
     * mount but {@code except} (which, when given, is named in {@code current_source}, as the
     * {@code moveclients} page does).
     */
    StatsNode mountList(String except) {
        StatsNode icestats = StatsNode.element("icestats");
        if (except != null) {
            icestats.add("current_source", except);
        }
        for (Station station : directory.live()) {
            if (station.path().equals(except)) {
                continue;
            }
            icestats.add(StatsNode.listElement("source").attribute("mount", station.path())
                    .add("fallback", "")
                    .add("listeners", station.listeners())
                    .add("Connected", directory.secondsSince(station.source().orElseThrow().connectedAt()))
                    .add("content-type", station.source().orElseThrow().contentType()));
        }
        return icestats;
    }

    /** {@code /admin/streamlist.txt}: one live mount per line, for relays that mirror this server. */
    String streamList() {
        StringBuilder text = new StringBuilder();
        for (Station station : directory.live()) {
            text.append(station.path()).append('\n');
        }
        return text.toString();
    }

    /**
     * {@code <icestats><source mount="/live"><Listeners>1</Listeners><listener><IP>127.0.0.1</IP>
     * <UserAgent>mpv</UserAgent><Connected>12</Connected><ID>7</ID></listener></source></icestats>},
     * listeners by id; a listener that sent no User-Agent is {@code Unknown}, as in Icecast.
     */
    StatsNode clientList(Station station) {
        StatsNode source = StatsNode.listElement("source").attribute("mount", station.path())
                .add("Listeners", station.listeners());
        List<ListenerHandle> listeners = station.mount().connectedListeners().stream()
                .sorted(Comparator.comparingLong(ListenerHandle::id)).toList();
        for (ListenerHandle listener : listeners) {
            source.add(StatsNode.listElement("listener")
                    .add("IP", IcecastStats.hostOf(listener.remoteAddress()))
                    .add("UserAgent", listener.userAgent().isEmpty() ? "Unknown" : listener.userAgent())
                    .add("Connected", directory.secondsSince(listener.connectedAt()))
                    .add("ID", listener.id()));
        }
        return StatsNode.element("icestats").add(source);
    }

    /** {@code <iceresponse><message>...</message><return>1</return></iceresponse>}. */
    static StatsNode response(String message, boolean success) {
        return StatsNode.element("iceresponse").add("message", message).add("return", success ? "1" : "0");
    }
}
