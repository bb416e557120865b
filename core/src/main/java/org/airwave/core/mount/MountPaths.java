package org.airwave.core.mount;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validation of mount names as sources and listeners give them, and the one list of paths the
 * server answers itself, which no source, relay or playlist may take as a mount.
 *
 * <p>A mount path starts with '/', is at most {@link #MAX_MOUNT_PATH_LENGTH} characters, has no
 * control characters, no backslash, no empty, "." or ".." segments, no query or fragment
 * characters. Threading: stateless.
 */
public final class MountPaths {

    /** Longest mount path accepted (Icecast and SHOUTcast servers use similar bounds). */
    public static final int MAX_MOUNT_PATH_LENGTH = 255;

    /**
     * Paths the server answers itself: the page, the status documents, metrics and health, the
     * SHOUTcast admin CGI (and {@code /status.xsl}, which Icecast serves and tools probe for).
     */
    private static final Set<String> SERVER_PATHS = Set.of("/", "/admin", "/admin.cgi", "/api", "/web", "/metrics",
            "/health", "/status-json.xsl", "/status.xsl", "/7.html", "/stats");
    /** Prefixes of the server's own paths: Icecast admin commands, the JSON API, the page's files. */
    private static final List<String> SERVER_PREFIXES = List.of("/admin/", "/admin.", "/api/", "/web/");
    /** Extensions under which every mount's playlists are served ({@code /live.m3u}). */
    private static final List<String> PLAYLIST_SUFFIXES = List.of(".m3u", ".pls", ".xspf");

    private MountPaths() {
    }

    /**
     * Returns why {@code path} cannot be a mount although it is well-formed (the server answers
     * it itself, or a listener asking for it gets a playlist), or null when it may be one.
     */
    public static String reservation(String path) {
        if (isServerPath(path)) {
            return path + " is reserved for the server's own pages";
        }
        String lower = path.toLowerCase(Locale.ROOT);
        for (String suffix : PLAYLIST_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                return "a mount ending in " + suffix + " would be served as a playlist";
            }
        }
        return null;
    }

    /** Whether the server answers {@code path} (a decoded request path) itself, whatever the mounts. */
    public static boolean isServerPath(String path) {
        if (SERVER_PATHS.contains(path)) {
            return true;
        }
        for (String prefix : SERVER_PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Returns why {@code path} is not a valid mount path, or null when it is valid. */
    public static String problem(String path) {
        if (path == null || path.isEmpty()) {
            return "empty mount";
        }
        if (path.length() > MAX_MOUNT_PATH_LENGTH) {
            return "mount longer than " + MAX_MOUNT_PATH_LENGTH + " characters";
        }
        if (path.charAt(0) != '/' || path.length() == 1) {
            return "mount must start with '/' and have a name";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == '?' || c == '#' || c == '"' || c == '<' || c == '>') {
                return "mount has a forbidden character (code " + (int) c + ")";
            }
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "mount has an empty, '.' or '..' segment";
            }
        }
        return null;
    }

    public static boolean isValid(String path) {
        return problem(path) == null;
    }
}
