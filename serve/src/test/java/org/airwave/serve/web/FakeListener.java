package org.airwave.serve.web;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.airwave.core.mount.ListenerHandle;
import org.airwave.core.mount.Mount;

/**
 * A listener registered on a mount without a connection: it records what an administrator did to
 * it (kick, move) the way a real listener stream would, by leaving or changing mounts.
 */
public final class FakeListener implements ListenerHandle {

    private final long id;
    private final String address;
    private final String userAgent;
    private final Instant connectedAt;
    private final AtomicReference<Mount> mount;
    private volatile String rendition = "source";
    private volatile boolean kicked;

    public FakeListener(long id, String address, String userAgent, Instant connectedAt, Mount mount) {
        this.id = id;
        this.address = address;
        this.userAgent = userAgent;
        this.connectedAt = connectedAt;
        this.mount = new AtomicReference<>(mount);
    }

    /** Makes the listener and registers it on {@code mount}. */
    public static FakeListener join(long id, Mount mount, Instant connectedAt) {
        FakeListener listener = new FakeListener(id, "/127.0.0.1:" + (40000 + id), "test-player/" + id, connectedAt,
                mount);
        mount.listenerJoined(listener);
        return listener;
    }

    public void leave() {
        mount.get().listenerLeft(this);
    }

    public boolean kicked() {
        return kicked;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String remoteAddress() {
        return address;
    }

    @Override
    public String userAgent() {
        return userAgent;
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public long bytesSent() {
        return 0;
    }

    @Override
    public Mount mount() {
        return mount.get();
    }

    @Override
    public String rendition() {
        return rendition;
    }

    /** Makes the listener one of a transcoded rendition's (its name, e.g. "64"). */
    public FakeListener playing(String renditionName) {
        this.rendition = renditionName;
        return this;
    }

    @Override
    public void kick() {
        kicked = true;
        leave();
    }

    @Override
    public void serverStopping() {
        leave();
    }

    @Override
    public boolean moveTo(Mount destination) {
        if (destination.liveSource().isEmpty()) {
            return false;
        }
        leave();
        mount.set(destination);
        rendition = "source";
        destination.listenerJoined(this);
        return true;
    }
}
