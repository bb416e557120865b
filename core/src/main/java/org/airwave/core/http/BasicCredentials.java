package org.airwave.core.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * User and password of an {@code Authorization: Basic} header (RFC 7617), read as UTF-8: the one
 * decoder every port's login goes through before the password check. The password may contain
 * {@code ':'} (only the first colon separates); Icecast sources normally send the user "source".
 * Immutable; the decoding is stateless and thread-safe.
 *
 * @param user the user name
 * @param password the password; never logged ({@link #toString()} leaves it out)
 */
public record BasicCredentials(String user, String password) {

    /**
     * Longest {@code Authorization} value decoded. Real credentials are a few dozen characters; the
     * limit keeps a client from making every login Base64-decode a header as large as the head limit.
     */
    public static final int MAX_HEADER_CHARS = 1024;

    private static final String SCHEME = "Basic ";

    /**
     * The credentials of an {@code Authorization} header value, or empty when there is none, it is
     * another scheme, not valid Base64 or has no colon.
     *
     * @param header the header's value, may be null
     * @throws IllegalArgumentException when the value is longer than {@link #MAX_HEADER_CHARS},
     *     with a message that quotes the limit, for a 400 answer
     */
    public static Optional<BasicCredentials> of(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.length() > MAX_HEADER_CHARS) {
            throw new IllegalArgumentException("Authorization header longer than " + MAX_HEADER_CHARS + " characters");
        }
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(SCHEME.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty()
                : Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return "BasicCredentials{user=" + user + "}";
    }
}
