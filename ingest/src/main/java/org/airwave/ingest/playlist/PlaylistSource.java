package org.airwave.ingest.playlist;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.airwave.core.mount.InputPriority;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.mount.StandbyInput;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stream.GarbageStreamException;
import org.airwave.ingest.SourceAdmission;
import org.airwave.ingest.SourceSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a list of tracks into a mount as MP3, as if a source streamed them, looping forever (in order or
 * shuffled each round), released in real time: every tick it appends frames until the audio time
 * sent reaches the wall-clock time since start (plus the burst, sent at once so the first listener
 * starts immediately), so the pace follows the audio's own duration and does not drift. Each
 * track's title comes from its tags (artist - title), else its file name; the title changes at the
 * track boundary. Tracks are loaded (and non-MP3 ones converted) one ahead by the {@link TrackLoader};
 * while a track is still loading nothing is sent and the pacing waits with it. A track that cannot
 * be read or decoded or holds no audio is skipped with a log line. The playlist is its mount's
 * lowest-priority input: a live source or relay takes over at once, and the playlist goes on where
 * it was when the mount is free again.
 *
 * <p>Threading: all work runs on the given scheduler's thread (file reads included), never on an
 * event loop; {@link #close()} may be called from any thread.
 */
public final class PlaylistSource implements AutoCloseable, StandbyInput {

    private static final Logger LOG = LoggerFactory.getLogger(PlaylistSource.class);
    /** How often the pacer runs. */
    static final long TICK_MILLIS = 20;
    /** Bytes handed to the framer per step. */
    private static final int PIECE_BYTES = 4096;

    private final String mountPath;
    private final List<PlaylistEntry> entries;
    private final boolean shuffle;
    private final SourceAdmission admission;
    private final ScheduledExecutorService scheduler;
    private final TrackLoader loader;
    private final List<PlaylistEntry> order = new ArrayList<>();
    private SourceSession session;
    private ScheduledFuture<?> ticker;
    private long startNanos;
    private long leadMicros;
    private byte[] track;
    private String title;
    private int trackPosition;
    private int nextIndex;
    private PlaylistEntry upcomingEntry;
    private CompletableFuture<TrackLoader.LoadedTrack> upcoming;
    private long waitingSince = -1;
    private int failuresInARow;
    private volatile boolean closed;

    /**
     * @param scheduler the thread that paces and writes (shared by playlists)
     * @param loader    loads and converts tracks on a thread of its own
     */
    public PlaylistSource(String mountPath, List<PlaylistEntry> entries, boolean shuffle, SourceAdmission admission,
                          ScheduledExecutorService scheduler, TrackLoader loader) {
        this.mountPath = mountPath;
        this.entries = List.copyOf(entries);
        this.shuffle = shuffle;
        this.admission = admission;
        this.scheduler = scheduler;
        this.loader = loader;
    }

    /**
     * Starts playing as the mount's lowest-priority input: a live source or relay takes over at
     * once, and the playlist resumes (where it was, with the track's title) when the mount is free.
     * When one holds the mount already, the playlist stands by until then.
     */
    public void start() {
        admission.mount(mountPath).standBy(InputPriority.PLAYLIST, this);
        boolean playing = claim(admission.settings().buffer().burstMicros());
        ticker = scheduler.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("playlist of {} tracks {} on {}{}", entries.size(), playing ? "playing" : "standing by",
                mountPath, shuffle ? " (shuffled)" : "");
    }

    /**
     * Claims the mount as its lowest-priority input and restarts the pacing, sending {@code leadMicros} at once
     * (the burst at start; nothing on resume, where the transcoder would drop audio sent ahead);
     * false when a live source or relay holds the mount.
     */
    private boolean claim(long lead) {
        SourceInfo info = new SourceInfo(Protocol.PLAYLIST, "audio/mpeg", stationName(), "Playlist of " + entries.size()
                + " tracks", "", "", false, "", "", "Airwave playlist", "playlist", Instant.now());
        SourceAdmission.Result result = admission.admit(mountPath, info, ByteBufAllocator.DEFAULT,
                InputPriority.PLAYLIST);
        if (result instanceof SourceAdmission.Refused) {
            return false;
        }
        session = ((SourceAdmission.Admitted) result).session();
        session.onKill(this::close);
        leadMicros = lead;
        startNanos = System.nanoTime();
        waitingSince = -1;
        if (track != null) {
            session.mount().updateMetadata(title, "");
        }
        return true;
    }

    /** The station name listeners and directories see: "Airwave" and the mount's name. */
    private String stationName() {
        return "Airwave " + mountPath.substring(mountPath.lastIndexOf('/') + 1);
    }

    @Override
    public void yieldToHigher() {
        onPlaylistThread(() -> {
            if (session != null) {
                LOG.info("playlist on {} pauses: a live source or relay took over", mountPath);
                session.close("a live source or relay took over");
                session = null;
            }
        });
    }

    @Override
    public void resume() {
        onPlaylistThread(() -> {
            if (!closed && session == null && claim(0)) {
                LOG.info("playlist on {} resumes '{}'", mountPath, title);
            }
        });
    }

    private void tick() {
        if (closed || session == null) {
            return;
        }
        try {
            long due = (System.nanoTime() - startNanos) / 1000 + leadMicros;
            while (session.streamMicros() < due && !closed) {
                if (track == null || trackPosition >= track.length) {
                    if (!nextTrack()) {
                        return;
                    }
                }
                int length = Math.min(PIECE_BYTES, track.length - trackPosition);
                session.feed(Unpooled.wrappedBuffer(track, trackPosition, length));
                trackPosition += length;
            }
        } catch (GarbageStreamException e) {
            LOG.warn("playlist on {}: track holds no MP3 audio, skipping it: {}", mountPath, e.getMessage());
            track = null;
        } catch (RuntimeException e) {
            LOG.error("playlist on {} failed, stopping it", mountPath, e);
            close();
        }
    }

    /**
     * Moves on to the loaded upcoming track and announces its title, skipping tracks that failed to
     * load; false while the upcoming track is still loading (the pacing clock is held meanwhile) or
     * when no track can be loaded at all (the playlist then stops).
     */
    private boolean nextTrack() {
        if (upcoming == null) {
            loadUpcoming();
        }
        while (upcoming.isDone()) {
            PlaylistEntry entry = upcomingEntry;
            TrackLoader.LoadedTrack loaded;
            try {
                loaded = upcoming.join();
            } catch (CompletionException | CancellationException e) {
                LOG.warn("playlist on {}: skipping {}: {}", mountPath, entry.fileName(),
                        e.getCause() == null ? e.toString() : e.getCause().getMessage());
                if (++failuresInARow >= entries.size()) {
                    LOG.error("playlist on {}: no track can be played, stopping", mountPath);
                    close();
                    return false;
                }
                loadUpcoming();
                continue;
            }
            resumeClock();
            track = loaded.mp3();
            trackPosition = 0;
            failuresInARow = 0;
            title = loaded.title();
            session.flush();
            session.mount().updateMetadata(title, "");
            LOG.info("playlist on {} now playing '{}'", mountPath, title);
            loadUpcoming();
            return true;
        }
        if (waitingSince < 0) {
            waitingSince = System.nanoTime();
        }
        return false;
    }

    /** Starts loading the entry after the current one (reshuffling at the end of each round when shuffled). */
    private void loadUpcoming() {
        if (nextIndex >= order.size()) {
            order.clear();
            order.addAll(entries);
            if (shuffle) {
                Collections.shuffle(order);
            }
            nextIndex = 0;
        }
        upcomingEntry = order.get(nextIndex++);
        upcoming = loader.load(upcomingEntry);
    }

    /** Shifts the pacing clock by the time spent waiting for a track to load, so that time is not sent in a burst. */
    private void resumeClock() {
        if (waitingSince >= 0) {
            startNanos += System.nanoTime() - waitingSince;
            waitingSince = -1;
        }
    }

    /** Stops playing and frees the mount (listeners get what is buffered, then a clean close). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
        onPlaylistThread(() -> {
            if (session != null) {
                session.close("playlist stopped");
                session = null;
            }
        });
    }

    /** Runs {@code task} on the playlist's thread; nothing happens once the server shut it down. */
    private void onPlaylistThread(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException shutDown) {
            LOG.debug("playlist on {}: thread already stopped", mountPath);
        }
    }
}
