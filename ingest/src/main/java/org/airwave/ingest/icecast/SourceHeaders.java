package org.airwave.ingest.icecast;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.SocketAddress;
import java.time.Instant;
import org.airwave.core.http.RequestTarget;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stats.Protocol;

/**
 * Reads a source's stream description from its headers, whichever dialect it speaks: Icecast
 * {@code ice-*} (any case) or SHOUTcast {@code icy-*}, including butt's prefixed
 * {@code ice-audio-info} keys and darkice's separate {@code ice-bitrate}. Passwords are never read.
 * Threading: stateless.
 */
public final class SourceHeaders {

    /** Longest header value kept for a station field; longer values are cut. */
    public static final int MAX_FIELD_CHARS = 1024;

    private SourceHeaders() {
    }

    /** The source description, with {@code contentType} already resolved by the caller. */
    public static SourceInfo describe(Protocol protocol, HttpHeaders headers, String contentType, SocketAddress remote) {
        String audioInfo = normalizeAudioInfo(first(headers, "ice-audio-info", null));
        String bitrate = first(headers, "ice-bitrate", "icy-br");
        if (bitrate.isEmpty()) {
            bitrate = audioInfoValue(audioInfo, "bitrate");
        }
        String isPublic = first(headers, "ice-public", "icy-pub");
        return new SourceInfo(protocol, contentType,
                first(headers, "ice-name", "icy-name"),
                first(headers, "ice-description", "icy-description"),
                first(headers, "ice-genre", "icy-genre"),
                first(headers, "ice-url", "icy-url"),
                isPublic.equals("1") || isPublic.equalsIgnoreCase("true") || isPublic.equalsIgnoreCase("yes"),
                bitrate, audioInfo,
                first(headers, "user-agent", null),
                remote == null ? "" : remote.toString(),
                Instant.now());
    }

    /**
     * Icecast's form {@code bitrate=128;channels=2;samplerate=44100}: percent escapes (libshout)
     * decoded, butt's {@code ice-} key prefixes removed.
     */
    static String normalizeAudioInfo(String raw) {
        if (raw.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String pair : decodePercent(raw).split(";")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String key = pair.substring(0, equals).trim().toLowerCase(java.util.Locale.ROOT);
            if (key.startsWith("ice-")) {
                key = key.substring(4);
            }
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(key).append('=').append(pair.substring(equals + 1).trim());
        }
        return out.toString();
    }

    static String audioInfoValue(String audioInfo, String key) {
        for (String pair : audioInfo.split(";")) {
            if (pair.startsWith(key + "=")) {
                return pair.substring(key.length() + 1);
            }
        }
        return "";
    }

    private static String first(HttpHeaders headers, String name, String alternative) {
        String value = headers.get(name);
        if (value == null && alternative != null) {
            value = headers.get(alternative);
        }
        if (value == null) {
            return "";
        }
        value = value.strip();
        return value.length() > MAX_FIELD_CHARS ? value.substring(0, MAX_FIELD_CHARS) : value;
    }

    private static String decodePercent(String raw) {
        return RequestTarget.decodePath(raw);
    }
}
