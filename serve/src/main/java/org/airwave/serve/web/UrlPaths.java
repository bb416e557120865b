package org.airwave.serve.web;

import java.nio.charset.StandardCharsets;

/**
 * Mount paths in absolute URLs: percent-encoded as UTF-8 except unreserved characters and slashes,
 * so a mount name can neither break a URL nor the document that carries it. Threading: stateless.
 */
public final class UrlPaths {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlPaths() {
    }

    /** {@code base} (e.g. {@code http://host:8000}) followed by the encoded {@code path}. */
    public static String absolute(String base, String path) {
        return base + encode(path);
    }

    public static String encode(String path) {
        StringBuilder encoded = new StringBuilder(path.length() + 8);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            boolean plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
            if (plain) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return encoded.toString();
    }
}
