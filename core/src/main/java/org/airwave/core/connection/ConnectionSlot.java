package org.airwave.core.connection;

import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.netty.util.AttributeMap;

/**
 * The place an accepted connection holds in the server's connection limits, from accept until
 * its socket is closed. It counts as a pending head until {@link #headReceived()} (the slowloris
 * guard), and as a connection until {@link #release()}.
 *
 * <p>Ownership: the connection's channel carries it (attribute {@link #KEY}) while the channel is
 * in Netty; whoever takes a socket out of Netty takes the slot with it ({@link #handOver}) and
 * releases it when it closes that socket. Threading: the connection's event loop; both calls are
 * idempotent.
 */
public interface ConnectionSlot {

    AttributeKey<ConnectionSlot> KEY = AttributeKey.valueOf(ConnectionSlot.class, "slot");

    /** A slot that counts nothing (a connection accepted where no limits apply). */
    ConnectionSlot NONE = new ConnectionSlot() {
        @Override
        public void headReceived() {
        }

        @Override
        public void release() {
        }
    };

    /** The request head (or SHOUTcast login) is complete: the connection stops counting as pending. */
    void headReceived();

    /** The connection is closed: its place is free. */
    void release();

    /** Marks the head of the connection behind {@code channel} received, if it holds a slot. */
    static void headReceived(AttributeMap channel) {
        if (channel.hasAttr(KEY)) {
            ConnectionSlot slot = channel.attr(KEY).get();
            if (slot != null) {
                slot.headReceived();
            }
        }
    }

    /**
     * Takes the slot off {@code channel} for whoever now owns its socket (and must release the slot
     * when it closes it); {@link #NONE} when the channel holds none.
     */
    static ConnectionSlot handOver(AttributeMap channel) {
        if (!channel.hasAttr(KEY)) {
            return NONE;
        }
        Attribute<ConnectionSlot> attribute = channel.attr(KEY);
        ConnectionSlot slot = attribute.getAndSet(null);
        return slot == null ? NONE : slot;
    }
}
