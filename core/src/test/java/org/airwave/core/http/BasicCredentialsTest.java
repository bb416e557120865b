package org.airwave.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * {@link BasicCredentials}: what sources, admin tools and scrapers send is read (the Icecast
 * {@code source} user, user info from a URL, passwords with colons, UTF-8), everything else is no
 * credentials, and a header over the limit is refused with the limit in the message.
 */
class BasicCredentialsTest {

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheIcecastSourceUser() {
        assertThat(BasicCredentials.of(basic("source:hackme"))).contains(new BasicCredentials("source", "hackme"));
    }

    @Test
    void readsUserInfoAsAClientSendsItFromAUrl() {
        // ffmpeg and curl turn http://admin:s3cret@host/ into exactly this header.
        assertThat(BasicCredentials.of("Basic YWRtaW46czNjcmV0")).contains(new BasicCredentials("admin", "s3cret"));
    }

    @Test
    void onlyTheFirstColonSeparatesUserFromPassword() {
        assertThat(BasicCredentials.of(basic("source:a:b:c"))).contains(new BasicCredentials("source", "a:b:c"));
    }

    @Test
    void emptyUserAndPasswordAreCredentials() {
        assertThat(BasicCredentials.of(basic(":"))).contains(new BasicCredentials("", ""));
    }

    @Test
    void schemeIsCaseInsensitiveAndSurroundingBlanksAreIgnored() {
        String encoded = Base64.getEncoder().encodeToString("dj:pw".getBytes(StandardCharsets.UTF_8));
        assertThat(BasicCredentials.of("bAsIc   " + encoded + "  ")).contains(new BasicCredentials("dj", "pw"));
    }

    @Test
    void decodesUtf8() {
        assertThat(BasicCredentials.of(basic("rené:mötley"))).contains(new BasicCredentials("rené", "mötley"));
    }

    @Test
    void anythingElseIsNoCredentials() {
        assertThat(BasicCredentials.of(null)).isEmpty();
        assertThat(BasicCredentials.of("")).isEmpty();
        assertThat(BasicCredentials.of("Basic")).isEmpty();
        assertThat(BasicCredentials.of("Bearer abc")).isEmpty();
        assertThat(BasicCredentials.of("Basic !!not-base64!!")).isEmpty();
        assertThat(BasicCredentials.of(basic("no-colon"))).isEmpty();
    }

    @Test
    void aHeaderAtTheLimitIsRead() {
        String header = basic("source:");
        String padded = basic("source:" + "x".repeat(700));
        assertThat(padded.length()).isLessThanOrEqualTo(BasicCredentials.MAX_HEADER_CHARS);
        assertThat(BasicCredentials.of(header)).contains(new BasicCredentials("source", ""));
        assertThat(BasicCredentials.of(padded + " ".repeat(BasicCredentials.MAX_HEADER_CHARS - padded.length())))
                .contains(new BasicCredentials("source", "x".repeat(700)));
    }

    @Test
    void aHeaderOverTheLimitIsRefusedNamingTheLimit() {
        String header = basic("source:" + "x".repeat(BasicCredentials.MAX_HEADER_CHARS));
        assertThatThrownBy(() -> BasicCredentials.of(header))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Authorization header longer than 1024 characters");
    }

    @Test
    void toStringLeavesThePasswordOut() {
        assertThat(new BasicCredentials("source", "hackme").toString()).doesNotContain("hackme").contains("source");
    }
}
