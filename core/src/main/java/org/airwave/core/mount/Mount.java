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
 * <p>Threading: safe for any thread. The claim is an atomic compare-and-set; metadata and the
 * current buffer are published through volatile references.
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

    Mount(String path) {
        this.path = path;
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
     * a lower priority (whose standby input is told to yield), else returns empty.
     */
    public Optional<SourceClaim> claim(SourceInfo info, BufferLimits limits, InputPriority priority) {
        SourceClaim candidate = new SourceClaim(this, info, new BroadcastBuffer(limits), priority);
        for (;;) {
            SourceClaim current = claim.get();
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
     * priority; {@link InputPriority#LIVE} sources connect on their own and never stand by).
     */
    public void standBy(InputPriority priority, StandbyInput input) {
        if (priority == InputPriority.LIVE) {
            throw new IllegalArgumentException("live sources do not stand by");
        }
        standby.put(priority, input);
    }

    /** Unregisters {@code input} (it stopped for good, e.g. a relay removed at runtime). */
    public void withdraw(InputPriority priority, StandbyInput input) {
        standby.remove(priority, input);
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
        return Optional.ofNullable(claim.get());
    }

    /** The buffer listeners of the source's own stream read, if a source is connected. */
    public Optional<BroadcastBuffer> passthroughBuffer() {
        SourceClaim current = claim.get();
        return current == null ? Optional.empty() : Optional.of(current.buffer());
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
