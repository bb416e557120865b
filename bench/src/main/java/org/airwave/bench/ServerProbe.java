package org.airwave.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Samples the server process once a minute: resident memory, Java heap in use after a full
 * collection ({@code jcmd PID GC.run}, then {@code jcmd PID GC.heap_info}: collecting every
 * minute makes the figure comparable from row to row), threads, open file descriptors, CPU over
 * the interval (utime + stime from {@code /proc/PID/stat}), from {@code /api/v1/status} the
 * listeners the server counts and the mounts it lists, and the machine's load average (the
 * figures mean little on a machine busy with other work).
 *
 * <p>Threading: used by one sampling thread.
 */
final class ServerProbe {

    /** One minute's figures; -1 where a figure could not be read. */
    record Sample(double rssMb, double heapMb, long threads, long fds, double cpuPercent, long listeners, long mounts,
                  double load1) {
    }

    /** A generation line of {@code GC.heap_info} (G1: the whole heap; Serial/Parallel: one per generation). */
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Pattern SERVER_LISTENERS = Pattern.compile("\"listeners\":(\\d+)");
    private static final Pattern MOUNT = Pattern.compile("\"renditionOf\":");
    private static final long JCMD_TIMEOUT_SECONDS = 30;

    private final SoakOptions options;
    private final Path proc;
    private long lastTicks = -1;
    private long lastNanos;

    ServerProbe(SoakOptions options) {
        this.options = options;
        this.proc = Path.of("/proc", Long.toString(options.serverPid()));
    }

    /** Starts the CPU interval. */
    void start() throws IOException {
        lastTicks = cpuTicks();
        lastNanos = System.nanoTime();
    }

    boolean alive() {
        return Files.exists(proc);
    }

    Sample sample() throws IOException, InterruptedException {
        long ticks = cpuTicks();
        long now = System.nanoTime();
        double cpu = 100.0 * (ticks - lastTicks) / options.clockTicks() / ((now - lastNanos) / 1e9);
        lastTicks = ticks;
        lastNanos = now;
        String status = Files.readString(proc.resolve("status"));
        long fds;
        try (Stream<Path> list = Files.list(proc.resolve("fd"))) {
            fds = list.count();
        }
        jcmd("GC.run");
        double heap = heapUsedMb(jcmd("GC.heap_info"));
        String json = statusJson();
        Matcher listeners = SERVER_LISTENERS.matcher(json);
        return new Sample(statusField(status, "VmRSS") / 1024.0, heap, statusField(status, "Threads"), fds, cpu,
                listeners.find() ? Long.parseLong(listeners.group(1)) : -1,
                json.isEmpty() ? -1 : MOUNT.matcher(json).results().count(),
                Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
    }

    private long cpuTicks() throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);   // utime, stime: fields 14 and 15
    }

    private static long statusField(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    private static double heapUsedMb(String heapInfo) {
        Matcher used = HEAP_USED.matcher(heapInfo);
        long kb = 0;
        boolean any = false;
        while (used.find()) {
            kb += Long.parseLong(used.group(1));
            any = true;
        }
        return any ? kb / 1024.0 : -1;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of("jcmd", Long.toString(options.serverPid()), command))
                .redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) process.destroyForcibly();
        return new String(out, StandardCharsets.UTF_8);
    }

    private String statusJson() {
        try (LoopbackClient client = LoopbackClient.open(options, options.address())) {
            String response = client.exchange("GET /api/v1/status HTTP/1.0\r\nHost: " + options.host());
            int body = response.indexOf("\r\n\r\n");
            return body < 0 ? "" : response.substring(body + 4);
        } catch (IOException e) {
            return "";
        }
    }
}
