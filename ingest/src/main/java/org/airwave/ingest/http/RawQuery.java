package org.airwave.ingest.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The query string of a request target as source clients really send it: percent escapes in any
 * case, raw UTF-8 bytes (butt), ISO-8859-1 escapes (liquidsoap ICY), a raw {@code #} inside a
 * password (not a fragment), {@code +} a space in names and values as Icecast 2.4 reads it (a
 * literal plus is {@code %2B}) but a plus in the path. Values are decoded to bytes
 * first and then with the charset the request names ({@code charset=}), else UTF-8, falling back to
 * ISO-8859-1 when the bytes are not valid UTF-8.
 *
 * <p>Immutable; threading: any.
 */
public final class RawQuery {

    private final String path;
    private final Map<String, byte[]> values;
    private final Charset charset;

    private RawQuery(String path, Map<String, byte[]> values, Charset charset) {
        this.path = path;
        this.values = values;
        this.charset = charset;
    }

    /**
     * Parses a request target whose raw bytes were kept as ISO-8859-1 chars (see
     * {@link RequestHeadDecoder}).
     */
    public static RawQuery parse(String target) {
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        Map<String, byte[]> values = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : target.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String key = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                values.putIfAbsent(new String(unescape(key, true), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT),
                        unescape(value, true));
            }
        }
        Charset charset = StandardCharsets.UTF_8;
        byte[] named = values.get("charset");
        if (named != null) {
            try {
                charset = Charset.forName(new String(named, StandardCharsets.US_ASCII).trim());
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                charset = StandardCharsets.UTF_8;
            }
        }
        return new RawQuery(decodePath(rawPath), values, charset);
    }

    /** The decoded path (percent escapes resolved as UTF-8). */
    public String path() {
        return path;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The decoded value of {@code key} (lower-case), or null. */
    public String get(String key) {
        byte[] raw = values.get(key);
        return raw == null ? null : decode(raw, charset);
    }

    /** The request path of a target, percent-decoded as UTF-8 (invalid bytes as ISO-8859-1). */
    public static String decodePath(String rawPath) {
        return decode(unescape(rawPath, false), StandardCharsets.UTF_8);
    }

    private static String decode(byte[] raw, Charset charset) {
        if (!charset.equals(StandardCharsets.UTF_8)) {
            return new String(raw, charset);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
    }

    /** Resolves percent escapes to bytes; {@code plusIsSpace}: a '+' is a space (query parts, not paths). */
    private static byte[] unescape(String raw, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()
                    && Character.digit(raw.charAt(i + 1), 16) >= 0 && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                out.write(c & 0xff);
            }
        }
        return out.toByteArray();
    }
}
