package org.airwave.serve.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.SourceClaim;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stream.BufferLimits;
import org.airwave.serve.status.MountRenditions;
import org.airwave.serve.status.StationDirectory;
import org.airwave.serve.status.StatusSettings;

/**
 * The situations of the icecast2 status captures, rebuilt on real mounts: the same station
 * headers (as Airwave's ingest normalizes them), start times, titles and listener counts, and a
 * clock stopped at the moment of the capture. Sources and listeners are registered directly on the
 * mounts; no network is involved.
 */
public final class CaptureStations {

    public static final String BASE_URL = "http://127.0.0.1:8000";
    public static final Instant SERVER_START = Instant.parse("2026-11-23T18:47:28Z");
    /** When status-json-two-sources, admin-stats, admin-listmounts were captured. */
    public static final Instant CAPTURED = Instant.parse("2026-11-23T18:48:39Z");
    private static final BufferLimits LIMITS = new BufferLimits(10_000_000, 1 << 20, 1_000_000, 64);

    private final MountRegistry mounts = new MountRegistry();
    private long nextListenerId = 1;

    public MountRegistry mounts() {
        return mounts;
    }

    /** The directory as seen at {@code now}, with SHOUTcast sid 1 on {@code /live}. */
    public StationDirectory directory(Instant now) {
        return new StationDirectory(mounts, new MountRenditions(mounts), new StatusSettings(
                Clock.fixed(now, ZoneOffset.UTC), SERVER_START, "127.0.0.1:8000", 19000, Map.of(1, "/live")));
    }

    public StationDirectory directory() {
        return directory(CAPTURED);
    }

    /** /live as the capture script's PUT described it (Ice-* headers, audio info), connected 18:48:14. */
    public SourceClaim putSource() {
        return live("/live", new SourceInfo(Protocol.ICECAST, "audio/mpeg", "Capture Test", "handshake capture", "Test",
                "http://example.invalid/", false, "128", "bitrate=128;samplerate=44100;channels=2",
                "capture-script/1.0", "/127.0.0.1:51000", Instant.parse("2026-11-23T18:48:14Z")));
    }

    /** /live2.ogg as the capture script's legacy SOURCE described it, connected 18:48:34. */
    public SourceClaim oggSource() {
        return live("/live2.ogg", new SourceInfo(Protocol.ICECAST, "application/ogg", "Capture Test 2",
                "legacy SOURCE method", "", "", false, "", "", "capture-script/1.0", "/127.0.0.1:51002",
                Instant.parse("2026-11-23T18:48:34Z")));
    }

    /** /live as the SHOUTcast v1 source on port+1 described it (icy-* headers), connected 18:48:07. */
    public SourceClaim shoutcastSource() {
        return live("/live", new SourceInfo(Protocol.SHOUTCAST, "audio/mpeg", "Capture ICY", "", "Test",
                "http://example.invalid/", false, "128", "", "", "/127.0.0.1:51001",
                Instant.parse("2026-11-23T18:48:07Z")));
    }

    public SourceClaim live(String path, SourceInfo info) {
        return mounts.mount(path).claim(info, LIMITS).orElseThrow();
    }

    /** Brings {@code path} to {@code listeners} listeners after a peak of {@code peak}. */
    public void listeners(String path, int listeners, int peak) {
        Mount mount = mounts.mount(path);
        List<FakeListener> joined = new ArrayList<>();
        for (int i = 0; i < peak; i++) {
            joined.add(FakeListener.join(nextListenerId++, mount, Instant.parse("2026-11-23T18:48:30Z")));
        }
        for (int i = listeners; i < peak; i++) {
            joined.get(i).leave();
        }
    }

    public void title(String path, String title) {
        mounts.mount(path).updateMetadata(title, "");
    }
}
