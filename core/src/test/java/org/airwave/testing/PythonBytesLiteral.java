package org.airwave.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the Python {@code bytes} literals ({@code b'...'} or {@code b"..."}) the handshake
 * captures' {@code .txt} files use, one per line, as the ISO-8859-1 characters of those bytes.
 * Stateless.
 */
public final class PythonBytesLiteral {

    private PythonBytesLiteral() {
    }

    /** The bytes of {@code literal} as ISO-8859-1 characters. */
    public static String decode(String literal) {
        String inner = literal.substring(2, literal.length() - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char next = inner.charAt(++i);
            switch (next) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'x' -> {
                    out.write(Integer.parseInt(inner.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> out.write(next);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
