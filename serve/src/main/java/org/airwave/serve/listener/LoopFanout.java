package org.airwave.serve.listener;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.airwave.core.stream.BroadcastBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one event loop that read one {@link BroadcastBuffer}, woken together: the
 * buffer wakes this one subscription per append (not every listener), and the loop drains its
 * listeners in {@value #SLOTS} staggered slots, in turn, one or more slots per tick: a tick of
 * {@code writeInterval / SLOTS} per slot it drains. So every listener is drained about once per
 * write interval, and writes everything that arrived since in one gathering write (one system
 * call instead of one per chunk); and the loop never spends more than about {@value
 * #LISTENERS_PER_TICK} listeners' drains (or a slot) at once, so new connections on it are not
 * held up behind a whole fan-out. A loop with few listeners drains several slots per tick (up to
 * {@value #MAX_SLOTS_PER_TICK}): each tick is a wake-up of the loop's thread, which costs more
 * than a few hundred listeners' drains (on a VM, about 0.3 ms of CPU).
 *
 * <p>Ticking starts on an append and stops after a full round in which nothing new arrived, so an
 * idle buffer costs nothing. A source faster than real time (a backlog sent at once, a fast
 * feeder) could push chunks out of the window before their slot's turn: when more audio than
 * {@link #catchUpMicros} arrived since the slot drained longest ago, the writer asks for a
 * catch-up drain of every slot at once. A new listener is drained at once by {@link ListenerStream}
 * itself, not on a tick (burst on connect). A listener whose socket did not take everything either
 * drains again when its channel becomes writable ({@link ChannelListenerStream}) or is listed for a
 * drain every {@value #PENDING_EVERY} slots' ticks ({@link #pendingWrite}, {@link SocketListenerStream}),
 * so ticking goes on while some listener has bytes to write. While the buffer is quiet (no ticks), every listener is
 * asked once per {@link #QUIET_CHECK_NANOS} whether its peer left, which a write would tell.
 *
 * <p>Threading: {@link #onAppend()} runs on the buffer's writer thread and only counts and
 * schedules; everything else, including the per-loop registry ({@link #join}, {@link #leave}),
 * is confined to the event loop.
 */
final class LoopFanout implements BroadcastBuffer.Reader {

    /** Slots per write interval; each listener belongs to one. */
    static final int SLOTS = 20;
    /** Listeners a tick drains at most when it drains more than one slot. */
    static final int LISTENERS_PER_TICK = 250;
    /** Slots a tick drains at most: a loop with any listener ticks at least {@code SLOTS / this} times per interval. */
    static final int MAX_SLOTS_PER_TICK = 5;
    /**
     * Listeners with bytes left over are drained every this many slots' ticks (five times per
     * write interval; every tick when a tick drains more slots), not only on their slot's: a
     * socket whose send buffer holds less than one interval of the stream (a high bitrate to a
     * distant listener) still keeps up.
     */
    static final int PENDING_EVERY = 4;
    /** How often the listeners of a quiet buffer are asked whether their peer left (writes tell otherwise). */
    static final long QUIET_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(LoopFanout.class);

    /** Each event loop thread's groups, by buffer. */
    private static final FastThreadLocal<Map<BroadcastBuffer, LoopFanout>> GROUPS = new FastThreadLocal<>() {
        @Override
        protected Map<BroadcastBuffer, LoopFanout> initialValue() {
            return new IdentityHashMap<>();
        }
    };

    private final EventLoop loop;
    private final BroadcastBuffer buffer;
    private final long tickNanos;
    private final List<List<ListenerStream>> slots = new ArrayList<>(SLOTS);
    /** Appends seen by each slot's last drain. */
    private final long[] drainedAppends = new long[SLOTS];
    /** Listeners whose socket did not take everything at their last drain, drained every {@value #PENDING_EVERY} slots' ticks. */
    private List<ListenerStream> pending = new ArrayList<>();
    private List<ListenerStream> pendingDraining = new ArrayList<>();
    /** Ticks so far, counted in slots (a tick that drains three slots counts three). */
    private long ticks;
    private long pendingDrainedAt = -PENDING_EVERY;
    /** Slots a tick drains ({@link #slotsPerTick(int)}); written on the loop, read wherever a tick is scheduled. */
    private volatile int slotsPerTick = MAX_SLOTS_PER_TICK;
    /** Ticks run, for tests. */
    private long tickRuns;
    /**
     * The buffer's stream time at each slot's last drain. Ticks mark empty slots too, so a listener
     * joining an empty slot finds its mark no older than any other slot's (and {@link #add} needs
     * no branch on whether the slot is empty: a JIT compiler that saw only one side of such a
     * branch recompiles the whole connection path when a ramp takes the other).
     */
    private final long[] drainedMicros = new long[SLOTS];
    /** The oldest of {@link #drainedMicros} among slots with listeners, for the writer's catch-up check. */
    private volatile long oldestDrainedMicros;
    /** Audio since the oldest drain that calls for a catch-up: two write intervals, at most a quarter of the window. */
    private final long catchUpMicros;
    private final AtomicLong appends = new AtomicLong();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final AtomicBoolean catchUpPending = new AtomicBoolean();
    private final Runnable tick = this::tick;
    private final Runnable catchUp = this::catchUp;
    private final Runnable quietCheck = this::quietCheck;
    private boolean quietCheckScheduled;
    private int nextSlot;
    private int members;

    private LoopFanout(EventLoop loop, BroadcastBuffer buffer, long writeIntervalNanos) {
        this.loop = loop;
        this.buffer = buffer;
        this.tickNanos = Math.max(1, writeIntervalNanos / SLOTS);
        this.catchUpMicros = Math.min(2 * writeIntervalNanos / 1000, buffer.limits().windowMicros() / 4);
        this.oldestDrainedMicros = buffer.streamMicros();
        Arrays.fill(drainedMicros, oldestDrainedMicros);
        for (int i = 0; i < SLOTS; i++) {
            slots.add(new ArrayList<>());
        }
    }

    /**
     * Adds a listener to its loop's group for the buffer (made and subscribed on first use).
     * Call on {@code loop}, which must be the listener's event loop.
     *
     * @param writeIntervalNanos how often each listener is drained; only the group's first member sets it
     */
    static LoopFanout join(EventLoop loop, BroadcastBuffer buffer, ListenerStream listener, long writeIntervalNanos) {
        assert loop.inEventLoop();
        Map<BroadcastBuffer, LoopFanout> groups = GROUPS.get();
        LoopFanout group = groups.get(buffer);
        if (group == null) {
            group = new LoopFanout(loop, buffer, writeIntervalNanos);
            groups.put(buffer, group);
            buffer.subscribe(group);
        }
        group.add(listener);
        group.scheduleQuietCheck();
        return group;
    }

    /** This loop's group for {@code buffer}, or null (for tests). On the loop. */
    static LoopFanout onThisLoop(BroadcastBuffer buffer) {
        return GROUPS.get().get(buffer);
    }

    /** Removes a listener; the last one out unsubscribes the group. On the loop. */
    void leave(ListenerStream listener) {
        List<ListenerStream> slot = slots.get(listener.fanoutSlot);
        int index = listener.fanoutIndex;
        if (index >= slot.size() || slot.get(index) != listener) {
            return;
        }
        ListenerStream moved = slot.remove(slot.size() - 1);
        if (moved != listener) {
            slot.set(index, moved);
            moved.fanoutIndex = index;
        }
        members--;
        slotsPerTick = slotsPerTick(members);
        if (members == 0) {
            GROUPS.get().remove(buffer);
            buffer.unsubscribe(this);
        }
    }

    /**
     * Called by a listener whose socket did not take everything: it is drained again within
     * {@value #PENDING_EVERY} slots' ticks even if nothing new arrives (ticking otherwise stops with the
     * appends). On the loop.
     */
    void pendingWrite(ListenerStream listener) {
        if (!listener.pendingListed) {
            listener.pendingListed = true;
            pending.add(listener);
        }
        if (ticking.compareAndSet(false, true)) {
            scheduleTick();
        }
    }

    /** Listeners in the group (for tests). On the loop. */
    int size() {
        return members;
    }

    /** Ticks run so far (wake-ups of the loop for this group; for tests). On the loop. */
    long tickRuns() {
        return tickRuns;
    }

    @Override
    public void onAppend() {
        appends.incrementAndGet();
        if (!ticking.get() && ticking.compareAndSet(false, true)) {
            scheduleTick();
        }
        boolean fallingBehind = buffer.streamMicros() - oldestDrainedMicros > catchUpMicros;
        if (fallingBehind && catchUpPending.compareAndSet(false, true)) {
            try {
                loop.execute(catchUp);
            } catch (RejectedExecutionException shuttingDown) {
                catchUpPending.set(false);
            }
        }
    }

    private void add(ListenerStream listener) {
        int smallest = 0;
        for (int i = 1; i < SLOTS; i++) {
            if (slots.get(i).size() < slots.get(smallest).size()) {
                smallest = i;
            }
        }
        listener.fanoutSlot = smallest;
        listener.fanoutIndex = slots.get(smallest).size();
        slots.get(smallest).add(listener);
        members++;
        slotsPerTick = slotsPerTick(members);
    }

    /** Slots per tick for a group of {@code members}: about {@value #LISTENERS_PER_TICK} listeners per tick, at least one slot. */
    static int slotsPerTick(int members) {
        return Math.max(1, Math.min(MAX_SLOTS_PER_TICK, LISTENERS_PER_TICK * SLOTS / Math.max(1, members)));
    }

    private void scheduleTick() {
        try {
            loop.schedule(tick, slotsPerTick * tickNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // The loop is stopping with the server: its connections close anyway.
            ticking.set(false);
        }
    }

    private void tick() {
        tickRuns++;
        long seen = appends.get();
        if (ticks - pendingDrainedAt >= PENDING_EVERY) {
            pendingDrainedAt = ticks;
            drainPending();
        }
        int count = slotsPerTick;
        long streamMicros = buffer.streamMicros();
        for (int i = 0; i < count; i++) {
            int slot = nextSlot;
            nextSlot = (slot + 1) % SLOTS;
            drainedAppends[slot] = seen;
            drainedMicros[slot] = streamMicros;
            drainSlot(slots.get(slot));
        }
        ticks += count;
        publishOldestDrainedMicros();
        if (members > 0 && (behind(seen) || !pending.isEmpty())) {
            scheduleTick();
            return;
        }
        ticking.set(false);
        if (members > 0 && behind(appends.get()) && ticking.compareAndSet(false, true)) {
            scheduleTick();
        } else {
            scheduleQuietCheck();
        }
    }

    private void scheduleQuietCheck() {
        if (quietCheckScheduled || members == 0) {
            return;
        }
        try {
            loop.schedule(quietCheck, QUIET_CHECK_NANOS, TimeUnit.NANOSECONDS);
            quietCheckScheduled = true;
        } catch (RejectedExecutionException shuttingDown) {
            // The loop is stopping with the server.
        }
    }

    /** While nothing is written (ticking stopped), asks every listener whether its peer left. */
    private void quietCheck() {
        quietCheckScheduled = false;
        if (members == 0 || ticking.get()) {
            return;
        }
        for (List<ListenerStream> slot : slots) {
            forEachInSlot(slot, ListenerStream::checkPeer);
        }
        scheduleQuietCheck();
    }

    /** Drains every slot now (a fast source); the ticks go on as before. */
    private void catchUp() {
        catchUpPending.set(false);
        long now = buffer.streamMicros();
        for (int slot = 0; slot < SLOTS; slot++) {
            drainedMicros[slot] = now;
            drainSlot(slots.get(slot));
        }
        publishOldestDrainedMicros();
    }

    private void publishOldestDrainedMicros() {
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < SLOTS; i++) {
            if (!slots.get(i).isEmpty()) {
                oldest = Math.min(oldest, drainedMicros[i]);
            }
        }
        oldestDrainedMicros = oldest == Long.MAX_VALUE ? buffer.streamMicros() : oldest;
    }

    /** Drains the listeners with bytes left over; those that still have some list themselves again. */
    private void drainPending() {
        List<ListenerStream> draining = pending;
        pending = pendingDraining;
        pendingDraining = draining;
        for (ListenerStream listener : draining) {
            listener.pendingListed = false;
        }
        drainAll(draining);
        draining.clear();
    }

    /** Whether some slot with listeners has not been drained since append number {@code appended}. */
    private boolean behind(long appended) {
        for (int i = 0; i < SLOTS; i++) {
            if (drainedAppends[i] < appended && !slots.get(i).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void drainSlot(List<ListenerStream> slot) {
        forEachInSlot(slot, this::drainOne);
    }

    /**
     * Backwards, because a listener that finishes meanwhile leaves its slot by moving the slot's
     * last listener into its place, which was visited already.
     */
    private static void forEachInSlot(List<ListenerStream> slot, Consumer<ListenerStream> action) {
        for (int i = slot.size() - 1; i >= 0; i--) {
            if (i < slot.size()) {
                action.accept(slot.get(i));
            }
        }
    }

    /** Drains a list no drain changes (a listener that finishes does not leave it). */
    private void drainAll(List<ListenerStream> listeners) {
        for (ListenerStream listener : listeners) {
            drainOne(listener);
        }
    }

    private void drainOne(ListenerStream listener) {
        try {
            listener.drain();
        } catch (RuntimeException e) {
            LOG.warn("listener {} failed while writing; closing it", listener.remoteAddress(), e);
            listener.close();
        }
    }
}
