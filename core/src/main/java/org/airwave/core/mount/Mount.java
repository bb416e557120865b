package org.airwave.core.mount;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.airwave.core.stats.MountStats;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import org.airwave.core.stream.StreamMetadata;

/**
 * A named stream ({@code /live}): the one input that holds it (by {@link InputPriority}: live source
 * &gt; relay &gt; playlist), the current "now playing" metadata, the buffer listeners read, and
 * listener counts.
 *
 * <p>Inputs Airwave runs itself (relays, playlists) register with {@link #standBy}: a higher-priority
 * claim takes the mount from a lower one at once and the displaced input is told to yield; when the
 * holder releases, the highest standby input below it is asked to resume, and one that cannot
 * {@link #passOn passes on} to the next.
 *
 * <p>Lifecycle: a mount {@linkplain #isKept() kept} for the server's life (configured, played by a
 * playlist, a fallback target) never ends. Any other mount is made by its first input and ends once
 * it has had no input (no claim, no standby) for the registry's linger time: it then refuses claims
 * and standbys, and {@link MountRegistry} drops it and tells its listeners (see
 * {@link MountRegistry#onEveryEnd}); a later input on the same path gets a new mount.
 *
 * <p>Threading: safe for any thread. The claim is an atomic compare-and-set (ending the mount is one
 * too, so a claim and the end never both succeed); standbys, keeping and ending change under the
 * mount's lock, which guards no I/O. Metadata and the current buffer are published through volatile
 * references.
 */
public final class Mount {

    private final String path;
    private final AtomicReference<SourceClaim> claim = new AtomicReference<>();
    private final AtomicReference<StreamMetadata> metadata = new AtomicReference<>(StreamMetadata.EMPTY);
    private final AtomicInteger listeners = new AtomicInteger();
    private final AtomicInteger listenerPeak = new AtomicInteger();
    private final AtomicLong listenerConnects = new AtomicLong();
    private final Map<Long, ListenerHandle> connected = new ConcurrentHashMap<>();
    private final MountStats stats = new MountStats();
    private volatile Transcoding transcoding;
    private final ConcurrentSkipListMap<InputPriority, StandbyInput> standby = new ConcurrentSkipListMap<>();
    /** The claim's value once the mount ended: no input can take it any more. */
    private final SourceClaim endMarker;
    /** Told (with the idle count) each time the mount is left without input; see {@link MountRegistry}. */
    private final IdleObserver idleObserver;
    private final Object lifecycle = new Object();
    private volatile boolean kept;
    /** How many times the mount was left without input; guarded by {@link #lifecycle}. */
    private long idleCount;

    /** What a mount tells its registry when its last input leaves. */
    interface IdleObserver {
        void idle(Mount mount, long idleCount);
    }

    Mount(String path, boolean kept, IdleObserver idleObserver) {
        this.path = path;
        this.kept = kept;
        this.idleObserver = idleObserver;
        this.endMarker = new SourceClaim(this, null, null, InputPriority.LIVE);
    }

    /** The mount's path, starting with '/'. */
    public String path() {
        return path;
    }

    /**
     * Claims the mount for a live source, or returns empty when another live source holds it. A
     * live source takes the mount from a relay or playlist at once; that input is told to yield.
     * The new source starts with an empty title and a fresh buffer.
     */
    public Optional<SourceClaim> claim(SourceInfo info, BufferLimits limits) {
        return claim(info, limits, InputPriority.LIVE);
    }

    /**
     * Claims the mount for an input of {@code priority}: succeeds when the mount is free or held by
     * a lower priority (whose standby input is told to yield), else returns empty (also when the
     * mount has ended: {@link MountRegistry#claim} then claims the new mount at the path).
     */
    public Optional<SourceClaim> claim(SourceInfo info, BufferLimits limits, InputPriority priority) {
        SourceClaim candidate = new SourceClaim(this, info, new BroadcastBuffer(limits), priority);
        for (;;) {
            SourceClaim current = claim.get();
            if (current == endMarker) {
                return Optional.empty();
            }
            if (current == null) {
                if (claim.compareAndSet(null, candidate)) {
                    break;
                }
            } else if (priority.outranks(current.priority())) {
                if (claim.compareAndSet(current, candidate)) {
                    StandbyInput yielding = standby.get(current.priority());
                    if (yielding != null) {
                        yielding.yieldToHigher();
                    }
                    break;
                }
            } else {
                return Optional.empty();
            }
        }
        metadata.updateAndGet(current -> current.next("", ""));
        stats.sourceConnected(info.protocol());
        return Optional.of(candidate);
    }

    /**
     * Registers the input of {@code priority} that Airwave runs for this mount (at most one per
     * priority; {@link InputPriority#LIVE} sources connect on their own and never stand by). While
     * it stands by the mount does not end.
     *
     * @return false when the mount has ended (the input belongs on a new mount: {@link MountRegistry#standBy})
     */
    public boolean standBy(InputPriority priority, StandbyInput input) {
        if (priority == InputPriority.LIVE) {
            throw new IllegalArgumentException("live sources do not stand by");
        }
        synchronized (lifecycle) {
            if (hasEnded()) {
                return false;
            }
            standby.put(priority, input);
            return true;
        }
    }

    /**
     * Unregisters {@code input} (it stopped for good, e.g. a relay removed at runtime); a mount that is
     * not kept and has no other input then starts to linger.
     */
    public void withdraw(InputPriority priority, StandbyInput input) {
        synchronized (lifecycle) {
            standby.remove(priority, input);
        }
        noticeIdle();
    }

    /** Whether the mount lives for the server's life (see {@link MountRegistry#mount}). */
    public boolean isKept() {
        return kept;
    }

    /** Whether the mount ended: it plays nothing more and its path may belong to a new mount. */
    public boolean hasEnded() {
        return claim.get() == endMarker;
    }

    /** Keeps the mount for the server's life; called by the registry while the mount cannot end. */
    void keep() {
        kept = true;
    }

    /** Tells the registry when the mount is left without any input. */
    private void noticeIdle() {
        long count;
        synchronized (lifecycle) {
            if (kept || claim.get() != null || !standby.isEmpty()) {
                return;
            }
            count = ++idleCount;
        }
        idleObserver.idle(this, count);
    }

    /**
     * Ends the mount if it has been without input since the {@code idleCount}-th time it was left
     * so; returns whether it ended. Called by the registry once the linger time has passed.
     */
    boolean endIfStillIdle(long idleCount) {
        synchronized (lifecycle) {
            return !kept && this.idleCount == idleCount && standby.isEmpty()
                    && claim.compareAndSet(null, endMarker);
        }
    }

    /** Whether an input below {@code priority} stands by to play when that one cannot. */
    public boolean hasStandbyBelow(InputPriority priority) {
        return !standby.headMap(priority).isEmpty();
    }

    /**
     * Called by a standby input of {@code priority} that was asked to resume but cannot play now:
     * if the mount is still free, the next input below it is asked.
     */
    public void passOn(InputPriority priority) {
        if (claim.get() == null) {
            Map.Entry<InputPriority, StandbyInput> next = standby.lowerEntry(priority);
            if (next != null) {
                next.getValue().resume();
            }
        }
    }

    /**
     * Ends a claim's stream (on its writer's thread) and frees the mount if the claim still holds it;
     * the highest standby input below the released one is then asked to resume.
     */
    void release(SourceClaim released) {
        stats.sourceDisconnected(released.info().protocol());
        released.buffer().end();
        if (claim.compareAndSet(released, null)) {
            metadata.updateAndGet(current -> claim.get() == null && !current.noInput() ? current.nextWithoutInput()
                    : current);
            passOn(released.priority());
            noticeIdle();
        }
    }

    /**
     * Marks the mount as having no input of its own while an input still holds it (a relay whose
     * upstream mount has none passes that on); the next title update or claim clears it.
     */
    public void markNoInput() {
        metadata.updateAndGet(current -> current.noInput() ? current : current.nextWithoutInput());
    }

    /**
     * Gives the mount its transcoded renditions (once, when its transcoder starts); the input holding
     * the mount is told, so a source that sent everything before the transcoder ran is not left out.
     */
    public void transcodeWith(Transcoding renditions) {
        this.transcoding = renditions;
        SourceClaim holder = claim.get();
        if (holder != null) {
            holder.transcodingStarted();
        }
    }

    /** The mount's transcoded renditions, if it has a transcoder. */
    public Optional<Transcoding> transcoding() {
        return Optional.ofNullable(transcoding);
    }

    /** The mount's counters (listeners, sources, metadata). */
    public MountStats stats() {
        return stats;
    }

    /** The claim of the input holding the mount (live source, relay or playlist), if any. */
    public Optional<SourceClaim> liveSource() {
        SourceClaim current = claim.get();
        return current == null || current == endMarker ? Optional.empty() : Optional.of(current);
    }

    /** The buffer listeners of the source's own stream read, if a source is connected. */
    public Optional<BroadcastBuffer> passthroughBuffer() {
        return liveSource().map(SourceClaim::buffer);
    }

    public StreamMetadata metadata() {
        return metadata.get();
    }

    /** Sets the "now playing" title (and URL, may be empty); the next chunk carries it. */
    public StreamMetadata updateMetadata(String title, String url) {
        stats.metadataUpdated();
        return metadata.updateAndGet(current -> current.next(title, url));
    }

    /** Registers a listener of this mount; returns the new count. */
    public int listenerJoined(ListenerHandle listener) {
        connected.put(listener.id(), listener);
        listenerConnects.incrementAndGet();
        int now = listeners.incrementAndGet();
        listenerPeak.accumulateAndGet(now, Math::max);
        return now;
    }

    /** Unregisters a listener (it left, was kicked, or moved to another mount). */
    public void listenerLeft(ListenerHandle listener) {
        if (connected.remove(listener.id()) != null) {
            listeners.decrementAndGet();
        }
    }

    /** The listeners connected now, in no particular order. */
    public Collection<ListenerHandle> connectedListeners() {
        return List.copyOf(connected.values());
    }

    /** Listeners of one rendition ("source" for the source's own stream); counts, so O(listeners). */
    public int listeners(String rendition) {
        int count = 0;
        for (ListenerHandle listener : connected.values()) {
            if (listener.rendition().equals(rendition)) {
                count++;
            }
        }
        return count;
    }

    public Optional<ListenerHandle> listener(long id) {
        return Optional.ofNullable(connected.get(id));
    }

    public int listeners() {
        return listeners.get();
    }

    public int listenerPeak() {
        return listenerPeak.get();
    }

    public long listenerConnects() {
        return listenerConnects.get();
    }

    @Override
    public String toString() {
        return "Mount{" + path + "}";
    }
}
