package org.airwave.ingest.relay;

import java.util.Locale;
import java.util.Map;

/**
 * An upstream's response head: the status and the headers (names lower-cased, the last of repeated
 * ones). Immutable.
 *
 * @param version {@code ICY}, {@code HTTP/1.0} or {@code HTTP/1.1}
 * @param status the status code
 * @param reason the reason phrase (may be empty)
 * @param headers lower-cased header names to values
 */
public record UpstreamResponse(String version, int status, String reason, Map<String, String> headers) {

    /** Audio bytes between ICY metadata blocks, or 0 when the upstream interleaves none. */
    public int metaint() {
        String value = header("icy-metaint");
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("icy-metaint '" + value + "' is not a number");
        }
    }

    /** Whether the body uses chunked transfer coding. */
    public boolean isChunked() {
        return header("transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked");
    }

    /** The content type without parameters ({@code audio/mpeg}), or empty. */
    public String contentType() {
        String value = header("content-type");
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Whether this is a redirect Airwave follows (301, 302, 303, 307, 308 with a Location). */
    public boolean isRedirect() {
        return (status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
                && !header("location").isEmpty();
    }

    /** A header's value, or empty. */
    public String header(String lowerCaseName) {
        return headers.getOrDefault(lowerCaseName, "");
    }

    @Override
    public String toString() {
        return version + " " + status + (reason.isEmpty() ? "" : " " + reason);
    }
}
