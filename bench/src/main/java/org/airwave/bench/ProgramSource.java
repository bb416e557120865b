package org.airwave.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The configured mount's program: {@code ffmpeg -re} streaming the test MP3 as an Icecast source,
 * leaving after a few minutes (ffmpeg's own {@code -t}, so a process this generator loses track
 * of still ends) and coming back after a short gap, for the whole run.
 *
 * <p>Threading: {@link #run} loops on its own thread; the on-air state is read by the event loops
 * that judge passthrough listeners (whose stream ends, by design, while the program is away).
 */
final class ProgramSource implements Runnable {

    /** The program stays on air this long, uniform. */
    private static final int MIN_ON_AIR_SECONDS = 120;
    private static final int MAX_ON_AIR_SECONDS = 240;
    /** Off-air gap between two connections. */
    private static final long GAP_MILLIS = 3000;
    /**
     * Around a change the passthrough is not judged: its listeners are closed once the source's
     * last bytes are sent, and listeners that asked just before the program was back were refused.
     */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How often the passthrough is asked for while the program connects. */
    private static final long PROBE_MILLIS = 500;
    /** The passthrough probe's own address, 127.0.3.3. */
    private static final InetAddress PROBE_ADDRESS = ListenerLoad.loopbackAddress(3, 3);

    private final SoakOptions options;
    private final long deadlineNanos;
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong onAirSessions = new AtomicLong();
    private volatile boolean onAir;
    private volatile long lastChangeNanos = System.nanoTime();
    private volatile Process process;

    ProgramSource(SoakOptions options, long deadlineNanos) {
        this.options = options;
        this.deadlineNanos = deadlineNanos;
    }

    /** Whether the program has been connected for a while and stays so for a while: the passthrough plays. */
    boolean steady(long now) {
        return onAir && now - lastChangeNanos > SETTLE_NANOS;
    }

    /** ffmpeg processes started. */
    long sessions() {
        return sessions.get();
    }

    /** Of those, the ones the server played (the others were refused, e.g. while it still held the last one). */
    long onAirSessions() {
        return onAirSessions.get();
    }

    @Override
    public void run() {
        try {
            while (System.nanoTime() < deadlineNanos) {
                Process ffmpeg = start(ThreadLocalRandom.current().nextInt(MIN_ON_AIR_SECONDS, MAX_ON_AIR_SECONDS + 1));
                process = ffmpeg;
                sessions.incrementAndGet();
                if (awaitPassthrough(ffmpeg)) {
                    onAirSessions.incrementAndGet();
                    change(true);
                }
                ffmpeg.waitFor();
                change(false);
                Thread.sleep(GAP_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            System.err.println("program source: cannot start ffmpeg: " + e.getMessage());
        } finally {
            stop();
        }
    }

    /** Ends the current ffmpeg, if any (at the end of the run, or when the generator is stopped). */
    void stop() {
        Process current = process;
        if (current != null) current.destroy();
    }

    /**
     * Waits until the server plays the program's passthrough (ffmpeg takes seconds to connect on a
     * busy machine); false when ffmpeg ended first.
     */
    private boolean awaitPassthrough(Process ffmpeg) throws InterruptedException {
        while (ffmpeg.isAlive()) {
            try (LoopbackClient client = LoopbackClient.open(options, PROBE_ADDRESS)) {
                if (client.request("GET " + options.mount() + "/source HTTP/1.0\r\nHost: " + options.host()) == 200) {
                    return true;
                }
            } catch (IOException e) {
                // the server is busy or the program not there yet: ask again
            }
            Thread.sleep(PROBE_MILLIS);
        }
        return false;
    }

    private void change(boolean connected) {
        onAir = connected;
        lastChangeNanos = System.nanoTime();
    }

    private Process start(long seconds) throws IOException {
        String url = "icecast://source:" + options.sourcePassword() + "@" + options.host() + options.mount();
        List<String> command = List.of("ffmpeg", "-nostdin", "-loglevel", "warning", "-re", "-stream_loop", "-1",
                "-i", options.mp3().toString(), "-t", Long.toString(seconds), "-c", "copy",
                "-content_type", "audio/mpeg", "-f", "mp3", url);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(options.logDir().resolve("program-ffmpeg.log").toFile()))
                .start();
    }
}
