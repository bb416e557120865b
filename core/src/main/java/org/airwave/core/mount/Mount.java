package org.airwave.core.mount;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.airwave.core.stats.MountStats;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import org.airwave.core.stream.StreamMetadata;

/**
 * A named stream ({@code /live}): at most one live source at a time, the current "now playing"
 * metadata, the buffer listeners read, and listener counts.
 *
 * <p>Threading: safe for any thread. The source claim is an atomic compare-and-set (one live
 * source per mount); metadata and the current buffer are published through volatile references.
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
    private volatile FallbackInput fallback;

    Mount(String path) {
        this.path = path;
    }

    /** The mount's path, starting with '/'. */
    public String path() {
        return path;
    }

    /**
     * Claims the mount for a live source, or returns empty when another live source holds it. A
     * live source takes the mount from a fallback (playlist) at once; the fallback is told to
     * yield. The new source starts with an empty title and a fresh buffer.
     */
    public Optional<SourceClaim> claim(SourceInfo info, BufferLimits limits) {
        return claim(info, limits, false);
    }

    /**
     * Claims the mount for the fallback input (see {@link #fallBackTo}); empty while a live source
     * (or another claim) holds it.
     */
    public Optional<SourceClaim> claimAsFallback(SourceInfo info, BufferLimits limits) {
        return claim(info, limits, true);
    }

    private Optional<SourceClaim> claim(SourceInfo info, BufferLimits limits, boolean asFallback) {
        SourceClaim candidate = new SourceClaim(this, info, new BroadcastBuffer(limits), asFallback);
        for (;;) {
            SourceClaim current = claim.get();
            if (current == null) {
                if (claim.compareAndSet(null, candidate)) {
                    break;
                }
            } else if (current.isFallback() && !asFallback) {
                if (claim.compareAndSet(current, candidate)) {
                    FallbackInput yielding = fallback;
                    if (yielding != null) {
                        yielding.yieldToLive();
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

    /** Registers the input that plays while no live source does (at most one per mount). */
    public void fallBackTo(FallbackInput input) {
        this.fallback = input;
    }

    /** Ends a claim's stream (on its writer's thread) and frees the mount if the claim still holds it. */
    void release(SourceClaim released) {
        stats.sourceDisconnected(released.info().protocol());
        released.buffer().end();
        if (claim.compareAndSet(released, null) && !released.isFallback()) {
            FallbackInput waiting = fallback;
            if (waiting != null) {
                waiting.resume();
            }
        }
    }

    /** Gives the mount its transcoded renditions (once, when its transcoder starts). */
    public void transcodeWith(Transcoding renditions) {
        this.transcoding = renditions;
    }

    /** The mount's transcoded renditions, if it has a transcoder. */
    public Optional<Transcoding> transcoding() {
        return Optional.ofNullable(transcoding);
    }

    /** The mount's counters (listeners, sources, metadata). */
    public MountStats stats() {
        return stats;
    }

    /** The live source's claim, if one is connected. */
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
