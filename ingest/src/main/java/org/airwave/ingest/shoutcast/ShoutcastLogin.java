package org.airwave.ingest.shoutcast;

import java.util.Map;

/**
 * The password line of a SHOUTcast v1 source, in its three forms: {@code pass},
 * {@code pass:#sid} (DNAS2 stream id, mapped to a mount by {@code shoutcast.sids}) and
 * {@code /mount:pass} (Icecast-KH).
 *
 * @param mount the mount named by the line, or null to use the SHOUTcast default mount
 * @param password the password
 */
public record ShoutcastLogin(String mount, String password) {

    /**
     * Parses a password line (terminator already removed).
     *
     * @param sids stream ids to mounts; an unknown sid yields a null mount (the default one)
     */
    public static ShoutcastLogin parse(String line, Map<Integer, String> sids) {
        if (line.startsWith("/")) {
            int colon = line.indexOf(':');
            if (colon > 1) {
                return new ShoutcastLogin(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        int sidMarker = line.lastIndexOf(":#");
        if (sidMarker >= 0) {
            String sid = line.substring(sidMarker + 2).trim();
            if (!sid.isEmpty() && sid.chars().allMatch(Character::isDigit) && sid.length() <= 9) {
                return new ShoutcastLogin(sids.get(Integer.parseInt(sid)), line.substring(0, sidMarker));
            }
        }
        return new ShoutcastLogin(null, line);
    }

    @Override
    public String toString() {
        return "ShoutcastLogin{mount=" + mount + "}";
    }
}
