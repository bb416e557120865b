package org.airwave.transcode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The Debian ffmpeg and ffprobe command-line tools as the tests' real decoders and audio source. */
final class Ffmpeg {

    private static final long TIMEOUT_SECONDS = 60;

    private Ffmpeg() {
    }

    /** Result of a tool run: exit code, stdout bytes, stderr text. */
    record Run(int exitCode, byte[] stdout, String stderr) {
    }

    static Run run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] stdout = readAll(process.getInputStream());
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new Run(process.exitValue(), stdout, new String(stderr.join(), StandardCharsets.UTF_8));
    }

    /** Runs ffmpeg to make a file; fails on a non-zero exit. */
    static void generate(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        command.addAll(List.of(arguments));
        Run run = run(command);
        if (run.exitCode() != 0) {
            throw new IOException("ffmpeg failed: " + command + "\n" + run.stderr());
        }
    }

    /** ffprobe's view of the first audio stream: codec_name, sample_rate, channels, bit_rate. */
    static Map<String, String> probe(Path file) throws IOException, InterruptedException {
        Run run = run(List.of("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                "stream=codec_name,sample_rate,channels,bit_rate", "-of", "default=noprint_wrappers=1",
                file.toString()));
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : new String(run.stdout(), StandardCharsets.UTF_8).split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals), line.substring(equals + 1).trim());
            }
        }
        return fields;
    }

    /**
     * A whole file decoded by ffmpeg.
     *
     * @param samples mono 16-bit samples at the file's own rate
     * @param errors whatever ffmpeg reported at level error (empty when the file decoded cleanly)
     */
    record Decoded(short[] samples, String errors) {
    }

    /** Decodes the whole file to mono 16-bit samples, keeping ffmpeg's error reports. */
    static Decoded decode(Path file) throws IOException, InterruptedException {
        Run run = run(List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-ac", "1", "-f", "s16le", "-"));
        if (run.exitCode() != 0) {
            throw new IOException("decoding " + file + " failed: " + run.stderr());
        }
        ByteBuffer pcm = ByteBuffer.wrap(run.stdout()).order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[pcm.remaining() / 2];
        pcm.asShortBuffer().get(samples);
        return new Decoded(samples, run.stderr().trim());
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
