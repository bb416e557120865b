package org.airwave.bench;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@link SoakLoad}, parsed once on the main thread and immutable after.
 *
 * <p>Every run is bounded by {@code minutes} (at most {@value #MAX_MINUTES}).
 */
record SoakOptions(InetAddress address, int port, String mount, List<Stream> streams, int minutes, int listeners,
                   int minListenSeconds, int maxListenSeconds, long serverPid, String sourcePassword, Path mp3,
                   int mp3Kbps, Path logDir, int skipMinutes, int clockTicks) {

    /** Longest soak accepted, so a typo cannot run for days. */
    private static final int MAX_MINUTES = 24 * 60;

    /** A path listeners ask for, its bitrate and whether it is the source's own stream (it ends when the source leaves). */
    record Stream(String path, int kbps, boolean passthrough) {
    }

    static final String USAGE = """
            usage: java -cp airwave-bench.jar org.airwave.bench.SoakLoad --url http://127.0.0.1:8000/soak
                     --streams /soak=128,/soak/64=64,/soak/source=128 --server-pid PID --source-password PW
                     --mp3 FILE [options]
              --url URL             the configured, transcoding mount (loopback hosts only)
              --streams LIST        paths listeners ask for, each =KBPS; a path ending in /source is the
                                    passthrough, which ends while the program source is away
              --server-pid PID      the server process sampled every minute (/proc, jcmd)
              --source-password PW  password of every source and title update
              --mp3 FILE            CBR MP3 (frames only, no tags) the program source and the short-lived
                                    sources stream at real time
              --mp3-kbps KBPS       its bitrate (default 128)
              --minutes N           length of the run (default 60)
              --listeners N         listeners kept connected (default 5000)
              --listen-seconds A-B  how long each listener stays, uniform (default 10-120)
              --skip-minutes N      rows left out of the slopes (default 5)
              --log-dir DIR         where the program source's ffmpeg logs go (default .)
              --clock-ticks N       the kernel's clock ticks per second, getconf CLK_TCK (default 100)""";

    static SoakOptions parse(String[] args) {
        String url = null, password = null, streams = null, listen = "10-120";
        Path mp3 = null, logDir = Path.of(".");
        long pid = 0;
        int minutes = 60, listeners = 5000, skip = 5, ticks = 100, mp3Kbps = 128;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--url" -> url = LoadOptions.value(args, ++i, a);
                case "--streams" -> streams = LoadOptions.value(args, ++i, a);
                case "--server-pid" -> pid = LoadOptions.positive(LoadOptions.value(args, ++i, a), a);
                case "--source-password" -> password = LoadOptions.value(args, ++i, a);
                case "--mp3" -> mp3 = Path.of(LoadOptions.value(args, ++i, a));
                case "--mp3-kbps" -> mp3Kbps = LoadOptions.positive(LoadOptions.value(args, ++i, a), a);
                case "--minutes" -> minutes = LoadOptions.positive(LoadOptions.value(args, ++i, a), a);
                case "--listeners" -> listeners = LoadOptions.positive(LoadOptions.value(args, ++i, a), a);
                case "--listen-seconds" -> listen = LoadOptions.value(args, ++i, a);
                case "--skip-minutes" -> skip = Integer.parseInt(LoadOptions.value(args, ++i, a));
                case "--log-dir" -> logDir = Path.of(LoadOptions.value(args, ++i, a));
                case "--clock-ticks" -> ticks = LoadOptions.positive(LoadOptions.value(args, ++i, a), a);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (url == null || streams == null || pid == 0 || password == null || mp3 == null) {
            throw new IllegalArgumentException("--url, --streams, --server-pid, --source-password and --mp3 are required");
        }
        if (minutes > MAX_MINUTES) throw new IllegalArgumentException("--minutes must be <= " + MAX_MINUTES);
        if (!Files.isReadable(mp3)) throw new IllegalArgumentException("cannot read " + mp3);
        String[] range = listen.split("-", 2);
        int min = LoadOptions.positive(range[0], "--listen-seconds");
        int max = range.length == 2 ? LoadOptions.positive(range[1], "--listen-seconds") : min;
        if (max < min) throw new IllegalArgumentException("--listen-seconds must be A-B with A <= B");
        URI uri = LoadOptions.httpUrl(url);
        if (uri.getRawPath() == null || uri.getRawPath().length() < 2) {
            throw new IllegalArgumentException("--url must name the mount: http://host:port/mount");
        }
        return new SoakOptions(LoadOptions.loopbackHost(uri), uri.getPort() > 0 ? uri.getPort() : 80, uri.getRawPath(), parseStreams(streams),
                minutes, listeners, min, max, pid, password, mp3, mp3Kbps, logDir, skip, ticks);
    }

    private static List<Stream> parseStreams(String list) {
        List<Stream> streams = new ArrayList<>();
        for (String item : list.split(",")) {
            String[] parts = item.trim().split("=", 2);
            if (parts.length != 2 || !parts[0].startsWith("/")) {
                throw new IllegalArgumentException("--streams wants /path=KBPS, got " + item);
            }
            streams.add(new Stream(parts[0], LoadOptions.positive(parts[1], "--streams"), parts[0].endsWith("/source")));
        }
        return List.copyOf(streams);
    }

    /** Host header value for requests to the server. */
    String host() {
        return address.getHostAddress() + ":" + port;
    }

    /** Audio bytes per second of the test MP3. */
    int mp3BytesPerSecond() {
        return mp3Kbps * 1000 / 8;
    }
}
