package org.airwave.app.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, as bound from YAML (kebab-case keys; defaults in
 * {@code airwave-defaults.yaml}). Immutable; validated by {@link ConfigValidator}.
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record AirwaveConfig(Server server, Limits limits, Buffer buffer, Listeners listeners, Shoutcast shoutcast,
                            Transcode transcode, Monitoring monitoring, List<PlaylistSettings> playlists, Demo demo,
                            List<MountSettings> mounts, Relay relay, List<RelaySource> relays, Mirror mirror) {

    /** {@code server.*}: addresses and credentials. */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record Server(String bind, int port, String publicHost, String sourcePassword, String adminUser,
                         String adminPassword) {
    }

    /** {@code limits.*}: every bound on input, named. */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record Limits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount, int maxLoginLineBytes,
                         int headerTimeoutSeconds, int sourceIdleTimeoutSeconds, long maxGarbageBytes,
                         int maxSources, int maxListeners, int maxPendingHeadsPerAddress,
                         int maxConnectionsPerAddress, int maxConnections, String trustedAddresses,
                         int authFailuresBeforeBlock, int authBlockFirstSeconds, int authBlockMaxSeconds,
                         int authTrackedAddresses, int mountLingerSeconds) {
    }

    /** {@code buffer.*}: each stream's broadcast buffer. */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record Buffer(double windowSeconds, long maxBytes, double burstSeconds, int chunkMillis,
                         int maxChunkBytes, int maxChunks) {
    }

    /** {@code listeners.*}: how listeners are served. */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record Listeners(int icyMetaint, String icyCharset, String lagPolicy, int writeBufferLowBytes,
                            int writeBufferHighBytes, int writeIntervalMillis, int sendBufferBytes) {
    }

    /** {@code shoutcast.*}: SHOUTcast v1 sources on port+1. */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record Shoutcast(String mount, Map<Integer, String> sids) {
    }

    /** {@code transcode.*}: the default ladder and the transcoder's bounds. */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record Transcode(List<RungSettings> ladder, String defaultRendition, boolean passthrough,
                            int maxQueuedSourceBytes, int lameQuality, int playlistBitrate,
                            int switchFadeMillis) {
    }

    /** {@code monitoring.*}: the /metrics endpoint. */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record Monitoring(int port, String bind, boolean metricsAuth) {

        /** Whether /metrics and /health have a port of their own. */
        public boolean hasOwnPort() {
            return port > 0;
        }
    }

    /** One entry of {@code playlists}: files played into a mount ({@code shuffle} optional, default off). */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record PlaylistSettings(String mount, String path, Boolean shuffle) {

        public boolean shuffled() {
            return Boolean.TRUE.equals(shuffle);
        }
    }

    /** {@code relay.*}: the limits every relay pull works within. */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record Relay(int maxRedirects, int connectTimeoutSeconds, int readTimeoutSeconds, int backoffInitialMillis,
                        int backoffMaxSeconds, int preferredCheckSeconds, double minRateFraction,
                        int minRateSeconds, int noInputGraceSeconds) {
    }

    /**
     * One entry of {@code relays}: upstream stream URLs pulled into a mount, in priority order
     * ({@code on-demand} optional, default off: connect only while the mount has listeners).
     */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record RelaySource(String mount, List<String> urls, Boolean onDemand) {

        public boolean isOnDemand() {
            return Boolean.TRUE.equals(onDemand);
        }
    }

    /**
     * {@code mirror.*}: an edge of an origin server ({@code --mirror URL}): every stream the origin
     * lists is relayed as it is into the mount of the same path.
     */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record Mirror(String origin, int pollSeconds) {

        /** Whether this server is an edge. */
        public boolean isEdge() {
            return !origin.isBlank();
        }
    }

    /** {@code demo.*}: the bundled demo station. */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record Demo(boolean enabled, String mount) {
    }

    /**
     * One entry of {@code mounts}: a mount with its own source credentials, ladder, and the mount
     * it plays while it has no input of its own ({@code fallback-mount}, optional).
     */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record MountSettings(String path, String sourceUser, String sourcePassword, List<RungSettings> ladder,
                                String defaultRendition, Boolean passthrough, String fallbackMount) {
    }

    /** This configuration with the given passwords (used to fill in generated ones). */
    public AirwaveConfig withPasswords(String sourcePassword, String adminPassword) {
        Server s = new Server(server.bind(), server.port(), server.publicHost(), sourcePassword, server.adminUser(),
                adminPassword);
        return new AirwaveConfig(s, limits, buffer, listeners, shoutcast, transcode, monitoring, playlists, demo,
                mounts, relay, relays, mirror);
    }

    /** This configuration with more playlists (from the command line). */
    public AirwaveConfig withPlaylists(List<PlaylistSettings> more) {
        List<PlaylistSettings> all = new java.util.ArrayList<>(playlists);
        all.addAll(more);
        return new AirwaveConfig(server, limits, buffer, listeners, shoutcast, transcode, monitoring,
                List.copyOf(all), demo, mounts, relay, relays, mirror);
    }

    /**
     * This configuration with more relay URLs (from the command line): URLs for a mount that already
     * has a relay are added after its own.
     */
    public AirwaveConfig withRelays(List<RelaySource> more) {
        Map<String, RelaySource> byMount = new java.util.LinkedHashMap<>();
        for (RelaySource source : relays) {
            byMount.put(source.mount(), source);
        }
        for (RelaySource source : more) {
            byMount.merge(source.mount(), source, (first, next) -> {
                List<String> urls = new java.util.ArrayList<>(first.urls());
                urls.addAll(next.urls());
                return new RelaySource(first.mount(), List.copyOf(urls), first.onDemand());
            });
        }
        return new AirwaveConfig(server, limits, buffer, listeners, shoutcast, transcode, monitoring, playlists, demo,
                mounts, relay, List.copyOf(byMount.values()), mirror);
    }

    /** The ladder of a mount: its own, else the default. */
    public List<RungSettings> ladderOf(String mountPath) {
        return mountSettings(mountPath).map(MountSettings::ladder).filter(java.util.Objects::nonNull)
                .orElse(transcode.ladder());
    }

    /** The rendition served at a mount's URL ("" for the top rung). */
    public String defaultRenditionOf(String mountPath) {
        return mountSettings(mountPath).map(MountSettings::defaultRendition).filter(java.util.Objects::nonNull)
                .orElse(transcode.defaultRendition());
    }

    /** Whether a mount also serves the source's own stream. */
    public boolean passthroughOf(String mountPath) {
        return mountSettings(mountPath).map(MountSettings::passthrough).filter(java.util.Objects::nonNull)
                .orElse(transcode.passthrough());
    }

    private java.util.Optional<MountSettings> mountSettings(String mountPath) {
        return mounts.stream().filter(m -> m.path().equals(mountPath)).findFirst();
    }

    /** Whether the demo station plays: enabled and no playlist configured. */
    public boolean playsDemo() {
        return demo.enabled() && playlists.isEmpty();
    }
}
