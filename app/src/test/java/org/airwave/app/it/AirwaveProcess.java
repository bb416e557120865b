package org.airwave.app.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Airwave as a separate operating-system process ({@code java org.airwave.app.Main}, the same
 * classes as this test run), for tests that need several servers to be truly independent (an
 * origin and its edges). Passwords are those of {@link RunningServer}; the demo station is off.
 */
final class AirwaveProcess implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final ExternalProgram program;
    private final int port;

    private AirwaveProcess(ExternalProgram program, int port) {
        this.program = program;
        this.port = port;
    }

    /** Starts a server on a free port pair with the given extra arguments; returns once /health answers. */
    static AirwaveProcess start(String... arguments) throws IOException, InterruptedException {
        return start(List.of(), arguments);
    }

    /**
     * As {@link #start(String...)}, in a process whose file-descriptor limit is {@code descriptors}
     * ({@code ulimit -n}), so that a test can run it out of descriptors in a bounded way.
     */
    static AirwaveProcess startWithDescriptorLimit(int descriptors, String... arguments)
            throws IOException, InterruptedException {
        return start(List.of("bash", "-c", "ulimit -n " + descriptors + " && exec \"$@\"", "airwave"), arguments);
    }

    private static AirwaveProcess start(List<String> launcher, String... arguments)
            throws IOException, InterruptedException {
        int port = RunningServer.freePortPair();
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.airwave.app.Main",
                "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--source-password", RunningServer.SOURCE_PASSWORD, "--admin-password", RunningServer.ADMIN_PASSWORD,
                "--set", "demo.enabled=false"));
        command.addAll(List.of(arguments));
        AirwaveProcess server = new AirwaveProcess(ExternalProgram.start(command, null), port);
        server.awaitListening();
        return server;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!program.isAlive()) {
                throw new AssertionError("airwave exited at start:\n" + program.output());
            }
            try {
                if (IcyStreamReader.Response.exchange(port, "GET /health HTTP/1.0\r\n\r\n").status() == 200) {
                    return;
                }
            } catch (IOException | AssertionError notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new AssertionError("airwave did not listen within " + START_LIMIT + ":\n" + program.output());
    }

    int port() {
        return port;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** What the process logged so far (for failure messages). */
    String output() {
        return program.output();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        program.close();
    }
}
