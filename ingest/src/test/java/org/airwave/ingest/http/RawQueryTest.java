package org.airwave.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link RawQuery}: request targets as source clients really send them (targets here are written
 * the way {@link RequestHeadDecoder} hands them over: each raw byte one ISO-8859-1 char). Escapes
 * in any case, {@code %2f} in a mount, raw UTF-8 (butt), ISO-8859-1 escapes without a charset
 * (liquidsoap ICY), {@code charset=} honoured, {@code +} and a raw {@code #} kept, first of
 * duplicate keys wins, keys without values.
 */
class RawQueryTest {

    @Test
    void lowerCaseEscapesAreDecoded() {
        RawQuery query = RawQuery.parse("/admin/metadata?mode=updinfo&mount=%2flive&charset=UTF%2d8"
                + "&artist=%c3%84rtist%20Two&title=Caff%c3%a8%20%c3%9cber");

        assertThat(query.path()).isEqualTo("/admin/metadata");
        assertThat(query.get("charset")).isEqualTo("UTF-8");
        assertThat(query.get("artist")).isEqualTo("\u00c4rtist Two");
        assertThat(query.get("title")).isEqualTo("Caff\u00e8 \u00dcber");
    }

    @Test
    void upperCaseEscapesAreDecoded() {
        RawQuery query = RawQuery.parse("/admin/metadata?mode=updinfo&mount=/live&charset=UTF-8"
                + "&song=%C3%84rtist%20Two%20%2D%20Caff%C3%A8%20%C3%9Cber");

        assertThat(query.get("song")).isEqualTo("\u00c4rtist Two - Caff\u00e8 \u00dcber");
    }

    @Test
    void escapedSlashInTheMountValueIsDecoded() {
        assertThat(RawQuery.parse("/admin/metadata?mount=%2flive").get("mount")).isEqualTo("/live");
        assertThat(RawQuery.parse("/admin/metadata?mount=%2Flive%2Fhq").get("mount")).isEqualTo("/live/hq");
    }

    @Test
    void escapesInThePathAreDecoded() {
        assertThat(RawQuery.parse("/live%2fhq?x=1").path()).isEqualTo("/live/hq");
        assertThat(RawQuery.parse("/caf%C3%A9").path()).isEqualTo("/caf\u00e9");
    }

    @Test
    void buttRawUtf8BytesAreDecodedAsUtf8() {
        String raw = isoChars("/admin/metadata?mode=updinfo&mount=/live&song=B\u00fctt%20\u00c4rtist%20-%20Title%20%26%20Co");

        RawQuery query = RawQuery.parse(raw);

        assertThat(query.get("song")).isEqualTo("B\u00fctt \u00c4rtist - Title & Co");
        assertThat(query.get("mount")).isEqualTo("/live");
    }

    @Test
    void liquidsoapIso88591EscapesWithoutCharsetFallBackToIso88591() {
        RawQuery query = RawQuery.parse("/admin.cgi?mode=updinfo&pass=hackme&title=Caff%E8%20%DCber"
                + "&artist=%C4rtist%20Two&song=%C4rtist%20Two%20%2D%20Caff%E8%20%DCber");

        assertThat(query.get("title")).isEqualTo("Caff\u00e8 \u00dcber");
        assertThat(query.get("song")).isEqualTo("\u00c4rtist Two - Caff\u00e8 \u00dcber");
    }

    @Test
    void charsetIso88591IsHonoured() {
        RawQuery query = RawQuery.parse("/admin/metadata?charset=ISO-8859-1&song=%C3%A9t%E9");

        assertThat(query.get("song")).as("UTF-8 bytes read as Latin-1 because the client said so")
                .isEqualTo("\u00c3\u00a9t\u00e9");
    }

    @Test
    void unknownCharsetFallsBackToUtf8() {
        assertThat(RawQuery.parse("/x?charset=klingon&song=%C3%A9").get("song")).isEqualTo("\u00e9");
    }

    @Test
    void plusIsASpaceInTheQueryAsIcecastReadsItButNotInThePath() {
        // Icecast 2.4.4: /admin/metadata?song=A+B%20C sets the title "A B C".
        RawQuery query = RawQuery.parse("/a+b?song=Rock+Roll%2B");
        assertThat(query.get("song")).isEqualTo("Rock Roll+");
        assertThat(query.path()).isEqualTo("/a+b");
    }

    @Test
    void rawHashInsideAPasswordIsKept() {
        RawQuery query = RawQuery.parse("/admin.cgi?pass=hack#me&mode=updinfo&song=x");

        assertThat(query.get("pass")).isEqualTo("hack#me");
        assertThat(query.get("mode")).isEqualTo("updinfo");
        assertThat(query.get("song")).isEqualTo("x");
    }

    @Test
    void firstOfDuplicateKeysWins() {
        RawQuery query = RawQuery.parse("/x?song=first&song=second&SONG=third");

        assertThat(query.get("song")).isEqualTo("first");
    }

    @Test
    void keysAreMatchedInLowerCase() {
        assertThat(RawQuery.parse("/x?Mode=updinfo").get("mode")).isEqualTo("updinfo");
    }

    @Test
    void keysWithoutValuesAreEmpty() {
        RawQuery query = RawQuery.parse("/x?url=&flag&&song=a");

        assertThat(query.has("url")).isTrue();
        assertThat(query.get("url")).isEmpty();
        assertThat(query.has("flag")).isTrue();
        assertThat(query.get("flag")).isEmpty();
        assertThat(query.get("song")).isEqualTo("a");
    }

    @Test
    void absentKeyIsNull() {
        RawQuery query = RawQuery.parse("/admin/metadata");

        assertThat(query.has("song")).isFalse();
        assertThat(query.get("song")).isNull();
        assertThat(query.path()).isEqualTo("/admin/metadata");
    }

    @Test
    void truncatedOrInvalidEscapesAreKeptAsText() {
        assertThat(RawQuery.parse("/x?a=100%&b=%zz&c=%4").get("a")).isEqualTo("100%");
        assertThat(RawQuery.parse("/x?a=100%&b=%zz&c=%4").get("b")).isEqualTo("%zz");
        assertThat(RawQuery.parse("/x?a=100%&b=%zz&c=%4").get("c")).isEqualTo("%4");
    }

    /** A string's UTF-8 bytes, one char per byte, as the head decoder keeps them. */
    private static String isoChars(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
