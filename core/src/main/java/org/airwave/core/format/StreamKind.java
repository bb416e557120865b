package org.airwave.core.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The kinds of audio stream a source may send, with the one table of the {@code Content-Type}
 * values accepted for each. Ingest admits a source by it (and names every accepted type when it
 * refuses one), picks the source's {@link AudioFramer} from it, and the transcoder picks how to read
 * the source from it. Matching ignores case, surrounding blanks and any parameters after ';'.
 *
 * <p>Immutable; safe to use from any thread. Each {@link #newFramer()} returns a framer owned by the
 * caller.
 */
public enum StreamKind {
    /** MPEG audio (MP3, and MP2/MP1 frames in the same stream). */
    MPEG(Mp3Framer::new, "audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg", "audio/x-mp3", "audio/x-mpeg-3"),
    /**
     * AAC in ADTS frames. {@code audio/x-hx-aac-adts} is what libmagic ({@code file --mime-type}) and
     * Android name an ADTS file, so clients that label a file by sniffing it send that.
     */
    ADTS(AdtsFramer::new, "audio/aac", "audio/aacp", "audio/x-aac", "audio/x-aacp", "audio/aac-adts",
            "audio/x-hx-aac-adts"),
    /** Ogg carrying Vorbis, Opus or FLAC; listeners need its stream headers first and get no ICY metadata. */
    OGG(OggFramer::new, "application/ogg", "application/x-ogg", "audio/ogg", "audio/x-ogg", "audio/vorbis",
            "audio/x-vorbis", "audio/x-vorbis+ogg", "audio/opus", "audio/x-opus+ogg", "audio/flac+ogg",
            "audio/x-flac+ogg"),
    /** Native FLAC frames. */
    FLAC(FlacFramer::new, "audio/flac", "audio/x-flac");

    private static final char PARAMETER_SEPARATOR = ';';
    private static final Map<String, StreamKind> BY_CONTENT_TYPE = byContentType();
    private static final List<String> ACCEPTED = List.copyOf(BY_CONTENT_TYPE.keySet());

    private final Supplier<AudioFramer> framer;
    private final List<String> contentTypes;

    StreamKind(Supplier<AudioFramer> framer, String... contentTypes) {
        this.framer = framer;
        this.contentTypes = List.of(contentTypes);
    }

    /** The kind named by a {@code Content-Type} header value, or null when it is not accepted (or null). */
    public static StreamKind forContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int separator = contentType.indexOf(PARAMETER_SEPARATOR);
        String mediaType = (separator < 0 ? contentType : contentType.substring(0, separator))
                .trim().toLowerCase(Locale.ROOT);
        return BY_CONTENT_TYPE.get(mediaType);
    }

    /** Every accepted content type, grouped by kind in declaration order. */
    public static List<String> acceptedContentTypes() {
        return ACCEPTED;
    }

    /** A new framer for a stream of this kind, owned by the caller. */
    public AudioFramer newFramer() {
        return framer.get();
    }

    private static Map<String, StreamKind> byContentType() {
        Map<String, StreamKind> table = new LinkedHashMap<>();
        for (StreamKind kind : values()) {
            for (String contentType : kind.contentTypes) {
                if (table.put(contentType, kind) != null) {
                    throw new IllegalStateException("Content type listed twice: " + contentType);
                }
            }
        }
        return table;
    }
}
