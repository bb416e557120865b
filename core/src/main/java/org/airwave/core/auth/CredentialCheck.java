package org.airwave.core.auth;

import java.net.SocketAddress;

/**
 * Checks a user name and password a client sent (the administrator's, for the admin API and
 * {@code /metrics}), through the server's {@link AuthThrottle}. Implemented by the application
 * from its configuration.
 *
 * <p>Threading: called from any event loop; must not block.
 */
@FunctionalInterface
public interface CredentialCheck {

    AuthVerdict check(SocketAddress client, String user, String password);
}
