package org.airwave.core.auth;

import org.airwave.core.stats.RejectReason;

/**
 * The outcome of one password check seen through the {@link AuthThrottle}: granted, denied (wrong
 * or unknown credentials), or blocked (the client's address failed too often and its credentials
 * were not even looked at; {@code retryAfterSeconds} says when it may try again). Immutable.
 */
public record AuthVerdict(Outcome outcome, long retryAfterSeconds) {

    /** What the check decided. */
    public enum Outcome { GRANTED, DENIED, BLOCKED }

    public static final AuthVerdict GRANTED = new AuthVerdict(Outcome.GRANTED, 0);
    public static final AuthVerdict DENIED = new AuthVerdict(Outcome.DENIED, 0);

    static AuthVerdict blocked(long retryAfterSeconds) {
        return new AuthVerdict(Outcome.BLOCKED, retryAfterSeconds);
    }

    public boolean granted() {
        return outcome == Outcome.GRANTED;
    }

    public boolean blocked() {
        return outcome == Outcome.BLOCKED;
    }

    /** The {@code reason} a refusal is counted under. */
    public RejectReason rejectReason() {
        return blocked() ? RejectReason.AUTH_BLOCKED : RejectReason.AUTH;
    }

    /** What a blocked client is told (the body of a 429, a log line). */
    public String refusal() {
        return "Too many failed logins from this address: try again in " + retryAfterSeconds
                + " s (limits.auth-failures-before-block)";
    }
}
