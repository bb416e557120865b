package org.airwave.serve.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.airwave.testing.PythonBytesLiteral;

/**
 * One recorded icecast2 2.4.4 answer from the shared handshake captures
 * ({@code icecast2-<case>.response.txt}, copied into this module's test resources): the response
 * head and body, rebuilt from the capture's Python {@code bytes} reprs.
 */
public final class IcecastCapture {

    private final String head;
    private final String body;

    private IcecastCapture(String head, String body) {
        this.head = head;
        this.body = body;
    }

    /** Reads {@code resource} (e.g. {@code /status/icecast2-status-json-one-source.response.txt}). */
    public static IcecastCapture load(String resource) {
        String text;
        try (InputStream in = IcecastCapture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing capture " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String response = text.substring(text.indexOf("<<< response"));
        StringBuilder head = new StringBuilder();
        StringBuilder body = new StringBuilder();
        StringBuilder target = null;
        for (String line : response.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("-- header block")) {
                target = head;
            } else if (trimmed.startsWith("-- body")) {
                target = body;
            } else if (trimmed.startsWith("--")) {
                target = null;
            } else if (target != null && (trimmed.startsWith("b'") || trimmed.startsWith("b\""))) {
                target.append(PythonBytesLiteral.decode(trimmed));
            }
        }
        return new IcecastCapture(head.toString(), body.toString());
    }

    /** The response head, status line to blank line, as ISO-8859-1 text. */
    public String head() {
        return head;
    }

    /** The body decoded as UTF-8. */
    public String body() {
        return new String(body.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    public String statusLine() {
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** Header names in the order icecast2 sent them. */
    public List<String> headerNames() {
        return headerNames(head);
    }

    /** Header names of any response head, in order. */
    public static List<String> headerNames(String head) {
        List<String> names = new ArrayList<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                names.add(lines[i].substring(0, colon));
            }
        }
        return names;
    }

    /** A header value by case-insensitive name from any head, or null. */
    public static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }
}
