package org.airwave.ingest;

import java.net.SocketAddress;
import java.util.function.BooleanSupplier;
import org.airwave.core.auth.AuthThrottle;
import org.airwave.core.auth.AuthVerdict;
import org.airwave.core.auth.CredentialCheck;

/**
 * Decides who may stream to a mount and who is an administrator. Implemented by the application
 * from its configuration (per-mount source passwords, the global one by default). The checks are
 * plain comparisons; every login runs them inside {@link #attempt}, which goes through the
 * server's one {@link AuthThrottle}.
 *
 * <p>Threading: called from any event loop; implementations must be immutable or thread-safe and
 * must compare secrets in constant time.
 */
public interface SourceAccess {

    /** Whether {@code user}/{@code password} may act as the live source of {@code mount}. */
    boolean maySource(String mount, String user, String password);

    /** Whether {@code user}/{@code password} are the administrator's credentials. */
    boolean isAdmin(String user, String password);

    /** Whether {@code password} is the administrator's (SHOUTcast admin.cgi sends no user name). */
    boolean isAdminPassword(String password);

    /**
     * One login of {@code client}, decided by {@code credentials} (built from the checks above)
     * unless the throttle blocks the client's address.
     *
     * @param what what was tried, for the log ("source /live")
     */
    AuthVerdict attempt(SocketAddress client, String what, BooleanSupplier credentials);

    /** The administrator's credentials as a throttled check, for the admin API and {@code /metrics}. */
    default CredentialCheck adminCheck(String what) {
        return (client, user, password) -> attempt(client, what, () -> isAdmin(user, password));
    }
}
