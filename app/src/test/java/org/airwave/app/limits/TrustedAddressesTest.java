package org.airwave.app.limits;

import static org.airwave.app.limits.ConnectionCountsTest.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrustedAddressesTest {

    @Test
    void addressesAndRangesOfBothFamiliesMatch() {
        TrustedAddresses trusted = TrustedAddresses.parse(" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32");
        assertThat(trusted.contains(client("10.200.3.4"))).isTrue();
        assertThat(trusted.contains(client("192.0.2.7"))).isTrue();
        assertThat(trusted.contains(client("192.0.2.8"))).isFalse();
        assertThat(trusted.contains(client("2001:db8::1"))).isTrue();
        assertThat(trusted.contains(client("2001:db9::1"))).isFalse();
        assertThat(trusted.contains(client("127.0.0.1"))).isFalse();
    }

    @Test
    void nothingIsTrustedByDefaultNotEvenLoopback() {
        TrustedAddresses trusted = TrustedAddresses.parse("");
        assertThat(trusted.isEmpty()).isTrue();
        assertThat(trusted.contains(client("127.0.0.1"))).isFalse();
        assertThat(trusted.contains(client("::1"))).isFalse();
    }

    @Test
    void hostNamesAndBadPrefixesAreRefusedNamingTheEntry() {
        assertThatThrownBy(() -> TrustedAddresses.parse("10.0.0.0/8, studio.example"))
                .hasMessageContaining("'studio.example' is not an IP address or CIDR range");
        assertThatThrownBy(() -> TrustedAddresses.parse("10.0.0.0/33")).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> TrustedAddresses.parse("10.0.0.0/x")).hasMessageContaining("0 to 32");
    }
}
