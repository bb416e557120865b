package org.airwave.app.config;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.airwave.core.auth.AuthThrottle;
import org.airwave.core.auth.AuthVerdict;
import org.airwave.ingest.SourceAccess;

/**
 * Source and admin credentials from the configuration: a mount listed under {@code mounts} with a
 * {@code source-password} uses it (and its {@code source-user} if set); every other mount uses
 * {@code server.source-password} with any user name, as Icecast does. Comparisons take constant
 * time. Every login goes through one {@link AuthThrottle} ({@code limits.auth-*}), whichever port
 * and protocol it came by. Threading: any (the throttle is thread-safe, the rest immutable).
 */
public final class ConfiguredSourceAccess implements SourceAccess {

    private final byte[] sourcePassword;
    private final String adminUser;
    private final byte[] adminPassword;
    private final Map<String, AirwaveConfig.MountSettings> mounts = new HashMap<>();
    private final AuthThrottle throttle;

    public ConfiguredSourceAccess(AirwaveConfig config) {
        AirwaveConfig.Limits limits = config.limits();
        this.throttle = new AuthThrottle(new AuthThrottle.Limits(limits.authFailuresBeforeBlock(),
                Duration.ofSeconds(limits.authBlockFirstSeconds()), Duration.ofSeconds(limits.authBlockMaxSeconds()),
                limits.authTrackedAddresses()));
        this.sourcePassword = bytes(config.server().sourcePassword());
        this.adminUser = config.server().adminUser();
        this.adminPassword = bytes(config.server().adminPassword());
        for (AirwaveConfig.MountSettings mount : config.mounts()) {
            mounts.put(mount.path(), mount);
        }
    }

    @Override
    public boolean maySource(String mount, String user, String password) {
        AirwaveConfig.MountSettings own = mounts.get(mount);
        if (own != null && own.sourcePassword() != null && !own.sourcePassword().isEmpty()) {
            boolean userOk = own.sourceUser() == null || own.sourceUser().isEmpty() || own.sourceUser().equals(user);
            return MessageDigest.isEqual(bytes(own.sourcePassword()), bytes(password)) & userOk;
        }
        return MessageDigest.isEqual(sourcePassword, bytes(password));
    }

    @Override
    public boolean isAdmin(String user, String password) {
        return MessageDigest.isEqual(adminPassword, bytes(password)) & adminUser.equals(user);
    }

    @Override
    public boolean isAdminPassword(String password) {
        return MessageDigest.isEqual(adminPassword, bytes(password));
    }

    @Override
    public AuthVerdict attempt(SocketAddress client, String what, BooleanSupplier credentials) {
        return throttle.check(client, what, credentials);
    }

    private static byte[] bytes(String secret) {
        return secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    }
}
