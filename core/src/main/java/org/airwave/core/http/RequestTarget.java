package org.airwave.core.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The path and query parameters of a request target, read the one way every port reads them: as
 * clients really send them and as Icecast 2.4 reads them. The target is the request head decoder's
 * (raw bytes as ISO-8859-1 characters). Percent escapes in any case and raw bytes both count;
 * {@code +} is a space in parameter names and values (a literal plus is {@code %2B}) but a plus in
 * the path; a raw {@code #} is data (a password's), not a fragment. The path is decoded as UTF-8;
 * values with the charset the query names ({@code charset=}, as liquidsoap sends ISO-8859-1), else
 * UTF-8; bytes that are not valid UTF-8 are read as ISO-8859-1. Parameter names are
 * case-insensitive, the first value of a name wins, and only the first {@link #MAX_PARAMETERS}
 * parameters are read.
 *
 * <p>A {@code %} not followed by two hex digits stays literal; {@link #badPathEscape()} tells a
 * caller that must refuse such a path (a listener's mount lookup answers 400).
 *
 * <p>Immutable; threading: any.
 */
public final class RequestTarget {

    /** Query parameters read from one target; the rest are ignored. */
    public static final int MAX_PARAMETERS = 32;

    private final String path;
    private final boolean badPathEscape;
    private final Map<String, byte[]> parameters;
    private final Charset charset;

    private RequestTarget(String path, boolean badPathEscape, Map<String, byte[]> parameters, Charset charset) {
        this.path = path;
        this.badPathEscape = badPathEscape;
        this.parameters = parameters;
        this.charset = charset;
    }

    /** Parses a request target as the request head decoder keeps it; never throws. */
    public static RequestTarget parse(String target) {
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        Map<String, byte[]> parameters = new LinkedHashMap<>();
        if (question >= 0) {
            int read = 0;
            for (String pair : target.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                if (++read > MAX_PARAMETERS) {
                    break;
                }
                int equals = pair.indexOf('=');
                String name = decode(unescape(equals < 0 ? pair : pair.substring(0, equals), true),
                        StandardCharsets.UTF_8);
                parameters.putIfAbsent(name.toLowerCase(Locale.ROOT),
                        unescape(equals < 0 ? "" : pair.substring(equals + 1), true));
            }
        }
        return new RequestTarget(decodePath(rawPath), hasBadEscape(rawPath), parameters, namedCharset(parameters));
    }

    /** The decoded path, e.g. {@code /admin/listclients}. */
    public String path() {
        return path;
    }

    /** Whether the path has a {@code %} not followed by two hex digits (kept literally in {@link #path()}). */
    public boolean badPathEscape() {
        return badPathEscape;
    }

    /** Whether the query has a parameter called {@code name} (any case), with or without a value. */
    public boolean has(String name) {
        return parameters.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The decoded value of the first parameter called {@code name} (any case), or null. */
    public String parameter(String name) {
        byte[] raw = parameters.get(name.toLowerCase(Locale.ROOT));
        return raw == null ? null : decode(raw, charset);
    }

    /** A path (or any text read the path's way) percent-decoded as UTF-8, {@code +} kept. */
    public static String decodePath(String rawPath) {
        return decode(unescape(rawPath, false), StandardCharsets.UTF_8);
    }

    private static Charset namedCharset(Map<String, byte[]> parameters) {
        byte[] named = parameters.get("charset");
        if (named == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(new String(named, StandardCharsets.US_ASCII).trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
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

    private static boolean escapeAt(String raw, int i) {
        return i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2));
    }

    private static boolean hasBadEscape(String raw) {
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (!escapeAt(raw, i)) {
                return true;
            }
            i += 2;
        }
        return false;
    }

    /** Resolves percent escapes to bytes; {@code plusIsSpace}: a '+' is a space (query parts, not paths). */
    private static byte[] unescape(String raw, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && escapeAt(raw, i)) {
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

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
