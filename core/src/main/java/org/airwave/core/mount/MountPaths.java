package org.airwave.core.mount;

/**
 * Validation of mount names as sources and listeners give them.
 *
 * <p>A mount path starts with '/', is at most {@link #MAX_MOUNT_PATH_LENGTH} characters, has no
 * control characters, no backslash, no empty, "." or ".." segments, no query or fragment
 * characters. Threading: stateless.
 */
public final class MountPaths {

    /** Longest mount path accepted (Icecast and SHOUTcast servers use similar bounds). */
    public static final int MAX_MOUNT_PATH_LENGTH = 255;

    private MountPaths() {
    }

    /** Returns why {@code path} is not a valid mount path, or null when it is valid. */
    public static String problem(String path) {
        if (path == null || path.isEmpty()) {
            return "empty mount";
        }
        if (path.length() > MAX_MOUNT_PATH_LENGTH) {
            return "mount longer than " + MAX_MOUNT_PATH_LENGTH + " characters";
        }
        if (path.charAt(0) != '/' || path.length() == 1) {
            return "mount must start with '/' and have a name";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == '?' || c == '#' || c == '"' || c == '<' || c == '>') {
                return "mount has a forbidden character (code " + (int) c + ")";
            }
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "mount has an empty, '.' or '..' segment";
            }
        }
        return null;
    }

    public static boolean isValid(String path) {
        return problem(path) == null;
    }
}
