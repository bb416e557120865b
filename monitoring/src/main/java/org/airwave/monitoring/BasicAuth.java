package org.airwave.monitoring;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.airwave.core.auth.AuthVerdict;
import org.airwave.core.auth.CredentialCheck;

/** Checks an {@code Authorization: Basic} header value against a credential check. Stateless. */
final class BasicAuth {

    private BasicAuth() {
    }

    /** The check's verdict on the header's credentials; empty when the header carries none. */
    static Optional<AuthVerdict> check(String header, SocketAddress client, CredentialCheck credentials) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(credentials.check(client, decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
