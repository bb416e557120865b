package org.airwave.ingest.playlist;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stream.GarbageStreamException;
import org.airwave.ingest.SourceAdmission;
import org.airwave.ingest.SourceSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays MP3 files into a mount as if a source streamed them, looping forever (in order or
 * shuffled each round), released in real time: every tick it appends frames until the audio time
 * sent reaches the wall-clock time since start (plus the burst, sent at once so the first listener
 * starts immediately), so the pace follows the audio's own duration and does not drift. Each
 * track's title comes from its tags (artist - title), else its file name; the title changes at the
 * track boundary. A track that cannot be read or holds no audio is skipped with a log line.
 *
 * <p>Threading: all work runs on the given scheduler's thread (file reads included), never on an
 * event loop; {@link #close()} may be called from any thread.
 */
public final class PlaylistSource implements AutoCloseable {

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
    private final List<PlaylistEntry> order = new ArrayList<>();
    private SourceSession session;
    private ScheduledFuture<?> ticker;
    private long startNanos;
    private long leadMicros;
    private byte[] track;
    private int trackPosition;
    private int nextIndex;
    private int failuresInARow;
    private volatile boolean closed;

    public PlaylistSource(String mountPath, List<PlaylistEntry> entries, boolean shuffle, SourceAdmission admission,
                          ScheduledExecutorService scheduler) {
        this.mountPath = mountPath;
        this.entries = List.copyOf(entries);
        this.shuffle = shuffle;
        this.admission = admission;
        this.scheduler = scheduler;
    }

    /** Claims the mount and starts playing; fails if the mount already has a source. */
    public void start() {
        SourceInfo info = new SourceInfo("playlist", "audio/mpeg", "", "", "", "", false, "", "", "Airwave playlist",
                "playlist", Instant.now());
        SourceAdmission.Result result = admission.admit(mountPath, info, ByteBufAllocator.DEFAULT);
        if (result instanceof SourceAdmission.Refused refused) {
            throw new IllegalStateException("playlist cannot play on " + mountPath + ": " + refused.reason());
        }
        session = ((SourceAdmission.Admitted) result).session();
        session.onKill(this::close);
        leadMicros = admission.settings().buffer().burstMicros();
        startNanos = System.nanoTime();
        ticker = scheduler.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("playlist of {} tracks playing on {}{}", entries.size(), mountPath, shuffle ? " (shuffled)" : "");
    }

    private void tick() {
        if (closed) {
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

    /** Loads the next readable track and announces its title; false when none could be loaded. */
    private boolean nextTrack() {
        for (int attempt = 0; attempt < entries.size(); attempt++) {
            if (nextIndex >= order.size()) {
                order.clear();
                order.addAll(entries);
                if (shuffle) {
                    Collections.shuffle(order);
                }
                nextIndex = 0;
            }
            PlaylistEntry entry = order.get(nextIndex++);
            try {
                track = entry.load();
                trackPosition = 0;
                failuresInARow = 0;
                session.flush();
                String title = Id3Tags.read(track).displayTitle(entry.baseName());
                session.mount().updateMetadata(title, "");
                LOG.info("playlist on {} now playing '{}'", mountPath, title);
                return true;
            } catch (IOException e) {
                LOG.warn("playlist on {}: skipping {}: {}", mountPath, entry.fileName(), e.getMessage());
                if (++failuresInARow >= entries.size()) {
                    LOG.error("playlist on {}: no track can be read, stopping", mountPath);
                    close();
                    return false;
                }
            }
        }
        return false;
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
        if (session != null) {
            scheduler.execute(() -> session.close("playlist stopped"));
        }
    }
}
