package org.airwave.app.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import org.airwave.ingest.SourceAccess;

/**
 * Source and admin credentials from the configuration: a mount listed under {@code mounts} with a
 * {@code source-password} uses it (and its {@code source-user} if set); every other mount uses
 * {@code server.source-password} with any user name, as Icecast does. Comparisons take constant
 * time. Immutable; threading: any.
 */
public final class ConfiguredSourceAccess implements SourceAccess {

    private final byte[] sourcePassword;
    private final String adminUser;
    private final byte[] adminPassword;
    private final Map<String, AirwaveConfig.MountSettings> mounts = new HashMap<>();

    public ConfiguredSourceAccess(AirwaveConfig config) {
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

    private static byte[] bytes(String secret) {
        return secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    }
}
