package org.airwave.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.airwave.app.it.IcyStreamReader.ScriptedSource;
import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attack of issue 14 at scale: {@value #SOURCES} short-lived sources, each on a path of its own
 * that the config does not name, each sending ({@code PUT}) the head of the MP3 fixture and leaving. Each one made
 * a mount with a transcoder; once they are gone the server must be back where it started: only the
 * configured mount, one transcoder, the same threads (within a few). The server runs in the test's
 * JVM, so threads and resident memory are this JVM's ({@code /proc/self/status}); the figures are
 * logged for the record.
 */
@EndToEnd
class MountChurnTest {

    private static final Logger LOG = LoggerFactory.getLogger(MountChurnTest.class);
    static final int SOURCES = 500;
    private static final int AT_ONCE = 8;
    /** About 2 s of audio from each source. */
    private static final byte[] BURST = Arrays.copyOf(ScriptedSource.MP3, 32_000);
    private static final byte[] OK = "HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path tmp;

    private RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shortLivedSourcesOnDistinctMountsLeaveNothingBehind() throws Exception {
        Path config = tmp.resolve("airwave.yaml");
        Files.writeString(config, "mounts:\n  - path: /live\n");
        server = RunningServer.start(config, Map.of("transcode.ladder", "64"));
        await().atMost(Duration.ofSeconds(15)).until(() -> transcoders() == 1);
        Figures before = Figures.measure();

        ExecutorService clients = Executors.newFixedThreadPool(AT_ONCE);
        try {
            List<Future<?>> sources = new ArrayList<>();
            for (int i = 0; i < SOURCES; i++) {
                String path = "/guest-" + i;
                sources.add(clients.submit(() -> {
                    shortLivedSource(path);
                    return null;
                }));
            }
            for (Future<?> source : sources) {
                source.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        Figures peak = Figures.measure();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> server.mountPaths().equals(List.of("/live")) && transcoders() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Figures.liveThreads() <= before.threads() + 3);
        Figures after = Figures.measure();
        LOG.info("{} sources on distinct mounts: before {}; right after the sources {}; after {}", SOURCES, before,
                peak, after);

        assertThat(server.mountPaths()).containsExactly("/live");
        assertThat(transcoders()).isEqualTo(1);
        assertThat(after.threads()).isLessThanOrEqualTo(before.threads() + 3);
    }

    /**
     * A source as a fuzzer or a careless DJ makes one: {@code PUT}, the head of the MP3 fixture, gone.
     * Waits for the server's {@code 200} first, and patiently: on a loaded machine the answer may
     * take seconds, which is not what this test measures.
     */
    private void shortLivedSource(String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 30_000);
            socket.setSoTimeout(30_000);
            String head = "PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + ScriptedSource.AUTHORIZATION
                    + "\r\nContent-Type: audio/mpeg\r\nUser-Agent: churn\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(OK.length), StandardCharsets.ISO_8859_1);
            assertThat(answer).as("answer to the source of %s", path).isEqualTo(new String(OK, StandardCharsets.ISO_8859_1));
            out.write(BURST);
            out.flush();
            socket.shutdownOutput();
        }
    }

    /** Transcoders running in this JVM (one encoder thread each). */
    private static long transcoders() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("transcode-encode-")).count();
    }

    /** Threads, resident memory and CPU use (over one second) of this JVM. */
    private record Figures(int threads, long rssKb, double cpuPercent) {

        static Figures measure() throws Exception {
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long wallStart = System.nanoTime();
            Thread.sleep(1000); // the window CPU time is measured over, not a wait for a condition
            double cpu = 100.0 * (os.getProcessCpuTime() - cpuStart) / (System.nanoTime() - wallStart);
            return new Figures(liveThreads(), residentKb(), cpu);
        }

        static int liveThreads() {
            return ManagementFactory.getThreadMXBean().getThreadCount();
        }

        private static long residentKb() throws Exception {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        }

        @Override
        public String toString() {
            return String.format("%d threads, RSS %d MB, CPU %.0f %%", threads, rssKb / 1024, cpuPercent);
        }
    }
}
