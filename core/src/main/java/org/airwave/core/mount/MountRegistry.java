package org.airwave.core.mount;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.airwave.core.stats.ServerStats;
import org.airwave.core.stream.BufferLimits;

/**
 * All mounts of the server by path, and their lifecycle. A mount {@linkplain #mount kept} for the
 * server's life (configured, a playlist's, a fallback target) stays, so titles and counters survive
 * a source reconnecting. A mount made by an input ({@link #claim}, {@link #standBy}: a source on an
 * unconfigured path, a relay added at runtime) ends once it has had no input for the linger time:
 * while it lingers its listeners stay and a returning source carries on with the same mount; then it
 * is dropped, {@link #onEveryEnd} listeners are told (transcoder, meters), and a later input on the
 * path gets a new mount.
 *
 * <p>Threading: safe for any thread. Making, keeping and ending a mount happen atomically per path,
 * and the mount and end listeners of one path are called in that order, one at a time.
 */
public final class MountRegistry {

    private final ConcurrentMap<String, Mount> mounts = new ConcurrentHashMap<>();
    private final List<Consumer<Mount>> newMountListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Mount>> endListeners = new CopyOnWriteArrayList<>();
    private final ServerStats stats = new ServerStats();
    private final Duration linger;
    private final LingerScheduler scheduler;

    /**
     * @param linger how long a mount that is not kept lingers without input before it ends
     *     ({@code limits.mount-linger-seconds})
     * @param scheduler runs the end check once the linger time has passed
     */
    public MountRegistry(Duration linger, LingerScheduler scheduler) {
        this.linger = linger;
        this.scheduler = scheduler;
    }

    /** A registry whose mounts never end (the linger time never passes): for tests and benchmarks. */
    public MountRegistry() {
        this(Duration.ZERO, (delay, task) -> { });
    }

    /**
     * The mount at {@code path}, made if it does not exist, kept for the server's life (a configured
     * mount, a playlist's, a fallback target). The path must be valid ({@link MountPaths}).
     */
    public Mount mount(String path) {
        return mount(path, true);
    }

    /**
     * Claims the mount at {@code path} for an input (made, not kept, if there is none; see
     * {@link Mount#claim(SourceInfo, BufferLimits, InputPriority)}). A mount that ends while it is
     * being claimed is replaced, never handed out ended.
     */
    public Optional<SourceClaim> claim(String path, SourceInfo info, BufferLimits limits, InputPriority priority) {
        for (;;) {
            Mount mount = mount(path, false);
            Optional<SourceClaim> claim = mount.claim(info, limits, priority);
            if (claim.isPresent() || !mount.hasEnded()) {
                return claim;
            }
        }
    }

    /**
     * Registers {@code input} on the mount at {@code path} (made, not kept, if there is none) and
     * returns that mount, which does not end while the input stands by.
     */
    public Mount standBy(String path, InputPriority priority, StandbyInput input) {
        for (;;) {
            Mount mount = mount(path, false);
            if (mount.standBy(priority, input)) {
                return mount;
            }
        }
    }

    private Mount mount(String path, boolean keep) {
        Mount existing = mounts.get(path);
        if (existing != null && (!keep || existing.isKept())) {
            return existing;
        }
        return mounts.compute(path, (p, current) -> {
            if (current != null) {
                if (keep) {
                    current.keep();
                }
                return current;
            }
            Mount created = new Mount(p, keep, this::lingerThenEnd);
            newMountListeners.forEach(listener -> listener.accept(created));
            return created;
        });
    }

    /** A mount was left without input for the {@code idleCount}-th time: it ends after the linger time unless an input comes. */
    private void lingerThenEnd(Mount mount, long idleCount) {
        scheduler.after(linger, () -> mounts.computeIfPresent(mount.path(), (path, current) -> {
            if (current != mount || !mount.endIfStillIdle(idleCount)) {
                return current;
            }
            endListeners.forEach(listener -> listener.accept(mount));
            return null;
        }));
    }

    /**
     * Calls {@code listener} for every existing mount now and for every mount made later (on the
     * thread that makes it, while no other thread can make or end a mount at that path; it must not
     * block and must not use this registry). Used by monitoring to add per-mount meters.
     */
    public void onEveryMount(Consumer<Mount> listener) {
        newMountListeners.add(listener);
        mounts.values().forEach(listener);
    }

    /**
     * Calls {@code listener} for every mount that ends, once it refuses inputs and just before it is
     * dropped (on the scheduler's thread, under the same rule as {@link #onEveryMount}). Used to stop
     * its transcoder and remove its meters.
     */
    public void onEveryEnd(Consumer<Mount> listener) {
        endListeners.add(listener);
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
