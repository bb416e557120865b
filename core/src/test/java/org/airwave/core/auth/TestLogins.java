package org.airwave.core.auth;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shared test support for the handlers that check passwords: a real {@link AuthThrottle} with the
 * default limits (five failures, blocks from 1 s up to 120 s) on a clock that moves only when a test says
 * so, and credential checks through it.
 */
public final class TestLogins {

    /** Failures before an address is blocked, as in {@code airwave-defaults.yaml}. */
    public static final int FAILURES_BEFORE_BLOCK = 5;

    private final AtomicLong nanos = new AtomicLong();
    private final AuthThrottle throttle = new AuthThrottle(
            new AuthThrottle.Limits(FAILURES_BEFORE_BLOCK, Duration.ofSeconds(1),
            Duration.ofSeconds(120), 1000), nanos::get);

    public AuthThrottle throttle() {
        return throttle;
    }

    /** A throttled check that grants exactly {@code user}/{@code password}. */
    public CredentialCheck only(String user, String password) {
        return (client, u, p) -> throttle.check(client, "test login", () -> user.equals(u) && password.equals(p));
    }

    /** Moves the throttle's clock on. */
    public void advance(Duration time) {
        nanos.addAndGet(time.toNanos());
    }
}
