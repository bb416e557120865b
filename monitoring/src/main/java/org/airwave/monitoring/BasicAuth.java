package org.airwave.monitoring;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.BiPredicate;

/** Checks an {@code Authorization: Basic} header value against a credential check. Stateless. */
final class BasicAuth {

    private BasicAuth() {
    }

    static boolean matches(String header, BiPredicate<String, String> credentials) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon >= 0 && credentials.test(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
