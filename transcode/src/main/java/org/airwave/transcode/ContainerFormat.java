package org.airwave.transcode;

import java.util.Locale;
import java.util.Map;

/**
 * How a source's content type is read: MPEG audio and ADTS are split into frames by the core's
 * parsers ({@link FramedFeedInput}); the rest goes through a named FFmpeg demuxer
 * ({@link FeedDemuxer}), which skips FFmpeg's format probe; an unknown type is probed.
 */
enum ContainerFormat {
    MP3("mp3"),
    ADTS("aac"),
    OGG("ogg"),
    FLAC("flac"),
    PROBE(null);

    private static final Map<String, ContainerFormat> BY_CONTENT_TYPE = Map.ofEntries(
            Map.entry("audio/mpeg", MP3),
            Map.entry("audio/mp3", MP3),
            Map.entry("audio/mpeg3", MP3),
            Map.entry("audio/x-mpeg", MP3),
            Map.entry("audio/x-mp3", MP3),
            Map.entry("audio/x-mpeg-3", MP3),
            Map.entry("audio/aac", ADTS),
            Map.entry("audio/aacp", ADTS),
            Map.entry("audio/x-aac", ADTS),
            Map.entry("audio/x-aacp", ADTS),
            Map.entry("audio/aac-adts", ADTS),
            Map.entry("audio/x-hx-aac-adts", ADTS),
            Map.entry("application/ogg", OGG),
            Map.entry("audio/ogg", OGG),
            Map.entry("audio/x-ogg", OGG),
            Map.entry("application/x-ogg", OGG),
            Map.entry("audio/x-vorbis", OGG),
            Map.entry("audio/x-vorbis+ogg", OGG),
            Map.entry("audio/x-opus+ogg", OGG),
            Map.entry("audio/flac+ogg", OGG),
            Map.entry("audio/x-flac+ogg", OGG),
            Map.entry("audio/vorbis", OGG),
            Map.entry("audio/opus", OGG),
            Map.entry("audio/flac", FLAC),
            Map.entry("audio/x-flac", FLAC));

    private final String demuxer;

    ContainerFormat(String demuxer) {
        this.demuxer = demuxer;
    }

    /** FFmpeg's short name of the demuxer for this format, or null to probe. */
    String demuxer() {
        return demuxer;
    }

    /** The format for a Content-Type header value (parameters ignored), {@link #PROBE} when unknown. */
    static ContainerFormat forContentType(String contentType) {
        if (contentType == null) {
            return PROBE;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim().toLowerCase(Locale.ROOT);
        return BY_CONTENT_TYPE.getOrDefault(type, PROBE);
    }
}
