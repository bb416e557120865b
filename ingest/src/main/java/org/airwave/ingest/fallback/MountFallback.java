package org.airwave.ingest.fallback;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.airwave.core.mount.InputPriority;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.Rendition;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.mount.StandbyInput;
import org.airwave.core.stats.Protocol;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.Chunk;
import org.airwave.core.stream.GarbageStreamException;
import org.airwave.core.stream.ListenerCursor;
import org.airwave.ingest.SourceAdmission;
import org.airwave.ingest.SourceSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Icecast's {@code fallback-mount}: while a mount has no input of its own (no live source, relay or
 * playlist), it plays another mount's stream, titles included, with the lowest priority
 * ({@link InputPriority#FALLBACK_MOUNT}), so anything of its own takes over at once and the fallback
 * comes back when that leaves. Unlike Icecast, listeners are not moved: the audio is copied in
 * process (shared buffers, no re-encoding) into this mount, whose transcoded renditions carry on.
 * It follows the fallback mount's default transcoded rendition when that mount transcodes (always
 * MP3, never interrupted), else its source's own stream; when there is nothing to follow it looks
 * again every {@link #RETRY_MILLIS}.
 *
 * <p>Threading: all state lives on one event loop (one of the server's workers); the fallback
 * mount's appends wake it there. {@link #start}, {@link #close}, {@link #yieldToHigher} and
 * {@link #resume} may be called from any thread.
 */
public final class MountFallback implements StandbyInput {

    private static final Logger LOG = LoggerFactory.getLogger(MountFallback.class);
    /** How often a fallback with nothing to follow looks again. */
    static final long RETRY_MILLIS = 1000;

    private final String mountPath;
    private final String fallbackPath;
    private final SourceAdmission admission;
    private final EventLoop loop;
    private final BroadcastBuffer.Reader waker = this::wake;

    private SourceSession session;
    private BroadcastBuffer following;
    private ListenerCursor cursor;
    private String lastTitle;
    private boolean paused;
    private boolean yielded;
    private boolean closed;
    private ScheduledFuture<?> retry;

    /**
     * @param loop the event loop this fallback runs on
     */
    public MountFallback(String mountPath, String fallbackPath, SourceAdmission admission, EventLoop loop) {
        this.mountPath = mountPath;
        this.fallbackPath = fallbackPath;
        this.admission = admission;
        this.loop = loop;
    }

    /** Stands by on the mount and plays the fallback now if the mount is free. */
    public void start() {
        mount().standBy(InputPriority.FALLBACK_MOUNT, this);
        onLoop(this::tryPlay);
        LOG.info("{} falls back to {}", mountPath, fallbackPath);
    }

    /** Stops for good (unregisters, frees the mount if it holds it). */
    public void close() {
        mount().withdraw(InputPriority.FALLBACK_MOUNT, this);
        onLoop(() -> {
            closed = true;
            stop("fallback stopped");
        });
    }

    @Override
    public void yieldToHigher() {
        onLoop(() -> {
            yielded = true;
            stop("an input of its own took over");
        });
    }

    @Override
    public void resume() {
        onLoop(() -> {
            yielded = false;
            tryPlay();
        });
    }

    private void tryPlay() {
        cancelRetry();
        if (closed || yielded || session != null) {
            return;
        }
        Mount fallback = admission.mount(fallbackPath);
        Optional<Rendition> rendition = fallback.transcoding().map(t -> t.defaultOne());
        Optional<BroadcastBuffer> buffer = rendition.map(Rendition::buffer).or(fallback::passthroughBuffer);
        Optional<String> contentType = rendition.isPresent() ? Optional.of(Rendition.CONTENT_TYPE)
                : fallback.liveSource().map(claim -> claim.info().contentType());
        if (buffer.isEmpty() || contentType.isEmpty() || buffer.get().isEnded()) {
            retry = loop.schedule(this::tryPlay, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        SourceInfo info = new SourceInfo(Protocol.FALLBACK, contentType.get(), "Fallback " + fallbackPath,
                "Plays " + fallbackPath + " while " + mountPath + " has no input", "", "", false, "", "",
                "Airwave fallback", "fallback", Instant.now());
        SourceAdmission.Result result = admission.admit(mountPath, info, ByteBufAllocator.DEFAULT,
                InputPriority.FALLBACK_MOUNT);
        if (result instanceof SourceAdmission.Refused) {
            return;
        }
        session = ((SourceAdmission.Admitted) result).session();
        session.onKill(() -> onLoop(() -> stop("killed by an admin")));
        session.onResume(() -> onLoop(() -> {
            paused = false;
            drain();
        }));
        following = buffer.get();
        lastTitle = null;
        cursor = following.subscribe(waker);
        LOG.info("{} plays {} (fallback)", mountPath, fallbackPath);
        drain();
    }

    private void wake() {
        onLoop(this::drain);
    }

    /** Copies what the followed stream appended (sharing its memory) into this mount's session. */
    private void drain() {
        if (session == null || paused) {
            return;
        }
        try {
            Chunk chunk;
            while (!paused && (chunk = cursor.next()) != null) {
                try {
                    announce(chunk);
                    paused = !session.feed(chunk.retainedData());
                } finally {
                    chunk.release();
                }
            }
        } catch (GarbageStreamException e) {
            LOG.warn("{}: the stream of {} is not audio of its type: {}", mountPath, fallbackPath, e.getMessage());
            stop("fallback stream unreadable");
            retry = loop.schedule(this::tryPlay, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        if (cursor.isLagging()) {
            cursor.skipToBurstPoint();
        } else if (cursor.isAtEnd()) {
            stop(fallbackPath + " ended");
            retry = loop.schedule(this::tryPlay, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Gives this mount the followed stream's title when it changes (in step with the audio). */
    private void announce(Chunk chunk) {
        String title = chunk.metadata().title();
        if (!title.equals(lastTitle)) {
            session.flush();
            session.mount().updateMetadata(title, chunk.metadata().url());
            lastTitle = title;
        }
    }

    private void stop(String reason) {
        cancelRetry();
        if (following != null) {
            following.unsubscribe(waker);
            following = null;
            cursor = null;
        }
        if (session != null) {
            session.close(reason);
            session = null;
        }
        paused = false;
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private Mount mount() {
        return admission.mount(mountPath);
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("{}: fallback's event loop already stopped", mountPath);
        }
    }
}
