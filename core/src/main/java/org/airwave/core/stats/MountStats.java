package org.airwave.core.stats;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * The counters one mount keeps about its listeners and sources, updated by the threads that do
 * the work (listener event loops, source threads) and read by monitoring and status pages.
 *
 * <p>Threading: any thread; every counter is a {@link LongAdder}.
 */
public final class MountStats {

    private final Map<ListenerExit, LongAdder> listenerExits = new EnumMap<>(ListenerExit.class);
    private final Map<String, LongAdder> renditionBytes = new ConcurrentHashMap<>();
    private final LongAdder listenerSessions = new LongAdder();
    private final LongAdder listenerSessionMillis = new LongAdder();
    private final LongAdder firstBytes = new LongAdder();
    private final LongAdder firstByteNanos = new LongAdder();
    private final LongAdder lagSkips = new LongAdder();
    private final Map<Protocol, LongAdder> sourceConnects = new EnumMap<>(Protocol.class);
    private final Map<Protocol, LongAdder> sourceDisconnects = new EnumMap<>(Protocol.class);
    private final LongAdder sourceBytes = new LongAdder();
    private final LongAdder metadataUpdates = new LongAdder();

    public MountStats() {
        for (ListenerExit exit : ListenerExit.values()) {
            listenerExits.put(exit, new LongAdder());
        }
        for (Protocol protocol : Protocol.values()) {
            sourceConnects.put(protocol, new LongAdder());
            sourceDisconnects.put(protocol, new LongAdder());
        }
    }

    /** A listener connection ended after {@code sessionMillis}. */
    public void listenerExited(ListenerExit exit, long sessionMillis) {
        listenerExits.get(exit).increment();
        listenerSessions.increment();
        listenerSessionMillis.add(sessionMillis);
    }

    /**
     * The counter of bytes written to listeners of a rendition, for a listener to keep and call on
     * every write (one lookup per listener, not per write).
     */
    public LongConsumer bytesSentTo(String rendition) {
        return renditionBytes.computeIfAbsent(rendition, r -> new LongAdder())::add;
    }

    /** Bytes written to listeners of one rendition. */
    public long listenerBytes(String rendition) {
        LongAdder bytes = renditionBytes.get(rendition);
        return bytes == null ? 0 : bytes.sum();
    }

    /** Time from a listener's request to its first audio byte being written. */
    public void firstByte(long nanos) {
        firstBytes.increment();
        firstByteNanos.add(nanos);
    }

    public void lagSkipped() {
        lagSkips.increment();
    }

    public void sourceConnected(Protocol protocol) {
        sourceConnects.get(protocol).increment();
    }

    public void sourceDisconnected(Protocol protocol) {
        sourceDisconnects.get(protocol).increment();
    }

    public void receivedFromSource(long bytes) {
        sourceBytes.add(bytes);
    }

    public void metadataUpdated() {
        metadataUpdates.increment();
    }

    public long listenerExits(ListenerExit exit) {
        return listenerExits.get(exit).sum();
    }

    /** Bytes written to listeners of every rendition. */
    public long listenerBytes() {
        long total = 0;
        for (LongAdder bytes : renditionBytes.values()) {
            total += bytes.sum();
        }
        return total;
    }

    public long listenerSessions() {
        return listenerSessions.sum();
    }

    public long listenerSessionMillis() {
        return listenerSessionMillis.sum();
    }

    public long firstBytes() {
        return firstBytes.sum();
    }

    public long firstByteNanos() {
        return firstByteNanos.sum();
    }

    public long lagSkips() {
        return lagSkips.sum();
    }

    public long sourceConnects(Protocol protocol) {
        return sourceConnects.get(protocol).sum();
    }

    public long sourceDisconnects(Protocol protocol) {
        return sourceDisconnects.get(protocol).sum();
    }

    public long sourceBytes() {
        return sourceBytes.sum();
    }

    public long metadataUpdates() {
        return metadataUpdates.sum();
    }
}
