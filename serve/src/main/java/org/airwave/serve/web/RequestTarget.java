package org.airwave.serve.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The path and query parameters of a request target as the request head decoder keeps it (raw
 * bytes as ISO-8859-1 characters): percent escapes in any case and raw UTF-8 bytes are both decoded
 * as UTF-8 (invalid UTF-8 falls back to ISO-8859-1); {@code +} stays a plus, as Icecast reads it.
 * Only the first {@link #MAX_PARAMETERS} parameters are read, and the first value of a name wins.
 *
 * <p>Immutable; threading: any.
 */
public final class RequestTarget {

    /** Query parameters read from one target; the rest are ignored. */
    public static final int MAX_PARAMETERS = 32;

    private final String path;
    private final Map<String, String> parameters;

    private RequestTarget(String path, Map<String, String> parameters) {
        this.path = path;
        this.parameters = parameters;
    }

    public static RequestTarget parse(String target) {
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        Map<String, String> parameters = new LinkedHashMap<>();
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
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                parameters.putIfAbsent(name, decode(equals < 0 ? "" : pair.substring(equals + 1)));
            }
        }
        return new RequestTarget(decode(rawPath), parameters);
    }

    /** The decoded path, e.g. {@code /admin/listclients}. */
    public String path() {
        return path;
    }

    /** The decoded value of the first parameter called {@code name} (case-sensitive), or null. */
    public String parameter(String name) {
        return parameters.get(name);
    }

    private static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.write(c & 0xff);
            }
        }
        byte[] raw8 = bytes.toByteArray();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw8)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw8, StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
