package org.airwave.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Source logins whose password was accepted but whose mount is not claimed yet: a SHOUTcast v1
 * source between its {@code OK2} and the end of its headers. A title update for such a mount
 * (liquidsoap sends its first one right after {@code OK2}, on another connection, and may be
 * served before the source's headers are) waits for the login to settle instead of being refused.
 *
 * <p>Owned by {@link SourceAdmission}, one per server. Threading: any; a login is begun and settled
 * on its source's event loop, waited for from others; the waiting actions run on the settling
 * thread and must only hand work to their own event loop.
 */
public final class SourceLogins {

    private final ConcurrentHashMap<String, Login> pending = new ConcurrentHashMap<>();

    /** Registers a login for {@code mountPath}, before its client is told it may go on. */
    public Login begin(String mountPath) {
        Login login = new Login(mountPath);
        pending.put(mountPath, login);
        return login;
    }

    /**
     * Runs {@code then} once the login pending for {@code mountPath} settles; false (and
     * {@code then} not run) when no login is pending there.
     */
    public boolean whenSettled(String mountPath, Runnable then) {
        Login login = pending.get(mountPath);
        return login != null && login.await(then);
    }

    /** One pending login; settled once, when its source claimed the mount or gave up. */
    public final class Login {

        private final String mountPath;
        private List<Runnable> waiting = new ArrayList<>();

        private Login(String mountPath) {
            this.mountPath = mountPath;
        }

        private synchronized boolean await(Runnable then) {
            if (waiting == null) {
                return false;
            }
            waiting.add(then);
            return true;
        }

        /** The source claimed its mount or will not (refused, failed, closed); idempotent. */
        public void settle() {
            List<Runnable> run;
            synchronized (this) {
                run = waiting;
                waiting = null;
            }
            pending.remove(mountPath, this);
            if (run != null) {
                run.forEach(Runnable::run);
            }
        }
    }
}
