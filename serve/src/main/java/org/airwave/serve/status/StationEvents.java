package org.airwave.serve.status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What changed between two looks at the stations, as server-sent events: {@code status} (the whole
 * {@link AirwaveStatus} document) the first time and whenever a mount appears, goes on or off air
 * or its renditions change; otherwise {@code title} for a new title and {@code listeners} for new
 * listener counts, per mount.
 *
 * <p>Not thread-safe: one per event stream, used on that stream's event loop.
 */
final class StationEvents {

    /** One server-sent event: a name and a one-line JSON payload. */
    record Event(String name, String data) {

        /** The event in the {@code text/event-stream} format. */
        String wire() {
            return "event: " + name + "\ndata: " + data + "\n\n";
        }
    }

    private String structure;
    private final Map<String, Long> titleVersions = new HashMap<>();
    private final Map<String, String> counts = new HashMap<>();

    /** The events since the last call; {@code document} renders the whole status when needed. */
    List<Event> changes(List<Station> stations, Function<List<Station>, String> document) {
        String now = structureOf(stations);
        List<Event> events = new ArrayList<>();
        if (!now.equals(structure)) {
            structure = now;
            titleVersions.clear();
            counts.clear();
            for (Station station : stations) {
                titleVersions.put(station.path(), station.metadata().version());
                counts.put(station.path(), countsOf(station));
            }
            events.add(new Event("status", document.apply(stations)));
            return events;
        }
        for (Station station : stations) {
            Long seen = titleVersions.put(station.path(), station.metadata().version());
            if (seen == null || seen != station.metadata().version()) {
                events.add(new Event("title", AirwaveStatus.titleEvent(station)));
            }
            String current = countsOf(station);
            if (!current.equals(counts.put(station.path(), current))) {
                events.add(new Event("listeners", AirwaveStatus.listenersEvent(station)));
            }
        }
        return events;
    }

    /** Mounts, whether and since when each is on air, and the paths of their renditions. */
    private static String structureOf(List<Station> stations) {
        StringBuilder key = new StringBuilder();
        for (Station station : stations) {
            key.append(station.path()).append('|')
                    .append(station.source().map(s -> s.protocol().tag() + "@" + s.connectedAt()).orElse("-")).append('|')
                    .append(station.renditionOf().orElse("")).append('|');
            for (RenditionStatus rendition : station.renditions()) {
                key.append(rendition.path()).append(',');
            }
            key.append('\n');
        }
        return key.toString();
    }

    private static String countsOf(Station station) {
        StringBuilder key = new StringBuilder().append(station.listeners()).append('/').append(station.listenerPeak());
        for (RenditionStatus rendition : station.renditions()) {
            key.append(' ').append(rendition.listeners());
        }
        return key.toString();
    }
}
