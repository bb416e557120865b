package org.airwave.serve.admin;

/**
 * Checks administrator credentials ({@code server.admin-user} / {@code server.admin-password});
 * implemented by the application from its configuration.
 *
 * <p>Threading: called from any event loop; must not block and should compare in constant time.
 */
@FunctionalInterface
public interface AdminAuth {

    boolean isAdmin(String user, String password);
}
