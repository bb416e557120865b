package org.airwave.core.mount;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * All mounts of the server by path. Mounts come into being when configured or when a source
 * first claims a path, and stay (so titles and counters survive a source reconnecting).
 *
 * <p>Threading: safe for any thread.
 */
public final class MountRegistry {

    private final ConcurrentMap<String, Mount> mounts = new ConcurrentHashMap<>();

    /** The mount at {@code path}, made if it does not exist. The path must be valid ({@link MountPaths}). */
    public Mount mount(String path) {
        return mounts.computeIfAbsent(path, Mount::new);
    }

    public Optional<Mount> find(String path) {
        return Optional.ofNullable(mounts.get(path));
    }

    /** Every mount, sorted by path. */
    public List<Mount> all() {
        List<Mount> sorted = new ArrayList<>(mounts.values());
        sorted.sort(Comparator.comparing(Mount::path));
        return sorted;
    }
}
