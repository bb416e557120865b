package org.airwave.core.mount;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.airwave.core.stats.ServerStats;

/**
 * All mounts of the server by path. Mounts come into being when configured or when a source
 * first claims a path, and stay (so titles and counters survive a source reconnecting).
 *
 * <p>Threading: safe for any thread.
 */
public final class MountRegistry {

    private final ConcurrentMap<String, Mount> mounts = new ConcurrentHashMap<>();
    private final List<Consumer<Mount>> newMountListeners = new CopyOnWriteArrayList<>();
    private final ServerStats stats = new ServerStats();

    /** The mount at {@code path}, made if it does not exist. The path must be valid ({@link MountPaths}). */
    public Mount mount(String path) {
        Mount existing = mounts.get(path);
        if (existing != null) {
            return existing;
        }
        Mount created = new Mount(path);
        Mount raced = mounts.putIfAbsent(path, created);
        if (raced != null) {
            return raced;
        }
        newMountListeners.forEach(listener -> listener.accept(created));
        return created;
    }

    /**
     * Calls {@code listener} for every existing mount now and for every mount made later (on the
     * thread that makes it; it must not block). Used by monitoring to add per-mount meters.
     */
    public void onEveryMount(Consumer<Mount> listener) {
        newMountListeners.add(listener);
        mounts.values().forEach(listener);
    }

    /** Server-wide counters (refused requests). */
    public ServerStats stats() {
        return stats;
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
