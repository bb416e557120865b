package org.airwave.app;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.airwave.app.config.AirwaveConfig;
import org.airwave.app.config.ConfigException;
import org.airwave.app.config.ConfigLoader;
import org.airwave.app.config.PlaylistPlan;
import org.airwave.app.net.AirwaveServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code airwave} command: reads the configuration (bundled defaults, {@code --config FILE},
 * then the options below), fills in random passwords when none are configured (printed once),
 * starts the server and stops it cleanly on SIGINT/SIGTERM. Bad configuration or options, or a port
 * that cannot be bound: one message naming the key, exit code 2.
 */
@Command(name = "airwave", mixinStandardHelpOptions = true, version = "Airwave 0.1.0",
        description = "Live audio relay and transcoder: Icecast/SHOUTcast sources in, MP3 with ICY titles out.")
public final class Main implements Callable<Integer> {

    /** Exit code for bad configuration or command line. */
    public static final int EXIT_CONFIG = 2;
    private static final int GENERATED_PASSWORD_BYTES = 12;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
    private Path configFile;

    @Option(names = "--port", paramLabel = "N",
            description = "Port for listeners and Icecast sources; SHOUTcast v1 sources use N+1 (server.port).")
    private String port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (server.bind).")
    private String bind;

    @Option(names = "--source-password", paramLabel = "P", description = "Source password of every mount (server.source-password).")
    private String sourcePassword;

    @Option(names = "--admin-password", paramLabel = "P", description = "Admin password (server.admin-password).")
    private String adminPassword;

    @Option(names = "--playlist", paramLabel = "/MOUNT=PATH",
            description = "Play MP3 files (folder, .m3u, .pls or a file) on a mount; repeatable (playlists).")
    private List<String> playlists = new ArrayList<>();

    @Option(names = "--relay", paramLabel = "/MOUNT=URL",
            description = "Pull a stream from an Icecast/SHOUTcast server into a mount; repeatable, a second URL "
                    + "for the same mount is its fallback (relays).")
    private List<String> relays = new ArrayList<>();

    @Option(names = "--mirror", paramLabel = "URL",
            description = "Be an edge of the origin server at URL (e.g. http://origin:8000): relay every stream it "
                    + "lists, as it is (mirror.origin).")
    private String mirror;

    @Option(names = "--ladder", paramLabel = "RUNGS",
            description = "Default MP3 ladder, e.g. 320,192,128,64 or 32:22050:1 for a mono 22.05 kHz rung; "
                    + "empty for none (transcode.ladder).")
    private String ladder;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any config value, e.g. --set limits.max-sources=8.")
    private Map<String, String> settings = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command; returns its exit code (blocks while the server runs). */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler((ex, arguments) -> {
            System.err.println("airwave: " + ex.getMessage());
            System.err.println("Try 'airwave --help'.");
            return EXIT_CONFIG;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        AirwaveConfig config;
        AirwaveServer server;
        try {
            config = withGeneratedPasswords(ConfigLoader.load(configFile, overrides(), commandLinePlaylists(),
                    commandLineRelays()));
            server = new AirwaveServer(config, PlaylistPlan.of(config)).start();
        } catch (ConfigException e) {
            System.err.println("airwave: " + e.getMessage());
            return EXIT_CONFIG;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "airwave-shutdown"));
        stopped.await();
        return 0;
    }

    private List<AirwaveConfig.PlaylistSettings> commandLinePlaylists() throws ConfigException {
        List<AirwaveConfig.PlaylistSettings> parsed = new ArrayList<>();
        for (String value : playlists) {
            String[] mountAndPath = mountOption("--playlist", "/MOUNT=PATH", value);
            parsed.add(new AirwaveConfig.PlaylistSettings(mountAndPath[0], mountAndPath[1], false));
        }
        return parsed;
    }

    private List<AirwaveConfig.RelaySource> commandLineRelays() throws ConfigException {
        List<AirwaveConfig.RelaySource> parsed = new ArrayList<>();
        for (String value : relays) {
            String[] mountAndUrl = mountOption("--relay", "/MOUNT=URL", value);
            parsed.add(new AirwaveConfig.RelaySource(mountAndUrl[0], List.of(mountAndUrl[1]), false));
        }
        return parsed;
    }

    /** Splits an option value of the form {@code /MOUNT=VALUE} at the first '='. */
    private static String[] mountOption(String option, String form, String value) throws ConfigException {
        int equals = value.indexOf('=');
        if (equals <= 0 || equals == value.length() - 1) {
            throw new ConfigException("option " + option + " takes " + form + " (was '" + value + "')");
        }
        return new String[] {value.substring(0, equals), value.substring(equals + 1)};
    }

    private Map<String, String> overrides() {
        Map<String, String> all = new LinkedHashMap<>(settings);
        putIfSet(all, "server.port", port);
        putIfSet(all, "server.bind", bind);
        putIfSet(all, "server.source-password", sourcePassword);
        putIfSet(all, "server.admin-password", adminPassword);
        putIfSet(all, ConfigLoader.LADDER_KEY, ladder);
        putIfSet(all, "mirror.origin", mirror);
        return all;
    }

    private static void putIfSet(Map<String, String> all, String key, String value) {
        if (value != null) {
            all.put(key, value);
        }
    }

    /** No server runs with a guessable default password: missing ones are generated and printed once. */
    private static AirwaveConfig withGeneratedPasswords(AirwaveConfig config) {
        String source = config.server().sourcePassword();
        String admin = config.server().adminPassword();
        if (source.isEmpty()) {
            source = randomPassword();
            System.out.println("Generated source password (server.source-password): " + source);
        }
        if (admin.isEmpty()) {
            admin = randomPassword();
            System.out.println("Generated admin password for user '" + config.server().adminUser()
                    + "' (server.admin-password): " + admin);
        }
        return config.withPasswords(source, admin);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[GENERATED_PASSWORD_BYTES];
        new SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
