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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a configured playlist path into tracks: a folder (its audio files, sorted by name), an
 * {@code .m3u}/{@code .m3u8} or {@code .pls} file (entries relative to the playlist's folder), or a
 * single audio file. Audio files are recognised by their extension ({@link #AUDIO_EXTENSIONS}): MP3
 * plays as it is, the others are converted when loaded ({@link TrackLoader}); other files are
 * skipped with a log line.
 * Threading: stateless; reads the file system, so never call it on an event loop.
 */
public final class PlaylistReader {

    private static final Logger LOG = LoggerFactory.getLogger(PlaylistReader.class);

    /** File extensions taken as audio: MP3 and what FFmpeg decodes for the {@link TrackConverter}. */
    public static final Set<String> AUDIO_EXTENSIONS = Set.of("mp3", "mp2", "ogg", "oga", "opus", "flac", "m4a",
            "mp4", "aac", "wav", "aif", "aiff", "wma", "mka", "webm", "ac3", "wv");

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
            if (!AUDIO_EXTENSIONS.contains(extension(file))) {
                LOG.warn("playlist {}: skipping {}: not an audio file (extensions {})", path, file,
                        new TreeSet<>(AUDIO_EXTENSIONS));
            } else if (!Files.isReadable(file)) {
                LOG.warn("playlist {}: skipping {}: not readable", path, file);
            } else {
                tracks.add(new PlaylistEntry(url(file), file.getFileName().toString()));
            }
        }
        if (tracks.isEmpty()) {
            throw new IOException("playlist " + path + " has no playable audio file");
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

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static URL url(Path file) throws IOException {
        try {
            return file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IOException("unusable path " + file, e);
        }
    }
}
