package org.airwave.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.airwave.core.stats.RejectReason;
import org.junit.jupiter.api.Test;

/**
 * {@link AuthThrottle} on a fake clock: an address that fails five times is refused unchecked for
 * a block that doubles from one second up to the maximum, other addresses are untouched, a right
 * password is refused during a block and forgets the address after it, quiet addresses are
 * forgotten and at most the named number of addresses is tracked.
 */
class AuthThrottleTest {

    private static final SocketAddress GUESSER = new InetSocketAddress("127.0.0.2", 40000);
    private static final SocketAddress GUESSER_OTHER_PORT = new InetSocketAddress("127.0.0.2", 40001);
    private static final SocketAddress OWNER = new InetSocketAddress("127.0.0.3", 40000);

    private final AtomicLong now = new AtomicLong(-5_000_000_000L);
    private final AtomicInteger checks = new AtomicInteger();
    private final AuthThrottle throttle = new AuthThrottle(
            new AuthThrottle.Limits(5, Duration.ofSeconds(1), Duration.ofSeconds(60), 3), now::get);

    private AuthVerdict attempt(SocketAddress client, boolean right) {
        return throttle.check(client, "source /live", () -> {
            checks.incrementAndGet();
            return right;
        });
    }

    private void advanceSeconds(double seconds) {
        now.addAndGet((long) (seconds * TimeUnit.SECONDS.toNanos(1)));
    }

    @Test
    void fiveFailuresBlockTheAddressAndLaterAttemptsAreRefusedWithoutCheckingThePassword() {
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(GUESSER, false)).isEqualTo(AuthVerdict.DENIED);
        }
        for (int i = 0; i < 15; i++) {
            AuthVerdict verdict = attempt(i % 2 == 0 ? GUESSER : GUESSER_OTHER_PORT, false);
            assertThat(verdict.blocked()).isTrue();
            assertThat(verdict.retryAfterSeconds()).isEqualTo(1);
            assertThat(verdict.rejectReason()).isEqualTo(RejectReason.AUTH_BLOCKED);
        }

        assertThat(checks).hasValue(5);
    }

    @Test
    void aRightPasswordFromABlockedAddressIsRefusedButOtherAddressesWorkAtOnce() {
        for (int i = 0; i < 5; i++) {
            attempt(GUESSER, false);
        }

        assertThat(attempt(GUESSER, true).blocked()).isTrue();
        assertThat(attempt(OWNER, true)).isEqualTo(AuthVerdict.GRANTED);
        assertThat(attempt(OWNER, false)).isEqualTo(AuthVerdict.DENIED);
    }

    @Test
    void eachFailureAfterABlockDoublesTheNextBlockUpToTheMaximum() {
        for (int i = 0; i < 5; i++) {
            attempt(GUESSER, false);
        }
        long expected = 1;
        for (int round = 0; round < 9; round++) {
            assertThat(attempt(GUESSER, false).retryAfterSeconds()).isEqualTo(expected);
            advanceSeconds(expected - 0.5);
            assertThat(attempt(GUESSER, true).blocked()).isTrue();
            advanceSeconds(0.5);
            assertThat(attempt(GUESSER, false)).isEqualTo(AuthVerdict.DENIED);
            expected = Math.min(expected * 2, 60);
        }

        assertThat(checks).hasValue(5 + 9);
    }

    @Test
    void aSuccessAfterTheBlockForgetsTheFailures() {
        for (int i = 0; i < 5; i++) {
            attempt(GUESSER, false);
        }
        advanceSeconds(1);

        assertThat(attempt(GUESSER, true)).isEqualTo(AuthVerdict.GRANTED);
        for (int i = 0; i < 4; i++) {
            assertThat(attempt(GUESSER, false)).isEqualTo(AuthVerdict.DENIED);
        }
        assertThat(attempt(GUESSER, true)).isEqualTo(AuthVerdict.GRANTED);
    }

    @Test
    void anAddressQuietForTheLongestBlockIsForgotten() {
        for (int i = 0; i < 4; i++) {
            attempt(GUESSER, false);
        }
        assertThat(throttle.trackedAddresses()).isEqualTo(1);
        advanceSeconds(60);

        assertThat(attempt(OWNER, true)).isEqualTo(AuthVerdict.GRANTED);
        assertThat(throttle.trackedAddresses()).isZero();
        for (int i = 0; i < 4; i++) {
            assertThat(attempt(GUESSER, false)).isEqualTo(AuthVerdict.DENIED);
        }
    }

    @Test
    void atMostTheNamedNumberOfAddressesIsTrackedTheOldestForgottenFirst() {
        for (int host = 1; host <= 10; host++) {
            SocketAddress client = new InetSocketAddress("127.0.1." + host, 40000);
            for (int i = 0; i < 5; i++) {
                attempt(client, false);
            }
        }

        assertThat(throttle.trackedAddresses()).isEqualTo(3);
        assertThat(attempt(new InetSocketAddress("127.0.1.1", 40000), true)).isEqualTo(AuthVerdict.GRANTED);
        assertThat(attempt(new InetSocketAddress("127.0.1.10", 40000), true).blocked()).isTrue();
    }

    @Test
    void ipv6ClientsAreCountedByTheirSlash64() {
        for (int i = 0; i < 5; i++) {
            attempt(new InetSocketAddress("2001:db8:1:2::" + (i + 1), 40000), false);
        }

        assertThat(attempt(new InetSocketAddress("2001:db8:1:2::ff", 40000), true).blocked()).isTrue();
        assertThat(attempt(new InetSocketAddress("2001:db8:1:3::1", 40000), true)).isEqualTo(AuthVerdict.GRANTED);
    }
}
