package org.airwave.ingest.playlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import org.airwave.ingest.IngestSettings;
import org.airwave.ingest.IngestTestKit;
import org.airwave.ingest.SourceAdmission;

import org.airwave.testing.EndToEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A playlist plays in real time, loops, announces each track's title and frees its mount when stopped. */
class PlaylistSourceTest {

    private static final long BURST_MICROS = 1_000_000;

    private final MountRegistry mounts = new MountRegistry();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService loaderThread = Executors.newSingleThreadExecutor();
    private final TrackLoader mp3Loader = new TrackLoader(null, loaderThread);
    private final SourceAdmission admission = new SourceAdmission(mounts, new IngestSettings(IngestTestKit.HEAD_LIMITS,
            Duration.ofSeconds(30), 65536, 8, new BufferLimits(20_000_000, 8 << 20, BURST_MICROS, 8192),
            100_000, 65536, "/stream", Map.of(), 1024));
    private PlaylistSource playlist;

    @AfterEach
    void stop() throws InterruptedException {
        if (playlist != null) {
            playlist.close();
        }
        scheduler.shutdown();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        loaderThread.shutdownNow();
    }

    @Test
    @EndToEnd
    void audioIsReleasedAtTheAudiosOwnPaceAfterTheInitialBurst() throws Exception {
        playlist = new PlaylistSource("/radio", tracks("track1.mp3", "track2.mp3"), false, admission, scheduler, mp3Loader);
        long started = System.nanoTime();
        playlist.start();
        BroadcastBuffer buffer = mounts.find("/radio").flatMap(Mount::passthroughBuffer).orElseThrow();
        Thread.sleep(3000);
        long elapsedMicros = (System.nanoTime() - started) / 1000;
        long sentMicros = onScheduler(buffer::streamMicros);
        // Sent = elapsed + burst, within one chunk (100 ms) plus a scheduling tick.
        assertThat(sentMicros - BURST_MICROS).isBetween(elapsedMicros - 200_000, elapsedMicros + 150_000);
    }

    @Test
    @EndToEnd
    void titlesFollowTheTracksAndThePlaylistLoops() throws Exception {
        playlist = new PlaylistSource("/radio", tracks("track1.mp3", "track2.mp3"), false, admission, scheduler, mp3Loader);
        playlist.start();
        Mount mount = mounts.find("/radio").orElseThrow();
        List<String> titles = new ArrayList<>();
        await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(50)).until(() -> {
            String title = mount.metadata().title();
            if (titles.isEmpty() || !titles.get(titles.size() - 1).equals(title)) {
                titles.add(title);
            }
            return titles.size() >= 3;
        });
        assertThat(titles).startsWith("Artist One - Title One", "Ärtist Two - Caffè Über", "Artist One - Title One");
    }

    @Test
    void stoppingFreesTheMount() throws Exception {
        playlist = new PlaylistSource("/radio", tracks("track1.mp3"), false, admission, scheduler, mp3Loader);
        playlist.start();
        assertThat(mounts.find("/radio").orElseThrow().liveSource()).isPresent();
        playlist.close();
        await().atMost(Duration.ofSeconds(2)).until(() -> mounts.find("/radio").orElseThrow().liveSource().isEmpty());
    }

    @Test
    void tracksThatCannotPlayAreSkipped() throws Exception {
        List<PlaylistEntry> entries = new ArrayList<>(tracks("track1.mp3"));
        entries.add(0, new PlaylistEntry(new URL("file:/nonexistent/gone.mp3"), "gone.mp3"));
        entries.add(1, new PlaylistEntry(PlaylistSourceTest.class.getResource("/playlist/track2.mp3"), "track2.ogg"));
        playlist = new PlaylistSource("/radio", entries, false, admission, scheduler, mp3Loader);
        playlist.start();
        Mount mount = mounts.find("/radio").orElseThrow();
        await().atMost(Duration.ofSeconds(3)).until(() -> mount.metadata().title().equals("Artist One - Title One"));
        assertThat(mount.liveSource()).isPresent();
    }

    @Test
    void aPlaylistOfNothingPlayableStops() throws Exception {
        playlist = new PlaylistSource("/radio", List.of(new PlaylistEntry(new URL("file:/nonexistent/gone.mp3"),
                "gone.mp3")), false, admission, scheduler, mp3Loader);
        playlist.start();
        await().atMost(Duration.ofSeconds(3)).until(() -> mounts.find("/radio").orElseThrow().liveSource().isEmpty());
    }

    private <T> T onScheduler(java.util.concurrent.Callable<T> task) throws Exception {
        return scheduler.submit(task).get(5, TimeUnit.SECONDS);
    }

    private static List<PlaylistEntry> tracks(String... names) {
        List<PlaylistEntry> entries = new ArrayList<>();
        for (String name : names) {
            URL url = PlaylistSourceTest.class.getResource("/playlist/" + name);
            entries.add(new PlaylistEntry(url, name));
        }
        return entries;
    }
}
