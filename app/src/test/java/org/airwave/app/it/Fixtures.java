package org.airwave.app.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Test data shipped in this module's test resources: recorded handshakes (copied from the shared
 * captures, byte for byte) and the 20 s test tones.
 */
public final class Fixtures {

    private Fixtures() {
    }

    public static byte[] handshake(String file) {
        return bytes("/handshakes/" + file);
    }

    public static String handshakeText(String file) {
        return new String(handshake(file), StandardCharsets.ISO_8859_1);
    }

    /** A file under {@code audio/} as a path (for programs that read files). */
    public static Path audio(String file) {
        try {
            return Path.of(Fixtures.class.getResource("/audio/" + file).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test audio " + file, e);
        }
    }

    /** The first {@code maxBytes} bytes of a test audio file. */
    public static byte[] audioBytes(String file, int maxBytes) {
        byte[] all = bytes("/audio/" + file);
        return java.util.Arrays.copyOf(all, Math.min(all.length, maxBytes));
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
