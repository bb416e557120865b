package org.airwave.app.mirror;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.airwave.app.net.DaemonThreads;
import org.airwave.ingest.relay.RelayTarget;
import org.airwave.ingest.relay.Relays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this server an edge of an origin: every {@code mirror.poll-seconds} it reads the origin's
 * {@code /status-json.xsl} and keeps one relay per listed stream, into the mount of the same path
 * ({@code /live}, {@code /live/128}, {@code /live/source}...): streams that appear get a relay at
 * once, streams missing from {@link #MISSES_BEFORE_DROP} lists in a row lose theirs (their
 * listeners get the end of the stream). Mirrored mounts are never transcoded here
 * ({@link #isMirrored}): the origin's renditions are relayed as they are. While the origin cannot
 * be read, the relays already running carry on (they reconnect on their own).
 *
 * <p>Threading: polls run on a thread of its own (the HTTP read blocks it, never an event loop);
 * {@link #isMirrored} may be called from any thread.
 */
public final class OriginMirror implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OriginMirror.class);
    /** Consecutive listings a stream must be missing from before its relay stops. */
    static final int MISSES_BEFORE_DROP = 2;
    /** The origin's status document. */
    static final String STATUS_PATH = "/status-json.xsl";

    private final URI origin;
    private final Duration pollInterval;
    private final Relays relays;
    private final Predicate<String> ownMount;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final Set<String> mirrored = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> misses = new HashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("airwave-mirror"));
    private boolean unreachable;

    /**
     * @param origin the origin's base URL ({@code http://host:port}); a path in it is ignored
     * @param requestTimeout limit on connecting to the origin and on reading its list
     * @param ownMount mounts this server feeds itself (configured relays, playlists): never mirrored
     */
    public OriginMirror(String origin, Duration pollInterval, Duration requestTimeout, Relays relays,
                        Predicate<String> ownMount) {
        RelayTarget parsed = RelayTarget.parse(origin);
        this.origin = URI.create("http://" + parsed.hostHeader());
        this.pollInterval = pollInterval;
        this.relays = relays;
        this.ownMount = ownMount;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    /** Starts polling now, then every poll interval. */
    public void start() {
        LOG.info("edge of {}: relaying every stream it lists (checked every {} s)", origin, pollInterval.toSeconds());
        poller.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether {@code mountPath} is one of the origin's streams relayed here (so not to be transcoded). */
    public boolean isMirrored(String mountPath) {
        return mirrored.contains(mountPath);
    }

    private void poll() {
        Set<String> listed;
        try {
            listed = read();
        } catch (IOException | IllegalArgumentException e) {
            if (!unreachable) {
                LOG.warn("edge of {}: cannot read its stream list ({}); the relays carry on", origin, e.getMessage());
                unreachable = true;
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (unreachable) {
            LOG.info("edge of {}: stream list readable again", origin);
            unreachable = false;
        }
        reconcile(listed);
    }

    private Set<String> read() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(origin.resolve(STATUS_PATH))
                .timeout(requestTimeout)
                .header("User-Agent", "Airwave edge")
                .GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(STATUS_PATH + " answered " + response.statusCode());
        }
        return OriginListing.streamPaths(response.body());
    }

    private void reconcile(Set<String> listed) {
        for (String path : listed) {
            misses.remove(path);
            if (!mirrored.contains(path) && !ownMount.test(path)) {
                mirrored.add(path);
                relays.add(path, List.of(RelayTarget.parse(origin.resolve(path).toString())), false);
                LOG.info("edge of {}: relaying {}", origin, path);
            }
        }
        for (String path : Set.copyOf(mirrored)) {
            if (!listed.contains(path) && misses.merge(path, 1, Integer::sum) >= MISSES_BEFORE_DROP) {
                misses.remove(path);
                relays.remove(path);
                mirrored.remove(path);
                LOG.info("edge of {}: {} is gone from the origin, relay stopped", origin, path);
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
