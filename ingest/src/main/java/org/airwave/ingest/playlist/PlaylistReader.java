package org.airwave.ingest.playlist;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a configured playlist path into tracks: a folder (its MP3 files, sorted by name), an
 * {@code .m3u}/{@code .m3u8} or {@code .pls} file (entries relative to the playlist's folder), or a
 * single MP3 file. Files of other types are skipped with a log line (they need transcoding).
 * Threading: stateless; reads the file system, so never call it on an event loop.
 */
public final class PlaylistReader {

    private static final Logger LOG = LoggerFactory.getLogger(PlaylistReader.class);

    private PlaylistReader() {
    }

    /**
     * @throws IOException when the path cannot be read or yields no playable track (the message says which)
     */
    public static List<PlaylistEntry> read(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("playlist " + path + " does not exist");
        }
        List<Path> files = new ArrayList<>();
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path)) {
            try (Stream<Path> children = Files.list(path)) {
                children.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        } else if (name.endsWith(".m3u") || name.endsWith(".m3u8") || name.endsWith(".pls")) {
            Path base = path.toAbsolutePath().getParent();
            for (String entry : entries(Files.readAllLines(path, StandardCharsets.UTF_8), name.endsWith(".pls"))) {
                files.add(base.resolve(entry));
            }
        } else {
            files.add(path);
        }
        List<PlaylistEntry> tracks = new ArrayList<>();
        for (Path file : files) {
            if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mp3")) {
                LOG.warn("playlist {}: skipping {}: only MP3 files can be played without transcoding", path, file);
            } else if (!Files.isReadable(file)) {
                LOG.warn("playlist {}: skipping {}: not readable", path, file);
            } else {
                tracks.add(new PlaylistEntry(url(file), file.getFileName().toString()));
            }
        }
        if (tracks.isEmpty()) {
            throw new IOException("playlist " + path + " has no playable MP3 file");
        }
        return tracks;
    }

    /** The non-comment lines of an M3U, or the {@code FileN=} values of a PLS. */
    static List<String> entries(List<String> lines, boolean pls) {
        List<String> entries = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip().replace("\uFEFF", "");
            if (pls) {
                int equals = line.indexOf('=');
                if (equals > 4 && line.regionMatches(true, 0, "File", 0, 4)) {
                    entries.add(line.substring(equals + 1).strip());
                }
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                entries.add(line);
            }
        }
        return entries;
    }

    private static URL url(Path file) throws IOException {
        try {
            return file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IOException("unusable path " + file, e);
        }
    }
}
