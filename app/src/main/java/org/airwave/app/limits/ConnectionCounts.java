package org.airwave.app.limits;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.airwave.core.connection.ConnectionSlot;

/**
 * The server's open connections, in all and per client address, against {@link ConnectionLimits}:
 * {@link #admit} gives a connection its {@link ConnectionSlot} or names the limit it would break.
 * An address has an entry only while it has a connection the limits count (one with its head
 * still pending, or any when {@code limits.max-connections-per-address} is on); the entry goes
 * when its counts reach 0, so memory follows the connections, not the addresses ever seen.
 *
 * <p>One per server, shared by every port's {@link ConnectionGate}. Threading: any thread; an
 * address's counts change inside {@link ConcurrentHashMap#compute}, the total is atomic.
 */
public final class ConnectionCounts {

    /** The outcome of {@link #admit}: a slot, or the config key of the limit that refused the connection. */
    public record Admission(ConnectionSlot slot, String refusedBy) {

        public boolean admitted() {
            return slot != null;
        }
    }

    /** One address's counts; changed only inside the map's compute for its key. */
    private static final class AddressCount {
        int pending;
        int open;
    }

    private final ConnectionLimits limits;
    private final ConcurrentHashMap<InetAddress, AddressCount> byAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public ConnectionCounts(ConnectionLimits limits) {
        this.limits = limits;
    }

    public ConnectionLimits limits() {
        return limits;
    }

    /** Counts a connection just accepted from {@code client}, unless a limit refuses it. */
    public Admission admit(InetSocketAddress client) {
        if (total.incrementAndGet() > limits.maxConnections()) {
            total.decrementAndGet();
            return new Admission(null, ConnectionLimits.TOTAL_KEY);
        }
        if (limits.trusted().contains(client)) {
            return new Admission(new Slot(null), null);
        }
        InetAddress address = client.getAddress();
        String[] refusedBy = new String[1];
        byAddress.compute(address, (key, count) -> {
            AddressCount counts = count == null ? new AddressCount() : count;
            if (counts.pending >= limits.maxPendingHeadsPerAddress()) {
                refusedBy[0] = ConnectionLimits.PENDING_HEADS_KEY;
            } else if (limits.maxConnectionsPerAddress() > 0 && counts.open >= limits.maxConnectionsPerAddress()) {
                refusedBy[0] = ConnectionLimits.PER_ADDRESS_KEY;
            } else {
                counts.pending++;
                counts.open += openCounted();
            }
            return counts.pending == 0 && counts.open == 0 ? null : counts;
        });
        if (refusedBy[0] != null) {
            total.decrementAndGet();
            return new Admission(null, refusedBy[0]);
        }
        return new Admission(new Slot(address), null);
    }

    /** Connections counted now, in all. */
    public int total() {
        return total.get();
    }

    /** Connections from {@code address} whose head is still pending. */
    public int pendingHeads(InetAddress address) {
        AddressCount count = byAddress.get(address);
        return count == null ? 0 : count.pending;
    }

    /** Addresses that have an entry (for tests of bounded memory). */
    public int addressesTracked() {
        return byAddress.size();
    }

    private void change(InetAddress address, int pending, int open) {
        byAddress.computeIfPresent(address, (key, counts) -> {
            counts.pending += pending;
            counts.open += open;
            return counts.pending == 0 && counts.open == 0 ? null : counts;
        });
    }

    /** Open connections are counted per address only when they are limited per address. */
    private int openCounted() {
        return limits.maxConnectionsPerAddress() > 0 ? 1 : 0;
    }

    /** A connection's place; confined to its event loop (see {@link ConnectionSlot}). */
    private final class Slot implements ConnectionSlot {

        /** The address counted, or null for a trusted one (counted in the total only). */
        private final InetAddress address;
        private boolean pending = true;
        private boolean released;

        Slot(InetAddress address) {
            this.address = address;
        }

        @Override
        public void headReceived() {
            if (pending && !released) {
                pending = false;
                if (address != null) {
                    change(address, -1, 0);
                }
            }
        }

        @Override
        public void release() {
            if (released) {
                return;
            }
            released = true;
            total.decrementAndGet();
            if (address != null) {
                change(address, pending ? -1 : 0, -openCounted());
            }
        }
    }
}
