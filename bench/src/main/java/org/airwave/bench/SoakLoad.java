package org.airwave.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Soak generator: runs churn against one server for a given number of minutes (listeners coming
 * and going around a target count, the program source leaving and coming back, short-lived and
 * competing sources, title changes, a slow reader, garbage sources, wrong passwords) and samples
 * the server process every minute into a {@link SoakTable}, with the listeners' own verdicts
 * ({@link ListenerOutcome}) beside it. Prints each row as it comes, then the table with the
 * slopes and the totals.
 *
 * <p>Threading: the main thread samples and prints; the churn runs on a scheduler, worker threads
 * and one event loop, and stops with the run.
 */
public final class SoakLoad {

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** How often the listener count is topped up. */
    private static final long TOP_UP_MILLIS = 100;
    /** Time for the program source to connect before the first listeners. */
    private static final long PROGRAM_START_MILLIS = 2000;
    private static final long SHUTDOWN_SECONDS = 10;

    private SoakLoad() {
    }

    public static void main(String[] args) throws Exception {
        SoakOptions options;
        try {
            options = SoakOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SoakOptions.USAGE);
            System.exit(2);
            return;
        }
        System.out.print(run(options));
        System.exit(0);   // sources still streaming (at most 30 s) are daemon threads: they end with the process
    }

    static String run(SoakOptions options) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long end = start + options.minutes() * MINUTE_NANOS;
        Timeline timeline = new Timeline();
        timeline.steadyWindow(start, Long.MAX_VALUE);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemon("soak-scheduler"));
        ExecutorService workers = Executors.newCachedThreadPool(daemon("soak-client"));
        ProgramSource program = new ProgramSource(options, end);
        Runtime.getRuntime().addShutdownHook(new Thread(program::stop, "program-source-stop"));
        Thread programThread = daemon("program-source").newThread(program);
        programThread.start();

        LoopLateness lateness = new LoopLateness();
        lateness.start(group.next());
        ServerProbe probe = new ServerProbe(options);
        probe.start();
        Thread.sleep(PROGRAM_START_MILLIS);
        ListenerChurn listeners = new ListenerChurn(ListenerLoad.bootstrap(group), options, program, timeline);
        SourceChurn sources = new SourceChurn(options, workers);
        listeners.openSlowReader(end);
        scheduler.scheduleAtFixedRate(listeners::topUp, 0, TOP_UP_MILLIS, TimeUnit.MILLISECONDS);
        sources.schedule(scheduler);

        SoakTable table = new SoakTable(options.skipMinutes());
        System.err.println(SoakTable.header());
        for (int minute = 1; minute <= options.minutes() && probe.alive(); minute++) {
            ListenerLoad.sleepUntil(start + minute * MINUTE_NANOS);
            if (minute == options.minutes()) {
                // The run is over: nothing more is counted, so the totals are the rows' sums.
                timeline.finish();
                scheduler.shutdownNow();
            }
            Map<ListenerOutcome, Long> outcomes = listeners.takeMinute();
            int held = listeners.connected();
            double late = lateness.takeMaxMillis();
            ServerProbe.Sample s = probe.sample();
            long ended = outcomes.values().stream().mapToLong(Long::longValue).sum();
            long disturbed = disturbed(outcomes);
            System.err.println(table.add(minute, s.rssMb(), s.heapMb(), s.threads(), s.fds(), s.cpuPercent(),
                    s.listeners(), s.mounts(), held, ended, disturbed, late, s.load1()));
            if (disturbed > 0) System.err.println("     disturbed: " + outcomes);
        }
        if (!probe.alive()) System.err.println("the server process " + options.serverPid() + " is gone");

        timeline.finish();
        scheduler.shutdownNow();
        workers.shutdownNow();
        program.stop();
        group.shutdownGracefully(0, SHUTDOWN_SECONDS, TimeUnit.SECONDS).await(SHUTDOWN_SECONDS + 5, TimeUnit.SECONDS);
        return table.print() + totals(listeners, program, sources);
    }

    private static String totals(ListenerChurn listeners, ProgramSource program, SourceChurn sources) {
        Map<ListenerOutcome, Long> outcomes = listeners.totals();
        StringBuilder out = new StringBuilder();
        out.append(String.format("totals: listener sessions %d, disturbed %d %s%n",
                outcomes.values().stream().mapToLong(Long::longValue).sum(), disturbed(outcomes), outcomes));
        out.append(String.format("        slow reader: closed by the server %d times, %.1f kbit/s at the end%n",
                listeners.slowReaderClosures(), listeners.slowReaderKbps()));
        out.append(String.format("        program source: %d ffmpeg connections, %d on air%n", program.sessions(),
                program.onAirSessions()));
        sources.totals().forEach((name, count) -> out.append(String.format("        %s: %d%n", name, count)));
        return out.toString();
    }

    private static long disturbed(Map<ListenerOutcome, Long> outcomes) {
        return outcomes.entrySet().stream().filter(e -> e.getKey().disturbed()).mapToLong(Map.Entry::getValue).sum();
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
