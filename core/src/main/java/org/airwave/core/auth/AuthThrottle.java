package org.airwave.core.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds off password guessing. Every password check of the server (sources on both ports, title
 * updates, the admin API, {@code /metrics}) runs through {@link #check}, keyed by the client's
 * address (an IPv6 client by its /64, which one host usually owns). After
 * {@code failuresBeforeBlock} failures an address is blocked: its logins are refused at once,
 * without looking at the credentials (a right password too, or the block would only slow a guesser
 * down), first for {@code firstBlock}, then for twice as long after each further failure, up to
 * {@code maxBlock}. A success once a block is over forgets the address; so does a quiet
 * {@code maxBlock} after its last failure or block. Other addresses are never affected.
 *
 * <p>Logged once per burst, not per attempt: an address's first failure, each block with its
 * counts (blocks double, so a persistent guesser costs one line per {@code maxBlock}), and the
 * success that ends a burst. At most {@code maxTrackedAddresses} are tracked; beyond, the least
 * recently seen is forgotten.
 *
 * <p>Threading: any thread. One lock covers the bookkeeping and the credential check itself (a
 * constant-time comparison, no I/O), so that concurrent attempts from one address cannot slip past
 * a block; log lines are written after it is released. Time comes from the injected clock.
 */
public final class AuthThrottle {

    /**
     * The throttle's named limits.
     *
     * @param failuresBeforeBlock {@code limits.auth-failures-before-block}: failures before an address is blocked
     * @param firstBlock {@code limits.auth-block-first-seconds}: the first block; each further failure doubles it
     * @param maxBlock {@code limits.auth-block-max-seconds}: the longest block, and how long a quiet address is remembered
     * @param maxTrackedAddresses {@code limits.auth-tracked-addresses}: addresses remembered at most
     */
    public record Limits(int failuresBeforeBlock, Duration firstBlock, Duration maxBlock, int maxTrackedAddresses) {
    }
    private static final int IPV6_PREFIX_BYTES = 8;
    private static final Logger LOG = LoggerFactory.getLogger(AuthThrottle.class);

    private final Limits limits;
    private final LongSupplier nanoTime;
    private final Map<Object, Failures> addresses;

    public AuthThrottle(Limits limits) {
        this(limits, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds ({@link System#nanoTime} outside tests) */
    public AuthThrottle(Limits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.addresses = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Failures> eldest) {
                return size() > limits.maxTrackedAddresses();
            }
        };
    }

    /**
     * One login attempt of {@code client}: refused as blocked without calling {@code credentials}
     * while the address is blocked, else granted or denied as {@code credentials} decides, which is
     * recorded.
     *
     * @param attempt what was tried, for the log ("source /live", "admin /admin/stats")
     * @param credentials the check itself; quick and non-blocking (it runs under the throttle's lock)
     */
    public AuthVerdict check(SocketAddress client, String attempt, BooleanSupplier credentials) {
        Object key = key(client);
        String logLine;
        AuthVerdict verdict;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            forgetQuiet(now);
            Failures failures = addresses.get(key);
            if (failures != null && failures.blocks > 0 && now - failures.blockedUntil < 0) {
                failures.refused++;
                return AuthVerdict.blocked(ceilSeconds(failures.blockedUntil - now));
            }
            if (credentials.getAsBoolean()) {
                verdict = AuthVerdict.GRANTED;
                logLine = failures == null ? null : attempt + " granted after " + addresses.remove(key).summary();
            } else {
                verdict = AuthVerdict.DENIED;
                logLine = failed(key, failures, attempt, now);
            }
        }
        if (logLine != null) {
            LOG.info("{}: {}", display(key), logLine);
        }
        return verdict;
    }

    /** Addresses tracked now (blocked or with failures to remember). */
    public synchronized int trackedAddresses() {
        return addresses.size();
    }

    private String failed(Object key, Failures known, String attempt, long now) {
        Failures failures = known;
        String logLine = null;
        if (failures == null) {
            failures = new Failures();
            addresses.put(key, failures);
            logLine = "wrong credentials (" + attempt + ")";
        }
        failures.count++;
        failures.quietSince = now;
        if (failures.count >= limits.failuresBeforeBlock()) {
            long block = Math.min(limits.firstBlock().toNanos() << Math.min(failures.blocks, 30),
                    limits.maxBlock().toNanos());
            failures.blocks++;
            failures.blockedUntil = now + block;
            failures.quietSince = failures.blockedUntil;
            logLine = failures.summary() + ", last " + attempt + "; refusing its logins for "
                    + ceilSeconds(block) + " s (limits.auth-failures-before-block=" + limits.failuresBeforeBlock()
                    + ", limits.auth-block-max-seconds=" + limits.maxBlock().toSeconds() + ")";
        }
        return logLine;
    }

    /** Drops addresses quiet for {@code maxBlock}; the least recently seen come first. */
    private void forgetQuiet(long now) {
        long memory = limits.maxBlock().toNanos();
        Iterator<Failures> oldest = addresses.values().iterator();
        while (oldest.hasNext() && now - oldest.next().quietSince >= memory) {
            oldest.remove();
        }
    }

    private static long ceilSeconds(long nanos) {
        return Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    /** The address a client is counted under: its IP (an IPv6 one's /64), or the address itself. */
    static Object key(SocketAddress client) {
        if (!(client instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return client;
        }
        InetAddress address = inet.getAddress();
        if (address instanceof Inet6Address) {
            try {
                return InetAddress.getByAddress(Arrays.copyOf(Arrays.copyOf(address.getAddress(), IPV6_PREFIX_BYTES), 16));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("a 16-byte address is always valid", e);
            }
        }
        return address;
    }

    private static String display(Object key) {
        return key instanceof Inet6Address v6 ? v6.getHostAddress() + "/64"
                : key instanceof InetAddress v4 ? v4.getHostAddress() : String.valueOf(key);
    }

    /** One address's burst of failures; guarded by the throttle's lock. */
    private static final class Failures {
        int count;
        int blocks;
        long refused;
        long blockedUntil;
        long quietSince;

        String summary() {
            return count + " failed login(s)" + (refused > 0 ? " and " + refused + " refused while blocked" : "");
        }
    }
}
