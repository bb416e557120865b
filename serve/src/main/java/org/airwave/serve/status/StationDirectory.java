package org.airwave.serve.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.SourceClaim;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stats.RejectReason;
import org.airwave.serve.playlist.Playlists;

/**
 * The status side's view of the server: snapshots of the mounts ({@link Station}) with their
 * renditions, the server's start and clock, and the base URL of absolute links.
 *
 * <p>Threading: any; snapshots read the mounts' thread-safe state and never block.
 */
public final class StationDirectory {

    private final MountRegistry mounts;
    private final RenditionCatalog renditions;
    private final StatusSettings settings;

    public StationDirectory(MountRegistry mounts, RenditionCatalog renditions, StatusSettings settings) {
        this.mounts = mounts;
        this.renditions = renditions;
        this.settings = settings;
    }

    /** Every mount, sorted by path. */
    public List<Station> all() {
        List<Station> stations = new ArrayList<>();
        for (Mount mount : mounts.all()) {
            stations.add(snapshot(mount));
        }
        return stations;
    }

    /** The mounts with a live source, sorted by path. */
    public List<Station> live() {
        return all().stream().filter(Station::isLive).toList();
    }

    /** The mount at {@code path}, if it exists. */
    public Optional<Station> find(String path) {
        return path == null ? Optional.empty() : mounts.find(path).map(this::snapshot);
    }

    public Optional<Mount> mount(String path) {
        return path == null ? Optional.empty() : mounts.find(path);
    }

    /** Counts a refused status, admin or event stream request in the server's statistics. */
    public void rejected(RejectReason reason) {
        mounts.stats().rejected(Protocol.HTTP, reason);
    }

    public StatusSettings settings() {
        return settings;
    }

    public Clock clock() {
        return settings.clock();
    }

    public Instant now() {
        return settings.clock().instant();
    }

    /** Whole seconds from {@code since} to now, never negative. */
    public long secondsSince(Instant since) {
        return Math.max(0, Duration.between(since, now()).getSeconds());
    }

    /**
     * {@code http://host:port} for absolute URLs: the request's {@code Host} when it is a plain
     * host[:port], else the configured public host.
     */
    public String baseUrl(String hostHeader) {
        return Playlists.baseUrl(hostHeader, settings.publicHost());
    }

    private Station snapshot(Mount mount) {
        Optional<SourceClaim> claim = mount.liveSource();
        return new Station(mount, claim.map(SourceClaim::info), claim.map(c -> c.buffer().totalBytes()).orElse(0L),
                mount.metadata(), mount.listeners(), mount.listenerPeak(), mount.listenerConnects(),
                renditions.renditions(mount), renditions.renditionOf(mount));
    }
}
