package org.airwave.ingest.relay;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.airwave.core.stats.RelayStats;
import org.airwave.ingest.SourceAdmission;

/**
 * The relays running in a server, by mount: started from the configuration at start-up, and
 * added or removed at runtime (by a mirror discovering an origin's mounts). Each relay runs on one
 * event loop of the server's worker group.
 *
 * <p>Threading: any thread; {@link #close} stops them all.
 */
public final class Relays implements AutoCloseable {

    private final SourceAdmission admission;
    private final RelaySettings settings;
    private final EventLoopGroup group;
    private final Class<? extends Channel> channelClass;
    private final Consumer<Relay> onAdded;
    private final Map<String, Relay> running = new ConcurrentHashMap<>();
    private final Map<String, RelayStats> stats = new ConcurrentHashMap<>();

    /**
     * @param group the server's worker event loops (relays never get threads of their own)
     * @param channelClass the socket channel type of the server's transport
     * @param onAdded told of every relay started (e.g. to bind its meters); a mount's relays share one
     *     {@link RelayStats}, so meters bound for the first stay right for the ones that replace it
     */
    public Relays(SourceAdmission admission, RelaySettings settings, EventLoopGroup group,
                  Class<? extends Channel> channelClass, Consumer<Relay> onAdded) {
        this.admission = admission;
        this.settings = settings;
        this.group = group;
        this.channelClass = channelClass;
        this.onAdded = onAdded;
    }

    /**
     * Starts relaying {@code targets} (in priority order) into {@code mountPath}; a relay the mount
     * had is stopped first, and the new one starts once it has released the mount.
     */
    public Relay add(String mountPath, List<RelayTarget> targets, boolean onDemand) {
        Relay relay = new Relay(mountPath, targets, onDemand, admission, settings, group.next(), channelClass,
                stats.computeIfAbsent(mountPath, mount -> new RelayStats()));
        Relay previous = running.put(mountPath, relay);
        onAdded.accept(relay);
        if (previous == null) {
            relay.start();
        } else {
            previous.close().addListener(stopped -> relay.start());
        }
        return relay;
    }

    /** Stops the relay of {@code mountPath}, if any; whoever is next for the mount plays. */
    public void remove(String mountPath) {
        Relay relay = running.remove(mountPath);
        if (relay != null) {
            relay.close();
        }
    }

    /** The relays running now. */
    public Map<String, Relay> running() {
        return Map.copyOf(running);
    }

    @Override
    public void close() {
        running.keySet().forEach(this::remove);
    }
}
