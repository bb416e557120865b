package org.airwave.ingest;

/**
 * Decides who may stream to a mount and who is an administrator. Implemented by the application
 * from its configuration (per-mount source passwords, the global one by default).
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
}
