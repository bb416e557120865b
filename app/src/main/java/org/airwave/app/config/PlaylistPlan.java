package org.airwave.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.airwave.ingest.playlist.PlaylistEntry;
import org.airwave.ingest.playlist.PlaylistReader;

/**
 * Which playlist plays on which mount: the configured ones, read from disk at start (a missing or
 * empty playlist is a configuration error naming its key), or the bundled demo station.
 *
 * @param playlists mount path to its tracks, in configuration order
 * @param shuffled mount paths whose playlist is shuffled
 */
public record PlaylistPlan(Map<String, List<PlaylistEntry>> playlists, List<String> shuffled) {

    /** Where the demo tracks and their playlist are bundled. */
    public static final String DEMO_RESOURCES = "/demo/";

    public static PlaylistPlan of(AirwaveConfig config) throws ConfigException {
        Map<String, List<PlaylistEntry>> playlists = new LinkedHashMap<>();
        List<String> shuffled = new ArrayList<>();
        for (int i = 0; i < config.playlists().size(); i++) {
            AirwaveConfig.PlaylistSettings settings = config.playlists().get(i);
            try {
                playlists.put(settings.mount(), PlaylistReader.read(Path.of(settings.path())));
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("config key 'playlists[" + i + "].path': " + e.getMessage());
            }
            if (settings.shuffled()) {
                shuffled.add(settings.mount());
            }
        }
        if (config.playsDemo()) {
            playlists.put(config.demo().mount(), demoTracks());
        }
        return new PlaylistPlan(playlists, shuffled);
    }

    private static List<PlaylistEntry> demoTracks() {
        List<PlaylistEntry> tracks = new ArrayList<>();
        try (InputStream in = PlaylistPlan.class.getResourceAsStream(DEMO_RESOURCES + "playlist.m3u")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                URL track = PlaylistPlan.class.getResource(DEMO_RESOURCES + name);
                if (!name.isEmpty() && track != null) {
                    tracks.add(new PlaylistEntry(track, name));
                }
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("bundled demo playlist unreadable", e);
        }
        return tracks;
    }
}
