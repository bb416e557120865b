package org.airwave.app.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.airwave.core.connection.ConnectionSlot;
import org.junit.jupiter.api.Test;

class ConnectionCountsTest {

    private static final InetSocketAddress FLOODER = client("198.51.100.7");
    private static final InetSocketAddress NEIGHBOUR = client("198.51.100.8");

    @Test
    void connectionsBeyondThePendingHeadLimitOfOneAddressAreRefusedNamingTheKey() {
        ConnectionCounts counts = new ConnectionCounts(limits(3, 0, 100, TrustedAddresses.NONE));
        for (int i = 0; i < 3; i++) {
            assertThat(counts.admit(FLOODER).admitted()).isTrue();
        }
        ConnectionCounts.Admission fourth = counts.admit(FLOODER);
        assertThat(fourth.admitted()).isFalse();
        assertThat(fourth.refusedBy()).isEqualTo("limits.max-pending-heads-per-address");
        assertThat(counts.admit(NEIGHBOUR).admitted()).as("another address").isTrue();
        assertThat(counts.total()).isEqualTo(4);
    }

    @Test
    void aConnectionWhoseHeadArrivedNoLongerCountsAsPending() {
        ConnectionCounts counts = new ConnectionCounts(limits(2, 0, 100, TrustedAddresses.NONE));
        List<ConnectionSlot> listeners = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ConnectionSlot slot = counts.admit(FLOODER).slot();
            slot.headReceived();
            listeners.add(slot);
        }
        assertThat(counts.pendingHeads(FLOODER.getAddress())).isZero();
        assertThat(counts.addressesTracked()).as("no entry without a pending head when the per-address cap is off").isZero();
        assertThat(counts.admit(FLOODER).admitted()).isTrue();
        assertThat(counts.total()).isEqualTo(11);
        listeners.forEach(ConnectionSlot::release);
        assertThat(counts.total()).isEqualTo(1);
    }

    @Test
    void theTotalCapRefusesEveryAddressAndFreesAsConnectionsClose() {
        ConnectionCounts counts = new ConnectionCounts(limits(10, 0, 2, TrustedAddresses.NONE));
        ConnectionSlot first = counts.admit(FLOODER).slot();
        counts.admit(NEIGHBOUR).slot().headReceived();
        ConnectionCounts.Admission third = counts.admit(client("203.0.113.1"));
        assertThat(third.refusedBy()).isEqualTo("limits.max-connections");
        assertThat(counts.total()).isEqualTo(2);
        first.release();
        first.release();
        assertThat(counts.total()).as("release is idempotent").isEqualTo(1);
        assertThat(counts.admit(client("203.0.113.1")).admitted()).isTrue();
    }

    @Test
    void thePerAddressCapCountsEstablishedConnectionsWhenOn() {
        ConnectionCounts counts = new ConnectionCounts(limits(10, 3, 100, TrustedAddresses.NONE));
        List<ConnectionSlot> slots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ConnectionSlot slot = counts.admit(FLOODER).slot();
            slot.headReceived();
            slots.add(slot);
        }
        assertThat(counts.admit(FLOODER).refusedBy()).isEqualTo("limits.max-connections-per-address");
        assertThat(counts.admit(NEIGHBOUR).admitted()).isTrue();
        slots.get(0).release();
        assertThat(counts.admit(FLOODER).admitted()).isTrue();
    }

    @Test
    void trustedAddressesPassThePerAddressLimitsButCountInTheTotal() {
        ConnectionCounts counts = new ConnectionCounts(limits(1, 1, 5, TrustedAddresses.parse("198.51.100.0/24")));
        for (int i = 0; i < 5; i++) {
            assertThat(counts.admit(FLOODER).admitted()).isTrue();
        }
        assertThat(counts.admit(FLOODER).refusedBy()).isEqualTo("limits.max-connections");
        assertThat(counts.addressesTracked()).isZero();
    }

    @Test
    void entriesGoWhenTheirCountsReachZeroSoMemoryFollowsTheConnections() {
        ConnectionCounts counts = new ConnectionCounts(limits(5, 5, 100_000, TrustedAddresses.NONE));
        List<ConnectionSlot> slots = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            slots.add(counts.admit(client("10.0." + (i / 250) + "." + (i % 250))).slot());
        }
        assertThat(counts.addressesTracked()).isEqualTo(1000);
        for (int i = 0; i < slots.size(); i++) {
            if (i % 2 == 0) {
                slots.get(i).headReceived();
            }
            slots.get(i).release();
        }
        assertThat(counts.addressesTracked()).isZero();
        assertThat(counts.total()).isZero();
    }

    static ConnectionLimits limits(int pending, int perAddress, int total, TrustedAddresses trusted) {
        return new ConnectionLimits(pending, perAddress, total, trusted);
    }

    static InetSocketAddress client(String address) {
        try {
            return new InetSocketAddress(InetAddress.getByName(address), 40000);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
