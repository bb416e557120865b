package org.airwave.app.limits;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Decides which connection refusals are logged: the first of each burst from a client address,
 * where a burst ends once the address has been refused nothing for {@link #QUIET}. A flood is one
 * line per address, not one per connection; every refusal is still counted in the metrics.
 * At most {@link #MAX_ADDRESSES} bursts are remembered: beyond that (a flood from many addresses
 * at once) new addresses are counted but not logged until old bursts end.
 *
 * <p>One per server. Threading: any thread.
 */
public final class RefusalBursts {

    static final Duration QUIET = Duration.ofSeconds(10);
    static final int MAX_ADDRESSES = 4096;

    private final ConcurrentHashMap<InetAddress, Long> lastRefusal = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    /** @param nanoClock {@link System#nanoTime} in production */
    public RefusalBursts(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Records a refusal of {@code address}; true when it starts a burst (and so is to be logged). */
    public boolean startsBurst(InetAddress address) {
        long now = nanoClock.getAsLong();
        if (lastRefusal.size() >= MAX_ADDRESSES && !lastRefusal.containsKey(address)) {
            lastRefusal.values().removeIf(last -> now - last > QUIET.toNanos());
            if (lastRefusal.size() >= MAX_ADDRESSES) {
                return false;
            }
        }
        Long previous = lastRefusal.put(address, now);
        return previous == null || now - previous > QUIET.toNanos();
    }
}
