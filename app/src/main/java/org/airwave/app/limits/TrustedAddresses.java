package org.airwave.app.limits;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client addresses exempt from the per-address connection limits ({@code limits.trusted-addresses}):
 * literal addresses and CIDR ranges, IPv4 or IPv6, never host names (no lookup at start or per connection).
 * Immutable; any thread.
 */
public final class TrustedAddresses {

    public static final TrustedAddresses NONE = new TrustedAddresses(List.of());

    private final List<IpSubnetFilterRule> ranges;

    private TrustedAddresses(List<IpSubnetFilterRule> ranges) {
        this.ranges = ranges;
    }

    /**
     * Parses a comma-separated list such as {@code 10.0.0.0/8, 192.0.2.7, 2001:db8::/32}.
     *
     * @throws IllegalArgumentException naming the entry that is not an address or a range
     */
    public static TrustedAddresses parse(String list) {
        List<IpSubnetFilterRule> ranges = new ArrayList<>();
        for (String entry : list.split(",")) {
            String text = entry.trim();
            if (!text.isEmpty()) {
                ranges.add(range(text));
            }
        }
        return new TrustedAddresses(List.copyOf(ranges));
    }

    private static IpSubnetFilterRule range(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(address);
        if (ip == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
        }
        int bits = ip.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "': prefix length must be 0 to " + bits);
            }
        }
        return new IpSubnetFilterRule(ip, prefix, IpFilterRuleType.ACCEPT);
    }

    public boolean contains(InetSocketAddress client) {
        for (IpSubnetFilterRule range : ranges) {
            if (range.matches(client)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }
}
