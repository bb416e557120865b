package org.airwave.app.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real program a broadcaster or listener uses (ffmpeg, shout, ezstream, mpg123, ffprobe), run
 * as a child process with a bounded lifetime; its standard output and error go to a temporary
 * file that the test can read while it runs and after it ends.
 */
public final class ExternalProgram implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final String name;

    private ExternalProgram(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /** Starts {@code command}; standard input comes from {@code stdin} if not null. */
    public static ExternalProgram start(List<String> command, Path stdin) throws IOException {
        Path output = Files.createTempFile("airwave-" + new File(command.get(0)).getName(), ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile())
                : ProcessBuilder.Redirect.from(new File("/dev/null")));
        return new ExternalProgram(command.get(0), builder.start(), output);
    }

    /** Whether a program is installed (tests that need it are skipped with a message otherwise). */
    public static boolean isInstalled(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Waits for the program to end by itself; kills it and fails after {@code limit}. */
    public int waitFor(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not finish within " + limit + "; output:\n" + output());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the program printed so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** Stops the program (SIGTERM, then SIGKILL after 3 s) and deletes its output file. */
    @Override
    public void close() throws InterruptedException, IOException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        Files.deleteIfExists(output);
    }
}
