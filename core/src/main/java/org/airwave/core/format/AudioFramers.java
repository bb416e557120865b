package org.airwave.core.format;

import java.util.Locale;

/**
 * Chooses the {@link AudioFramer} for a source's declared content type: MPEG audio, AAC ADTS, Ogg
 * (Vorbis, Opus, FLAC) or native FLAC. Matching ignores case and any parameters after ';'.
 *
 * <p>Stateless factory, safe to use from any thread; each call returns a new framer owned by the
 * caller.
 */
public final class AudioFramers {

    private static final char PARAMETER_SEPARATOR = ';';

    private AudioFramers() {
    }

    /** A new framer for {@code contentType}, or null when the type is not supported (or null). */
    public static AudioFramer forContentType(String contentType) {
        switch (kind(contentType)) {
            case MPEG:
                return new Mp3Framer();
            case ADTS:
                return new AdtsFramer();
            case OGG:
                return new OggFramer();
            case FLAC:
                return new FlacFramer();
            default:
                return null;
        }
    }

    /** Whether {@code contentType} is one of the Ogg types (whose stream headers listeners need first). */
    public static boolean isOgg(String contentType) {
        return kind(contentType) == Kind.OGG;
    }

    private enum Kind { MPEG, ADTS, OGG, FLAC, UNSUPPORTED }

    private static Kind kind(String contentType) {
        if (contentType == null) {
            return Kind.UNSUPPORTED;
        }
        int separator = contentType.indexOf(PARAMETER_SEPARATOR);
        String mediaType = (separator < 0 ? contentType : contentType.substring(0, separator))
                .trim().toLowerCase(Locale.ROOT);
        switch (mediaType) {
            case "audio/mpeg":
            case "audio/mp3":
            case "audio/mpeg3":
            case "audio/x-mpeg":
            case "audio/x-mp3":
            case "audio/x-mpeg-3":
                return Kind.MPEG;
            case "audio/aac":
            case "audio/aacp":
            case "audio/x-aac":
            case "audio/x-aacp":
            case "audio/aac-adts":
                return Kind.ADTS;
            case "application/ogg":
            case "application/x-ogg":
            case "audio/ogg":
            case "audio/x-ogg":
            case "audio/vorbis":
            case "audio/x-vorbis":
            case "audio/x-vorbis+ogg":
            case "audio/opus":
            case "audio/x-opus+ogg":
            case "audio/flac+ogg":
            case "audio/x-flac+ogg":
                return Kind.OGG;
            case "audio/flac":
            case "audio/x-flac":
                return Kind.FLAC;
            default:
                return Kind.UNSUPPORTED;
        }
    }
}
