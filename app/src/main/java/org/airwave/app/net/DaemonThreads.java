package org.airwave.app.net;

import java.util.concurrent.ThreadFactory;

/**
 * Named daemon threads for the server's own executors (playlists, track loading, transcoder
 * set-up, the mirror's polls), so that none of them keeps the JVM alive. Threading: stateless.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A factory of daemon threads called {@code name}. */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
