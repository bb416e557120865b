package org.airwave.serve.playlist;

import java.util.Locale;
import java.util.Optional;

/**
 * The playlist files a listener can ask for instead of the stream, by file extension
 * ({@code /live.m3u}), with the content type each is served with. Immutable.
 */
public enum PlaylistFormat {
    M3U("m3u", "audio/x-mpegurl"),
    PLS("pls", "audio/x-scpls"),
    XSPF("xspf", "application/xspf+xml");

    private final String extension;
    private final String contentType;

    PlaylistFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The file extension, without the dot, in lower case. */
    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** The format whose extension {@code path} ends with (any letter case), if any. */
    public static Optional<PlaylistFormat> ofPath(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        for (PlaylistFormat format : values()) {
            if (lower.endsWith("." + format.extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
