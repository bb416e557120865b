package org.airwave.ingest.metadata;

import org.airwave.core.http.RequestTarget;

/**
 * The "now playing" text of a metadata request, in every form clients send it: {@code song}
 * (butt, liquidsoap, SHOUTcast DSPs), {@code artist} + {@code title} without song (Mixxx for
 * non-MP3, ezstream/libshout), or {@code title} alone; plus an optional {@code url}.
 *
 * @param title the title to show ("Artist - Title"), never null
 * @param url the stream URL to announce, or empty
 */
public record TitleUpdate(String title, String url) {

    /** Longest title kept; ICY blocks cap lower anyway, this bounds memory and logs. */
    public static final int MAX_TITLE_CHARS = 4096;

    /** The title update in {@code query}, or null when it has none of song/artist/title. */
    public static TitleUpdate from(RequestTarget query) {
        String song = nonBlank(query.parameter("song"));
        String artist = nonBlank(query.parameter("artist"));
        String title = nonBlank(query.parameter("title"));
        String text;
        if (song != null) {
            text = song;
        } else if (artist != null && title != null) {
            text = artist + " - " + title;
        } else if (title != null) {
            text = title;
        } else if (artist != null) {
            text = artist;
        } else {
            return null;
        }
        String url = nonBlank(query.parameter("url"));
        return new TitleUpdate(cap(text), url == null ? "" : cap(url));
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String cap(String value) {
        return value.length() > MAX_TITLE_CHARS ? value.substring(0, MAX_TITLE_CHARS) : value;
    }
}
