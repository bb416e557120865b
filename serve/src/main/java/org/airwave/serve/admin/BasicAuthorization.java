package org.airwave.serve.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * User and password of an {@code Authorization: Basic} header (RFC 7617), UTF-8. A header longer
 * than {@link #MAX_HEADER_CHARS} or not valid Base64 counts as no credentials.
 *
 * @param user the user name
 * @param password the password; never logged ({@link #toString()} leaves it out)
 */
record BasicAuthorization(String user, String password) {

    /** Longest Authorization value read. */
    static final int MAX_HEADER_CHARS = 1024;

    static Optional<BasicAuthorization> of(HttpHeaders headers) {
        String value = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (value == null || value.length() > MAX_HEADER_CHARS || value.length() < 6
                || !value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new BasicAuthorization(decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "BasicAuthorization{user=" + user + "}";
    }
}
