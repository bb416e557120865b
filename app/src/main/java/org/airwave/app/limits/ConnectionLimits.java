package org.airwave.app.limits;

/**
 * The connection limits in force, each named after its config key so that a refusal can name it.
 *
 * @param maxPendingHeadsPerAddress {@code limits.max-pending-heads-per-address}: connections from one
 *        client address whose request head (or SHOUTcast login) is not complete yet
 * @param maxConnectionsPerAddress {@code limits.max-connections-per-address}: connections from one
 *        client address in all; 0 is no limit
 * @param maxConnections {@code limits.max-connections}: accepted connections in all, resolved (never 0)
 * @param trusted {@code limits.trusted-addresses}: exempt from the per-address limits
 */
public record ConnectionLimits(int maxPendingHeadsPerAddress, int maxConnectionsPerAddress, int maxConnections,
                               TrustedAddresses trusted) {

    public static final String PENDING_HEADS_KEY = "limits.max-pending-heads-per-address";
    public static final String PER_ADDRESS_KEY = "limits.max-connections-per-address";
    public static final String TOTAL_KEY = "limits.max-connections";
}
