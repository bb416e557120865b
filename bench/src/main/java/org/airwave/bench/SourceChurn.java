package org.airwave.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything in a soak that talks to the server as a source or with a password, each kind from
 * its own loopback address (127.0.3.x well-behaved, 127.0.2.x abusers) so limits meant for one
 * kind never touch another:
 * <ul>
 *   <li>a short-lived source on a new mount every {@value #DISTINCT_EVERY_SECONDS} s (real MP3 at
 *       real time for 5–30 s, then it leaves);</li>
 *   <li>a source on one shared mount every {@value #SHARED_EVERY_SECONDS} s, for 5–30 s: it takes
 *       the mount over from the previous one, or is refused while that one still holds it;</li>
 *   <li>a title change on the configured mount every {@value #TITLE_EVERY_SECONDS} s;</li>
 *   <li>a garbage source (random bytes as {@code audio/mpeg}) every {@value #GARBAGE_EVERY_SECONDS} s;</li>
 *   <li>a wrong source password every {@value #FAILED_LOGIN_EVERY_SECONDS} s.</li>
 * </ul>
 * Every outcome is counted by name ({@link #totals}).
 *
 * <p>Threading: tasks are scheduled on {@code scheduler} and run on {@code workers} (sources
 * block their worker for their whole life); the counters are thread-safe.
 */
final class SourceChurn {

    static final int DISTINCT_EVERY_SECONDS = 10;
    static final int SHARED_EVERY_SECONDS = 15;
    static final int TITLE_EVERY_SECONDS = 3;
    static final int GARBAGE_EVERY_SECONDS = 30;
    static final int FAILED_LOGIN_EVERY_SECONDS = 2;
    private static final int MIN_SOURCE_SECONDS = 5;
    private static final int MAX_SOURCE_SECONDS = 30;
    /** Longest a garbage source keeps sending when the server does not close it. */
    private static final int GARBAGE_SECONDS = 10;
    /** Random bytes a second from a garbage source. */
    private static final int GARBAGE_BYTES_PER_SECOND = 32 * 1024;
    private static final String SHARED_MOUNT = "/soak-shared";

    private final SoakOptions options;
    private final ExecutorService workers;
    private final byte[] mp3;
    private final byte[] garbage = new byte[256 * 1024];
    private final InetAddress sources = ListenerLoad.loopbackAddress(3, 1);
    private final InetAddress titles = ListenerLoad.loopbackAddress(3, 2);
    private final InetAddress wrongPasswords = ListenerLoad.loopbackAddress(2, 1);
    private final InetAddress garbageSources = ListenerLoad.loopbackAddress(2, 2);
    private final AtomicLong mountNumber = new AtomicLong();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    SourceChurn(SoakOptions options, ExecutorService workers) throws IOException {
        this.options = options;
        this.workers = workers;
        this.mp3 = Files.readAllBytes(options.mp3());
        ThreadLocalRandom.current().nextBytes(garbage);
    }

    /** Schedules every kind of traffic on {@code scheduler} until it is shut down. */
    void schedule(ScheduledExecutorService scheduler) {
        every(scheduler, DISTINCT_EVERY_SECONDS, this::distinctSource);
        every(scheduler, SHARED_EVERY_SECONDS, this::sharedSource);
        every(scheduler, TITLE_EVERY_SECONDS, this::title);
        every(scheduler, GARBAGE_EVERY_SECONDS, this::garbageSource);
        every(scheduler, FAILED_LOGIN_EVERY_SECONDS, this::wrongPassword);
    }

    /** Counts by name, sorted. */
    Map<String, Long> totals() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((name, adder) -> sorted.put(name, adder.sum()));
        return sorted;
    }

    private void every(ScheduledExecutorService scheduler, int seconds, Runnable task) {
        scheduler.scheduleAtFixedRate(() -> workers.execute(task), seconds, seconds, TimeUnit.SECONDS);
    }

    private void distinctSource() {
        String mount = "/soak-" + mountNumber.incrementAndGet();
        count("distinct " + mp3Source().run(mount, options.sourcePassword(), sourceSeconds()));
    }

    private void sharedSource() {
        count("shared " + mp3Source().run(SHARED_MOUNT, options.sourcePassword(), sourceSeconds()));
    }

    private void garbageSource() {
        String mount = "/soak-garbage-" + mountNumber.incrementAndGet();
        count("garbage " + new PacedSource(options, garbageSources, garbage, GARBAGE_BYTES_PER_SECOND)
                .run(mount, options.sourcePassword(), GARBAGE_SECONDS));
    }

    private void wrongPassword() {
        count("wrong password answered " + answer(wrongPasswords, "PUT " + options.mount() + " HTTP/1.1\r\nHost: "
                + options.host() + "\r\nAuthorization: " + LoopbackClient.basic("source", "wrong-" + options.sourcePassword())
                + "\r\nContent-Type: audio/mpeg"));
    }

    private void title() {
        long n = count("title sent");
        String song = URLEncoder.encode("Soak Artist - Title " + n, StandardCharsets.UTF_8);
        count("title answered " + answer(titles, "GET /admin/metadata?mount=" + options.mount() + "&mode=updinfo&song="
                + song + " HTTP/1.0\r\nHost: " + options.host()
                + "\r\nAuthorization: " + LoopbackClient.basic("source", options.sourcePassword())));
    }

    /** The status code the server answered {@code head} with, or "none". */
    private String answer(InetAddress local, String head) {
        try (LoopbackClient client = LoopbackClient.open(options, local)) {
            int status = client.request(head);
            return status == 0 ? "none" : Integer.toString(status);
        } catch (IOException e) {
            return "none";
        }
    }

    private PacedSource mp3Source() {
        return new PacedSource(options, sources, mp3, options.mp3BytesPerSecond());
    }

    private static double sourceSeconds() {
        return ThreadLocalRandom.current().nextDouble(MIN_SOURCE_SECONDS, MAX_SOURCE_SECONDS);
    }

    private long count(String name) {
        LongAdder adder = counts.computeIfAbsent(name, k -> new LongAdder());
        adder.increment();
        return adder.sum();
    }
}
