package org.airwave.app.config;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.airwave.app.limits.TrustedAddresses;
import org.airwave.core.mount.MountPaths;
import org.airwave.ingest.relay.RelayTarget;
import org.airwave.transcode.Rung;

/** Checks every configured value against its allowed range; the first problem names its key. Stateless. */
public final class ConfigValidator {

    /** 320 kbit/s, the highest MP3 bitrate, in bytes per millisecond: a listener send buffer holds a write interval of it. */
    private static final int MAX_BITRATE_BYTES_PER_MILLI = 40;

    private ConfigValidator() {
    }

    public static void validate(AirwaveConfig c) throws ConfigException {
        range("server.port", c.server().port(), 1, 65534);
        notBlank("server.bind", c.server().bind());
        notBlank("server.admin-user", c.server().adminUser());
        AirwaveConfig.Limits l = c.limits();
        range("limits.max-request-line-bytes", l.maxRequestLineBytes(), 256, 1 << 20);
        range("limits.max-header-bytes", l.maxHeaderBytes(), 1024, 1 << 20);
        range("limits.max-header-count", l.maxHeaderCount(), 8, 10_000);
        range("limits.max-login-line-bytes", l.maxLoginLineBytes(), 64, 1 << 16);
        range("limits.header-timeout-seconds", l.headerTimeoutSeconds(), 1, 3600);
        range("limits.source-idle-timeout-seconds", l.sourceIdleTimeoutSeconds(), 1, 86_400);
        range("limits.max-garbage-bytes", l.maxGarbageBytes(), 4096, 1L << 30);
        range("limits.max-sources", l.maxSources(), 1, 100_000);
        range("limits.max-listeners", l.maxListeners(), 1, 10_000_000);
        range("limits.max-pending-heads-per-address", l.maxPendingHeadsPerAddress(), 1, 1_000_000);
        range("limits.max-connections-per-address", l.maxConnectionsPerAddress(), 0, 10_000_000);
        range("limits.max-connections", l.maxConnections(), 0, 10_000_000);
        try {
            TrustedAddresses.parse(trusted(l));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key 'limits.trusted-addresses': " + e.getMessage());
        }
        range("limits.auth-failures-before-block", l.authFailuresBeforeBlock(), 1, 1000);
        range("limits.auth-block-first-seconds", l.authBlockFirstSeconds(), 1, 3600);
        range("limits.auth-block-max-seconds", l.authBlockMaxSeconds(), l.authBlockFirstSeconds(), 86_400);
        range("limits.auth-tracked-addresses", l.authTrackedAddresses(), 16, 10_000_000);
        range("limits.mount-linger-seconds", l.mountLingerSeconds(), 0, 3600);
        AirwaveConfig.Buffer b = c.buffer();
        range("buffer.window-seconds", b.windowSeconds(), 1, 3600);
        range("buffer.max-bytes", b.maxBytes(), 65_536, 1L << 32);
        range("buffer.burst-seconds", b.burstSeconds(), 0, b.windowSeconds());
        range("buffer.chunk-millis", b.chunkMillis(), 10, 2000);
        range("buffer.max-chunk-bytes", b.maxChunkBytes(), 1024, 1 << 24);
        range("buffer.max-chunks", b.maxChunks(), 16, 1 << 20);
        AirwaveConfig.Listeners li = c.listeners();
        range("listeners.icy-metaint", li.icyMetaint(), 256, 1 << 20);
        try {
            Charset.forName(li.icyCharset());
        } catch (RuntimeException e) {
            throw new ConfigException("config key 'listeners.icy-charset': unknown charset '" + li.icyCharset() + "'");
        }
        if (!li.lagPolicy().equalsIgnoreCase("skip") && !li.lagPolicy().equalsIgnoreCase("drop")) {
            throw new ConfigException("config key 'listeners.lag-policy' must be skip or drop (was '"
                    + li.lagPolicy() + "')");
        }
        range("listeners.write-buffer-low-bytes", li.writeBufferLowBytes(), 1024, 1 << 26);
        range("listeners.write-buffer-high-bytes", li.writeBufferHighBytes(), li.writeBufferLowBytes(), 1 << 26);
        range("listeners.write-interval-millis", li.writeIntervalMillis(), 10, 2000);
        // The kernel doubles SO_SNDBUF; the doubled size must hold one write interval of the top bitrate.
        long oneInterval = (long) li.writeIntervalMillis() * MAX_BITRATE_BYTES_PER_MILLI / 2;
        if (li.sendBufferBytes() != 0 && (li.sendBufferBytes() < oneInterval || li.sendBufferBytes() > 1 << 24)) {
            throw new ConfigException("config key 'listeners.send-buffer-bytes' must be 0 (kernel autotuning) or"
                    + " between " + oneInterval + " (doubled by the kernel: one listeners.write-interval-millis of 320 kbit/s audio) and "
                    + (1 << 24) + " (was " + li.sendBufferBytes() + ")");
        }
        mount("shoutcast.mount", c.shoutcast().mount());
        if (c.shoutcast().sids() != null) {
            for (Map.Entry<Integer, String> sid : c.shoutcast().sids().entrySet()) {
                mount("shoutcast.sids." + sid.getKey(), sid.getValue());
            }
        }
        range("monitoring.port", c.monitoring().port(), 0, 65535);
        if (c.monitoring().hasOwnPort() && (c.monitoring().port() == c.server().port()
                || c.monitoring().port() == c.server().port() + 1)) {
            throw new ConfigException("config key 'monitoring.port': " + c.monitoring().port()
                    + " is taken by server.port or server.port + 1");
        }
        ladder("transcode.ladder", c.transcode().ladder());
        range("transcode.max-queued-source-bytes", c.transcode().maxQueuedSourceBytes(), 16_384, 1 << 26);
        range("transcode.lame-quality", c.transcode().lameQuality(), 0, 9);
        range("transcode.switch-fade-millis", c.transcode().switchFadeMillis(), 0, 5000);
        List<Integer> playlistBitrates = Rung.bitratesAt(Rung.DEFAULT_SAMPLE_RATE);
        if (!playlistBitrates.contains(c.transcode().playlistBitrate())) {
            throw new ConfigException("config key 'transcode.playlist-bitrate' must be one of "
                    + playlistBitrates + " (was " + c.transcode().playlistBitrate() + ")");
        }
        mount("demo.mount", c.demo().mount());
        Set<String> playlistMounts = new HashSet<>();
        for (int i = 0; i < c.playlists().size(); i++) {
            AirwaveConfig.PlaylistSettings p = c.playlists().get(i);
            mount("playlists[" + i + "].mount", p.mount());
            notBlank("playlists[" + i + "].path", p.path());
            if (!playlistMounts.add(p.mount())) {
                throw new ConfigException("config key 'playlists[" + i + "].mount': mount " + p.mount()
                        + " has two playlists");
            }
        }
        relays(c);
        mirror(c.mirror());
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < c.mounts().size(); i++) {
            AirwaveConfig.MountSettings m = c.mounts().get(i);
            mount("mounts[" + i + "].path", m.path());
            if (m.ladder() != null) {
                ladder("mounts[" + i + "].ladder", m.ladder());
            }
            if (!paths.add(m.path())) {
                throw new ConfigException("config key 'mounts[" + i + "].path': mount " + m.path() + " configured twice");
            }
            if (m.fallbackMount() != null) {
                mount("mounts[" + i + "].fallback-mount", m.fallbackMount());
            }
        }
        fallbackCycles(c.mounts());
    }

    /** A chain of fallback mounts must end: {@code /a -> /b -> /a} would only ever play itself. */
    private static void fallbackCycles(List<AirwaveConfig.MountSettings> mounts) throws ConfigException {
        Map<String, String> next = new HashMap<>();
        for (AirwaveConfig.MountSettings m : mounts) {
            if (m.fallbackMount() != null) {
                next.put(m.path(), m.fallbackMount());
            }
        }
        for (String start : next.keySet()) {
            List<String> chain = new ArrayList<>(List.of(start));
            for (String at = next.get(start); at != null; at = next.get(at)) {
                chain.add(at);
                if (at.equals(start)) {
                    throw new ConfigException("config key 'mounts[].fallback-mount': fallback mounts form a loop: "
                            + String.join(" -> ", chain));
                }
                if (chain.size() > next.size() + 1) {
                    break;
                }
            }
        }
    }

    private static void mirror(AirwaveConfig.Mirror m) throws ConfigException {
        range("mirror.poll-seconds", m.pollSeconds(), 1, 3600);
        if (m.isEdge()) {
            try {
                RelayTarget.parse(m.origin());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("config key 'mirror.origin': " + e.getMessage());
            }
        }
    }

    private static void relays(AirwaveConfig c) throws ConfigException {
        AirwaveConfig.Relay r = c.relay();
        range("relay.max-redirects", r.maxRedirects(), 0, 20);
        range("relay.connect-timeout-seconds", r.connectTimeoutSeconds(), 1, 300);
        range("relay.read-timeout-seconds", r.readTimeoutSeconds(), 1, 3600);
        range("relay.backoff-initial-millis", r.backoffInitialMillis(), 10, 600_000);
        range("relay.backoff-max-seconds", r.backoffMaxSeconds(), Math.max(1, r.backoffInitialMillis() / 1000.0), 86_400);
        range("relay.preferred-check-seconds", r.preferredCheckSeconds(), 0, 86_400);
        range("relay.min-rate-fraction", r.minRateFraction(), 0, 1);
        range("relay.min-rate-seconds", r.minRateSeconds(), 1, 3600);
        range("relay.no-input-grace-seconds", r.noInputGraceSeconds(), 0, 3600);
        Set<String> relayMounts = new HashSet<>();
        for (int i = 0; i < c.relays().size(); i++) {
            AirwaveConfig.RelaySource relay = c.relays().get(i);
            String key = "relays[" + i + "]";
            mount(key + ".mount", relay.mount());
            if (relay.urls() == null || relay.urls().isEmpty()) {
                throw new ConfigException("config key '" + key + ".urls' must name at least one upstream URL");
            }
            for (int u = 0; u < relay.urls().size(); u++) {
                try {
                    RelayTarget.parse(relay.urls().get(u));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("config key '" + key + ".urls[" + u + "]': " + e.getMessage());
                }
            }
            if (!relayMounts.add(relay.mount())) {
                throw new ConfigException("config key '" + key + ".mount': mount " + relay.mount()
                        + " has two relays (list several urls instead)");
            }
        }
    }

    /** Each rung is built as the transcoder will build it, so what it refuses is refused here, under the key. */
    private static void ladder(String key, List<RungSettings> rungs) throws ConfigException {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rungs.size(); i++) {
            RungSettings rung = rungs.get(i);
            String at = key + "[" + i + "]";
            try {
                rung.rung();
            } catch (IllegalArgumentException e) {
                throw new ConfigException("config key '" + at + "': " + e.getMessage());
            }
            if (!names.add(rung.name())) {
                throw new ConfigException("config key '" + at + "': rung " + rung.name() + " appears twice");
            }
        }
    }

    private static void mount(String key, String path) throws ConfigException {
        String problem = MountPaths.problem(path);
        if (problem == null) {
            problem = MountPaths.reservation(path);
        }
        if (problem != null) {
            throw new ConfigException("config key '" + key + "': " + problem + " (was '" + path + "')");
        }
    }

    /** {@code limits.trusted-addresses}, empty when the key is set to nothing. */
    static String trusted(AirwaveConfig.Limits limits) {
        return limits.trustedAddresses() == null ? "" : limits.trustedAddresses();
    }

    private static void notBlank(String key, String value) throws ConfigException {
        if (value == null || value.isBlank()) {
            throw new ConfigException("config key '" + key + "' must not be empty");
        }
    }

    private static void range(String key, double value, double min, double max) throws ConfigException {
        if (value < min || value > max) {
            throw new ConfigException("config key '" + key + "' must be between " + fmt(min) + " and " + fmt(max)
                    + " (was " + fmt(value) + ")");
        }
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
