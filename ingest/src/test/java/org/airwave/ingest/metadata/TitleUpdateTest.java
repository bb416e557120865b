package org.airwave.ingest.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.airwave.core.http.RequestTarget;
import org.junit.jupiter.api.Test;

/**
 * {@link TitleUpdate}: the "now playing" text in every form clients send it: {@code song}; Mixxx and
 * ezstream's {@code artist} + {@code title}; {@code title} alone; nothing (null); plus {@code url}.
 */
class TitleUpdateTest {

    @Test
    void songIsTheTitle() {
        TitleUpdate update = TitleUpdate.from(RequestTarget.parse("/admin/metadata?mode=updinfo&song=Artist%20-%20Title"));

        assertThat(update.title()).isEqualTo("Artist - Title");
        assertThat(update.url()).isEmpty();
    }

    @Test
    void songWinsOverArtistAndTitle() {
        TitleUpdate update = TitleUpdate.from(RequestTarget.parse("/x?title=T&artist=A&song=A%20%2D%20T%20(live)"));

        assertThat(update.title()).isEqualTo("A - T (live)");
    }

    @Test
    void artistAndTitleWithoutSongAreJoined() {
        TitleUpdate update = TitleUpdate.from(RequestTarget.parse(
                "/admin/metadata?mode=updinfo&mount=%2flive&charset=UTF%2d8&artist=Artist%20One&title=Title%20One"));

        assertThat(update.title()).isEqualTo("Artist One - Title One");
    }

    @Test
    void titleAloneIsTheTitle() {
        assertThat(TitleUpdate.from(RequestTarget.parse("/x?mode=updinfo&title=Only%20Title")).title()).isEqualTo("Only Title");
    }

    @Test
    void blankSongFallsBackToArtistAndTitle() {
        assertThat(TitleUpdate.from(RequestTarget.parse("/x?song=%20&artist=A&title=T")).title()).isEqualTo("A - T");
    }

    @Test
    void noTitleAtAllIsNull() {
        assertThat(TitleUpdate.from(RequestTarget.parse("/admin/metadata?mode=updinfo&mount=/live"))).isNull();
        assertThat(TitleUpdate.from(RequestTarget.parse("/admin/metadata?mode=updinfo&song=&url=http://x"))).isNull();
    }

    @Test
    void urlIsCarried() {
        TitleUpdate update = TitleUpdate.from(RequestTarget.parse("/admin.cgi?pass=hackme&mode=updinfo&song=S"
                + "&url=http%3A%2F%2Fexample.invalid%2F"));

        assertThat(update.title()).isEqualTo("S");
        assertThat(update.url()).isEqualTo("http://example.invalid/");
    }

    @Test
    void emptyUrlIsEmpty() {
        assertThat(TitleUpdate.from(RequestTarget.parse("/admin.cgi?song=S&url=")).url()).isEmpty();
    }
}
