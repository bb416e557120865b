package org.airwave.ingest.shoutcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ShoutcastLogin}: the three password-line forms of a SHOUTcast v1 source ({@code pass},
 * DNAS2 {@code pass:#sid} mapped by config, Icecast-KH {@code /mount:pass}), and passwords that
 * merely contain ':' or '#'.
 */
class ShoutcastLoginTest {

    private static final Map<Integer, String> SIDS = Map.of(2, "/two");

    @Test
    void plainPasswordUsesTheDefaultMount() {
        ShoutcastLogin login = ShoutcastLogin.parse("hackme", SIDS);

        assertThat(login.mount()).isNull();
        assertThat(login.password()).isEqualTo("hackme");
    }

    @Test
    void passwordWithKnownSidGoesToTheMappedMount() {
        ShoutcastLogin login = ShoutcastLogin.parse("hackme:#2", SIDS);

        assertThat(login.mount()).isEqualTo("/two");
        assertThat(login.password()).isEqualTo("hackme");
    }

    @Test
    void passwordWithUnknownSidUsesTheDefaultMount() {
        ShoutcastLogin login = ShoutcastLogin.parse("hackme:#7", SIDS);

        assertThat(login.mount()).isNull();
        assertThat(login.password()).isEqualTo("hackme");
    }

    @Test
    void mountBeforeThePasswordNamesTheMount() {
        ShoutcastLogin login = ShoutcastLogin.parse("/live:hackme", SIDS);

        assertThat(login.mount()).isEqualTo("/live");
        assertThat(login.password()).isEqualTo("hackme");
    }

    @Test
    void mountFormKeepsColonsInsideThePassword() {
        ShoutcastLogin login = ShoutcastLogin.parse("/live:ha:ck", SIDS);

        assertThat(login.mount()).isEqualTo("/live");
        assertThat(login.password()).isEqualTo("ha:ck");
    }

    @Test
    void passwordContainingColonWithoutHashIsOnePassword() {
        ShoutcastLogin login = ShoutcastLogin.parse("ha:ck:me", SIDS);

        assertThat(login.mount()).isNull();
        assertThat(login.password()).isEqualTo("ha:ck:me");
    }

    @Test
    void colonHashFollowedByNonDigitsIsPartOfThePassword() {
        ShoutcastLogin login = ShoutcastLogin.parse("hack:#me", SIDS);

        assertThat(login.mount()).isNull();
        assertThat(login.password()).isEqualTo("hack:#me");
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(ShoutcastLogin.parse("/live:s3cret", SIDS).toString()).doesNotContain("s3cret").contains("/live");
    }
}
