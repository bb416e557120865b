package org.airwave.ingest.relay;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long a relay waits before its next round of connection attempts: doubling from an initial
 * wait up to a cap, with "equal jitter" (a random point in the upper half of the step) so relays
 * of many mounts that lost the same upstream do not all reconnect at the same instant.
 *
 * <p>Threading: immutable; the random source is called on the caller's thread.
 */
public final class Backoff {

    private static final int MAX_DOUBLINGS = 30;

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1): {@code ThreadLocalRandom.current()::nextDouble}, or fixed in tests */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max (was " + initial + ", " + max + ")");
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait after {@code failedRounds} (1 or more) rounds in a row failed. */
    public Duration delay(int failedRounds) {
        int doublings = Math.min(Math.max(failedRounds - 1, 0), MAX_DOUBLINGS);
        long step = Math.min(max.toMillis(), initial.toMillis() << doublings);
        long half = step / 2;
        return Duration.ofMillis(step - half + (long) (random.getAsDouble() * (half + 1)));
    }
}
