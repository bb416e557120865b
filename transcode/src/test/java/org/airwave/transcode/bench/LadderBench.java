package org.airwave.transcode.bench;

import com.sun.management.OperatingSystemMXBean;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import org.airwave.core.stream.StreamMetadata;
import org.airwave.transcode.MountTranscoder;
import org.airwave.transcode.Pacing;
import org.airwave.transcode.Rung;
import org.airwave.transcode.RungOutput;
import org.airwave.transcode.RungStats;
import org.airwave.transcode.SourceFeed;
import org.airwave.transcode.TestSettings;
import org.bytedeco.javacpp.Loader;

/**
 * Benchmark, not a test: pushes an MP3 file through decode + the 320/192/128/64 ladder as fast as it
 * decodes, measures the CPU the transcoder's threads spend per second of audio, runs the Debian
 * {@code ffmpeg} CLI on the same file with the same ladder and LAME quality, and prints both, their
 * ratio, and how many live 4-rung sources one core sustains.
 *
 * <p>It also runs the {@code ffmpeg} program JavaCV ships, linked to the very libraries the
 * transcoder loaded (the host's FFmpeg when present, else the bundled copies, whose LAME is about
 * three times slower than Debian's at the same settings): that ratio isolates the transcoder's own
 * overhead from differences between FFmpeg/LAME builds.
 *
 * <p>Usage: {@code LadderBench <input.mp3> <audio seconds> [lame quality] [runs]} (see
 * {@code transcode/bench/run-ladder-bench.sh}, which makes the input).
 */
public final class LadderBench {

    private static final int[] LADDER_KBPS = {320, 192, 128, 64};
    private static final int PIECE_BYTES = 4096;
    private static final BufferLimits LIMITS = new BufferLimits(10_000_000, 4 << 20, 0, 256);
    private static final String MOUNT = "/bench";
    private static final String DEBIAN_FFMPEG = "/usr/bin/ffmpeg";

    private LadderBench() {
    }

    /** One run: CPU seconds of the transcoder's two threads and of the whole JVM, wall seconds, time in LAME. */
    private record Cpu(double threadSeconds, double processSeconds, double wallSeconds, double lameSeconds) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LadderBench <input.mp3> <audio seconds> [lame quality] [runs]");
            System.exit(2);
        }
        Path input = Path.of(args[0]);
        double audioSeconds = Double.parseDouble(args[1]);
        int quality = args.length > 2 ? Integer.parseInt(args[2]) : TestSettings.live().lameQuality();
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        byte[] mp3 = Files.readAllBytes(input);
        System.out.printf(Locale.ROOT, "input: %s, %.1f s of audio, %d bytes; ladder 320/192/128/64 kbit/s, "
                + "LAME quality %d%n", input, audioSeconds, mp3.length, quality);

        transcode(mp3, quality);
        System.out.println("FFmpeg libraries loaded: " + loadedAvcodec());
        Cpu best = null;
        for (int run = 1; run <= runs; run++) {
            Cpu cpu = transcode(mp3, quality);
            System.out.printf(Locale.ROOT, "airwave run %d: transcoder threads %.3f s CPU (%.3f s of it in LAME), "
                    + "process %.3f s CPU, %.3f s wall%n", run, cpu.threadSeconds(), cpu.lameSeconds(),
                    cpu.processSeconds(), cpu.wallSeconds());
            if (best == null || cpu.threadSeconds() < best.threadSeconds()) {
                best = cpu;
            }
        }
        String bundledFfmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        double bestCli = Double.MAX_VALUE;
        double bestBundled = Double.MAX_VALUE;
        for (int run = 1; run <= runs; run++) {
            double cli = ffmpegCli(DEBIAN_FFMPEG, input, quality);
            double bundled = ffmpegCli(bundledFfmpeg, input, quality);
            System.out.printf(Locale.ROOT, "ffmpeg CLI run %d: Debian %.3f s CPU, JavaCV's ffmpeg program %.3f s CPU "
                    + "(user+sys)%n", run, cli, bundled);
            bestCli = Math.min(bestCli, cli);
            bestBundled = Math.min(bestBundled, bundled);
        }

        double perAudioSecond = best.threadSeconds() / audioSeconds;
        double processPerAudioSecond = best.processSeconds() / audioSeconds;
        double cliPerAudioSecond = bestCli / audioSeconds;
        double bundledPerAudioSecond = bestBundled / audioSeconds;
        System.out.println("---- best of " + runs);
        System.out.printf(Locale.ROOT, "airwave              CPU per audio second: %.5f (transcoder threads; %.5f in "
                + "LAME), %.5f (whole JVM)%n", perAudioSecond, best.lameSeconds() / audioSeconds, processPerAudioSecond);
        System.out.printf(Locale.ROOT, "Debian ffmpeg CLI    CPU per audio second: %.5f%n", cliPerAudioSecond);
        System.out.printf(Locale.ROOT, "JavaCV's ffmpeg CLI  CPU per audio second: %.5f (same FFmpeg and LAME "
                + "binaries as airwave)%n", bundledPerAudioSecond);
        System.out.printf(Locale.ROOT, "ratio airwave/Debian ffmpeg: %.3fx (transcoder threads), %.3fx (whole JVM); "
                + "target <= 1.1x%n", perAudioSecond / cliPerAudioSecond, processPerAudioSecond / cliPerAudioSecond);
        System.out.printf(Locale.ROOT, "ratio airwave/JavaCV's ffmpeg (same libraries): %.3fx (transcoder threads), "
                + "%.3fx (whole JVM)%n", perAudioSecond / bundledPerAudioSecond,
                processPerAudioSecond / bundledPerAudioSecond);
        System.out.printf(Locale.ROOT, "live sources with a 4-rung ladder per core: %.0f%n", 1 / perAudioSecond);
    }

    /** The libavcodec file JavaCPP loaded: the host's or the copy unpacked from the preset jar. */
    private static String loadedAvcodec() {
        return Loader.getLoadedLibraries().entrySet().stream()
                .filter(library -> library.getKey().startsWith("avcodec@"))
                .map(Map.Entry::getValue).findFirst().orElse("unknown");
    }

    private static Cpu transcode(byte[] mp3, int quality) throws InterruptedException {
        List<RungOutput> outputs = new ArrayList<>();
        for (int kbps : LADDER_KBPS) {
            outputs.add(new RungOutput(Rung.stereo(kbps), new BroadcastBuffer(LIMITS)));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long processStart = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        Semaphore resumed = new Semaphore(0);
        MountTranscoder transcoder = MountTranscoder.start(MOUNT, outputs, () -> StreamMetadata.EMPTY,
                TestSettings.live().withPacing(Pacing.AS_FAST_AS_INPUT).withLameQuality(quality));
        try {
            SourceFeed feed = transcoder.attach("audio/mpeg", resumed::release);
            for (int offset = 0; offset < mp3.length; offset += PIECE_BYTES) {
                int length = Math.min(PIECE_BYTES, mp3.length - offset);
                if (!feed.offer(Unpooled.wrappedBuffer(mp3, offset, length))) {
                    resumed.acquire();
                }
            }
            feed.end();
            while (transcoder.stats().sourcesFinished() == 0) {
                TimeUnit.MILLISECONDS.sleep(1);
            }
            long threadCpu = 0;
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().startsWith("transcode-") && thread.getName().endsWith(MOUNT)) {
                    threadCpu += threads.getThreadCpuTime(thread.getId());
                }
            }
            long frames = transcoder.stats().rungs().stream().mapToLong(RungStats::framesEncoded).sum();
            if (frames == 0) {
                throw new IllegalStateException("nothing was encoded");
            }
            long lameNanos = transcoder.stats().rungs().stream().mapToLong(RungStats::encodeNanos).sum();
            return new Cpu(threadCpu / 1e9, (os.getProcessCpuTime() - processStart) / 1e9,
                    (System.nanoTime() - wallStart) / 1e9, lameNanos / 1e9);
        } finally {
            transcoder.close();
        }
    }

    /** CPU seconds (user + system, from the child's rusage via /usr/bin/time) of an ffmpeg CLI doing the ladder. */
    private static double ffmpegCli(String ffmpeg, Path input, int quality) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "cpu %U %S", ffmpeg, "-nostdin", "-y",
                "-v", "error", "-i", input.toString()));
        for (int kbps : LADDER_KBPS) {
            command.addAll(List.of("-map", "0:a", "-c:a", "libmp3lame", "-b:a", kbps + "k", "-compression_level",
                    String.valueOf(quality), "-f", "mp3", "/dev/null"));
        }
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("ffmpeg CLI failed: " + stderr);
        }
        String[] lines = stderr.strip().split("\n");
        String[] fields = lines[lines.length - 1].split(" ");
        return Double.parseDouble(fields[1]) + Double.parseDouble(fields[2]);
    }
}
