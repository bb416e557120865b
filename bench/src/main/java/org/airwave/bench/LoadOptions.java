package org.airwave.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Command-line options of {@link ListenerLoad}, parsed once on the main thread and immutable after.
 *
 * <p>Every run is bounded: ramp time (connections / rate) + warm-up + steady window.
 */
record LoadOptions(URI url, InetAddress address, int port, int connections, int rampPerSecond,
                   int warmupSeconds, int durationSeconds, int bitrateKbps, boolean icyMetadata,
                   double slowFraction, int threads, int warmupConnections, int warmupChurn) {

    /** Upper bound on any single phase, so a typo cannot run for hours. */
    private static final int MAX_PHASE_SECONDS = 600;
    /** Upper bound on the warm-up's short connections (at 1,000/s, under two minutes). */
    private static final int MAX_CHURN = 100_000;

    static final String USAGE = """
            usage: java -jar airwave-bench.jar --url http://127.0.0.1:8000/live [options]
              --connections N     listener connections to open (default 1000)
              --rate N            connections opened per second during the ramp (default 1000)
              --warmup S          seconds between the end of the ramp and the steady window (default 5)
              --duration S        steady window in seconds (default 30)
              --bitrate KBPS      stream bitrate; a listener below 95 % of it is lagging (default 128)
              --icy               send Icy-MetaData: 1 and validate every metadata block
              --slow-fraction F   fraction of listeners that read at half rate (default 0)
              --threads N         client event-loop threads (default 1)
              --warmup-connections N  uncounted listeners opened, held 15 s and closed before the
                                  ramp (default 1000)
              --warmup-churn N    uncounted connections opened after those, at the ramp rate, each
                                  closed at its first audio byte: a JIT server's connection paths
                                  get compiled before the ramp without it holding more listeners
                                  (default 20000; 0 for none)
            Only loopback hosts are accepted.""";

    static LoadOptions parse(String[] args) {
        String url = null;
        int connections = 1000, rate = 1000, warmup = 5, duration = 30, bitrate = 128, threads = 1;
        int warmupConnections = 1000, warmupChurn = 20_000;
        boolean icy = false;
        double slow = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--url" -> url = value(args, ++i, a);
                case "--connections" -> connections = positive(value(args, ++i, a), a);
                case "--rate" -> rate = positive(value(args, ++i, a), a);
                case "--warmup" -> warmup = bounded(value(args, ++i, a), a);
                case "--duration" -> duration = bounded(value(args, ++i, a), a);
                case "--bitrate" -> bitrate = positive(value(args, ++i, a), a);
                case "--threads" -> threads = positive(value(args, ++i, a), a);
                case "--warmup-connections" -> warmupConnections = positive(value(args, ++i, a), a);
                case "--warmup-churn" -> warmupChurn = churn(value(args, ++i, a), a);
                case "--icy" -> icy = true;
                case "--slow-fraction" -> {
                    slow = Double.parseDouble(value(args, ++i, a));
                    if (slow < 0 || slow > 1) throw new IllegalArgumentException("--slow-fraction must be in [0,1]");
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (url == null) throw new IllegalArgumentException("--url is required");
        if (duration == 0) throw new IllegalArgumentException("--duration must be > 0");
        URI uri = httpUrl(url);
        InetAddress address = loopbackHost(uri);
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        return new LoadOptions(uri, address, port, connections, rate, warmup, duration, bitrate, icy, slow, threads,
                warmupConnections, warmupChurn);
    }

    /** Audio bytes per second at full real-time rate. */
    double bytesPerSecond() {
        return bitrateKbps * 1000.0 / 8;
    }

    /** Path and query to request. */
    String requestTarget() {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    /** {@code url} as an {@code http://host:port/path} URI; the error names {@code --url}. */
    static URI httpUrl(String url) {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--url must be http://host:port/mount");
        }
        return uri;
    }

    /** The address of {@code uri}'s host, which must be a loopback address: the generators load only this machine. */
    static InetAddress loopbackHost(URI uri) {
        InetAddress address;
        try {
            address = InetAddress.getByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + uri.getHost());
        }
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("refusing non-loopback host " + uri.getHost());
        }
        return address;
    }

    static String value(String[] args, int i, String name) {
        if (i >= args.length) throw new IllegalArgumentException(name + " needs a value");
        return args[i];
    }

    static int positive(String v, String name) {
        int n = Integer.parseInt(v);
        if (n <= 0) throw new IllegalArgumentException(name + " must be > 0");
        return n;
    }

    private static int churn(String v, String name) {
        int n = Integer.parseInt(v);
        if (n < 0 || n > MAX_CHURN) throw new IllegalArgumentException(name + " must be in [0," + MAX_CHURN + "]");
        return n;
    }

    static int bounded(String v, String name) {
        int n = Integer.parseInt(v);
        if (n < 0 || n > MAX_PHASE_SECONDS) {
            throw new IllegalArgumentException(name + " must be in [0," + MAX_PHASE_SECONDS + "]");
        }
        return n;
    }
}
