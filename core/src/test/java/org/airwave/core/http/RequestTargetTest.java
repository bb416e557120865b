package org.airwave.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RequestTarget}: request targets as source clients, admin tools and listeners really send
 * them (targets here are written the way the request head decoder hands them over: each raw byte
 * one ISO-8859-1 char). Escapes in any case, {@code %2f} in a mount, raw UTF-8 (butt), ISO-8859-1
 * escapes without a charset (liquidsoap ICY), {@code charset=} honoured, {@code +} a space in the
 * query but a plus in the path, a raw {@code #} kept, first of duplicate names wins, names without
 * values, a bounded number of parameters, and broken escapes kept as text but reported in a path.
 */
class RequestTargetTest {


    @Test
    void lowerCaseEscapesAreDecoded() {
        RequestTarget query = RequestTarget.parse("/admin/metadata?mode=updinfo&mount=%2flive&charset=UTF%2d8"
                + "&artist=%c3%84rtist%20Two&title=Caff%c3%a8%20%c3%9cber");

        assertThat(query.path()).isEqualTo("/admin/metadata");
        assertThat(query.parameter("charset")).isEqualTo("UTF-8");
        assertThat(query.parameter("artist")).isEqualTo("\u00c4rtist Two");
        assertThat(query.parameter("title")).isEqualTo("Caff\u00e8 \u00dcber");
    }

    @Test
    void upperCaseEscapesAreDecoded() {
        RequestTarget query = RequestTarget.parse("/admin/metadata?mode=updinfo&mount=/live&charset=UTF-8"
                + "&song=%C3%84rtist%20Two%20%2D%20Caff%C3%A8%20%C3%9Cber");

        assertThat(query.parameter("song")).isEqualTo("\u00c4rtist Two - Caff\u00e8 \u00dcber");
    }

    @Test
    void escapedSlashInTheMountValueIsDecoded() {
        assertThat(RequestTarget.parse("/admin/metadata?mount=%2flive").parameter("mount")).isEqualTo("/live");
        assertThat(RequestTarget.parse("/admin/metadata?mount=%2Flive%2Fhq").parameter("mount")).isEqualTo("/live/hq");
    }

    @Test
    void escapesInThePathAreDecoded() {
        assertThat(RequestTarget.parse("/live%2fhq?x=1").path()).isEqualTo("/live/hq");
        assertThat(RequestTarget.parse("/caf%C3%A9").path()).isEqualTo("/caf\u00e9");
    }

    @Test
    void buttRawUtf8BytesAreDecodedAsUtf8() {
        String raw = isoChars("/admin/metadata?mode=updinfo&mount=/live&song=B\u00fctt%20\u00c4rtist%20-%20Title%20%26%20Co");

        RequestTarget query = RequestTarget.parse(raw);

        assertThat(query.parameter("song")).isEqualTo("B\u00fctt \u00c4rtist - Title & Co");
        assertThat(query.parameter("mount")).isEqualTo("/live");
    }

    @Test
    void liquidsoapIso88591EscapesWithoutCharsetFallBackToIso88591() {
        RequestTarget query = RequestTarget.parse("/admin.cgi?mode=updinfo&pass=hackme&title=Caff%E8%20%DCber"
                + "&artist=%C4rtist%20Two&song=%C4rtist%20Two%20%2D%20Caff%E8%20%DCber");

        assertThat(query.parameter("title")).isEqualTo("Caff\u00e8 \u00dcber");
        assertThat(query.parameter("song")).isEqualTo("\u00c4rtist Two - Caff\u00e8 \u00dcber");
    }

    @Test
    void charsetIso88591IsHonoured() {
        RequestTarget query = RequestTarget.parse("/admin/metadata?charset=ISO-8859-1&song=%C3%A9t%E9");

        assertThat(query.parameter("song")).as("UTF-8 bytes read as Latin-1 because the client said so")
                .isEqualTo("\u00c3\u00a9t\u00e9");
    }

    @Test
    void unknownCharsetFallsBackToUtf8() {
        assertThat(RequestTarget.parse("/x?charset=klingon&song=%C3%A9").parameter("song")).isEqualTo("\u00e9");
    }

    @Test
    void plusIsASpaceInTheQueryAsIcecastReadsItButNotInThePath() {
        // Icecast 2.4.4: /admin/metadata?song=A+B%20C sets the title "A B C".
        RequestTarget query = RequestTarget.parse("/a+b?song=Rock+Roll%2B");
        assertThat(query.parameter("song")).isEqualTo("Rock Roll+");
        assertThat(query.path()).isEqualTo("/a+b");
    }

    @Test
    void rawHashInsideAPasswordIsKept() {
        RequestTarget query = RequestTarget.parse("/admin.cgi?pass=hack#me&mode=updinfo&song=x");

        assertThat(query.parameter("pass")).isEqualTo("hack#me");
        assertThat(query.parameter("mode")).isEqualTo("updinfo");
        assertThat(query.parameter("song")).isEqualTo("x");
    }

    @Test
    void firstOfDuplicateKeysWins() {
        RequestTarget query = RequestTarget.parse("/x?song=first&song=second&SONG=third");

        assertThat(query.parameter("song")).isEqualTo("first");
    }

    @Test
    void keysAreMatchedInLowerCase() {
        assertThat(RequestTarget.parse("/x?Mode=updinfo").parameter("mode")).isEqualTo("updinfo");
    }

    @Test
    void keysWithoutValuesAreEmpty() {
        RequestTarget query = RequestTarget.parse("/x?url=&flag&&song=a");

        assertThat(query.has("url")).isTrue();
        assertThat(query.parameter("url")).isEmpty();
        assertThat(query.has("flag")).isTrue();
        assertThat(query.parameter("flag")).isEmpty();
        assertThat(query.parameter("song")).isEqualTo("a");
    }

    @Test
    void absentKeyIsNull() {
        RequestTarget query = RequestTarget.parse("/admin/metadata");

        assertThat(query.has("song")).isFalse();
        assertThat(query.parameter("song")).isNull();
        assertThat(query.path()).isEqualTo("/admin/metadata");
    }

    @Test
    void truncatedOrInvalidEscapesAreKeptAsText() {
        assertThat(RequestTarget.parse("/x?a=100%&b=%zz&c=%4").parameter("a")).isEqualTo("100%");
        assertThat(RequestTarget.parse("/x?a=100%&b=%zz&c=%4").parameter("b")).isEqualTo("%zz");
        assertThat(RequestTarget.parse("/x?a=100%&b=%zz&c=%4").parameter("c")).isEqualTo("%4");
    }


    @Test
    void decodesPercentEscapesInAnyCaseAndRawUtf8() {
        RequestTarget target = RequestTarget.parse("/admin/listclients?mount=%2flive&x=%C3%A9&y=\u00c3\u00a9&z=a+b");
        assertThat(target.path()).isEqualTo("/admin/listclients");
        assertThat(target.parameter("mount")).isEqualTo("/live");
        assertThat(target.parameter("x")).isEqualTo("é");
        assertThat(target.parameter("y")).as("raw UTF-8 bytes").isEqualTo("é");
        assertThat(target.parameter("z")).isEqualTo("a b");
        assertThat(target.parameter("missing")).isNull();
    }

    @Test
    void firstValueWinsAndBrokenEscapesStayLiteral() {
        RequestTarget target = RequestTarget.parse("/stats?sid=1&sid=2&bad=%zz%4&flag&=x");
        assertThat(target.parameter("sid")).isEqualTo("1");
        assertThat(target.parameter("bad")).isEqualTo("%zz%4");
        assertThat(target.parameter("flag")).isEmpty();
        assertThat(RequestTarget.parse("/%E9t%E9").path()).as("not UTF-8: Latin-1").isEqualTo("/été");
    }

    @Test
    void readsABoundedNumberOfParameters() {
        StringBuilder uri = new StringBuilder("/x?");
        for (int i = 0; i < RequestTarget.MAX_PARAMETERS + 10; i++) {
            uri.append("p").append(i).append("=").append(i).append('&');
        }
        RequestTarget target = RequestTarget.parse(uri.toString());
        assertThat(target.parameter("p" + (RequestTarget.MAX_PARAMETERS - 1))).isNotNull();
        assertThat(target.parameter("p" + RequestTarget.MAX_PARAMETERS)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%zz", "/live%", "/%e", "/live.m3u%g1", "/ok%41/%4"})
    void aBrokenEscapeInThePathIsReported(String target) {
        assertThat(RequestTarget.parse(target).badPathEscape()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/live", "/caf%C3%A9", "/a+b%2B", "/%25zz", "/live?song=100%&b=%zz"})
    void aPathWithOnlyWholeEscapesIsNotReported(String target) {
        assertThat(RequestTarget.parse(target).badPathEscape()).isFalse();
    }

    /** A string's UTF-8 bytes, one char per byte, as the head decoder keeps them. */
    private static String isoChars(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
