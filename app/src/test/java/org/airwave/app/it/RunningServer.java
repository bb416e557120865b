package org.airwave.app.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.airwave.app.config.AirwaveConfig;
import org.airwave.app.config.ConfigException;
import org.airwave.app.config.ConfigLoader;
import org.airwave.app.config.PlaylistPlan;
import org.airwave.app.net.AirwaveServer;
import org.airwave.core.mount.Mount;

/**
 * A real Airwave server on loopback for a test: free port pair (N for Icecast and listeners, N+1
 * for SHOUTcast), the passwords the recorded handshakes use (source {@code hackme}, admin
 * {@code admin}/{@code adminpw}); no demo station and no transcoding unless asked for. Closed by the test (try-with-resources or @AfterEach).
 */
public final class RunningServer implements AutoCloseable {

    public static final String SOURCE_PASSWORD = "hackme";
    public static final String ADMIN_PASSWORD = "adminpw";

    private final AirwaveServer server;

    private RunningServer(AirwaveServer server) {
        this.server = server;
    }

    /** Starts a server with the given extra config overrides ({@code --set} style keys). */
    public static RunningServer start(Map<String, String> overrides) throws ConfigException, InterruptedException {
        return start(null, overrides);
    }

    /**
     * Starts a server with a YAML config file (for what overrides cannot express, such as
     * {@code mounts}) and overrides on top.
     */
    public static RunningServer start(java.nio.file.Path configFile, Map<String, String> overrides)
            throws ConfigException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.bind", "127.0.0.1");
        all.put("server.port", Integer.toString(freePortPair()));
        all.put("server.source-password", SOURCE_PASSWORD);
        all.put("server.admin-password", ADMIN_PASSWORD);
        all.put("demo.enabled", "false");
        all.put("transcode.ladder", "");
        all.putAll(overrides);
        AirwaveConfig config = ConfigLoader.load(configFile, all);
        return new RunningServer(new AirwaveServer(config, PlaylistPlan.of(config)).start());
    }

    public static RunningServer start() throws ConfigException, InterruptedException {
        return start(Map.of());
    }

    public int port() {
        return server.port();
    }

    public int shoutcastPort() {
        return server.port() + 1;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The mount at {@code path}, made if needed and kept for the server's life. */
    public Mount mount(String path) {
        return server.mounts().mount(path);
    }

    /** The mount at {@code path} if there is one now (looking does not keep it). */
    public java.util.Optional<Mount> find(String path) {
        return server.mounts().find(path);
    }

    /** The paths of every mount there is now. */
    public java.util.List<String> mountPaths() {
        return server.mounts().all().stream().map(Mount::path).toList();
    }

    /** The server-wide counters (rejections and the like). */
    public org.airwave.core.stats.ServerStats stats() {
        return server.mounts().stats();
    }

    public boolean isLive(String path) {
        return server.mounts().find(path).flatMap(Mount::liveSource).isPresent();
    }

    /** The server's relay pulls (add and remove relays at runtime). */
    public org.airwave.ingest.relay.Relays relays() {
        return server.relays();
    }

    public String title(String path) {
        return server.mounts().find(path).map(m -> m.metadata().title()).orElse(null);
    }

    @Override
    public void close() {
        server.close();
    }

    /** A port N such that N and N+1 are both free on loopback now. */
    public static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket()) {
                first.setReuseAddress(true);
                first.bind(new InetSocketAddress("127.0.0.1", 0));
                int port = first.getLocalPort();
                if (port >= 65534) {
                    continue;
                }
                try (ServerSocket second = new ServerSocket()) {
                    second.setReuseAddress(true);
                    second.bind(new InetSocketAddress("127.0.0.1", port + 1));
                    return port;
                } catch (IOException busy) {
                    // try another pair
                }
            } catch (IOException e) {
                throw new IllegalStateException("no free port on loopback", e);
            }
        }
        throw new IllegalStateException("no free port pair on loopback after 50 attempts");
    }
}
