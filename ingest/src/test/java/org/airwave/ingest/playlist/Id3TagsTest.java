package org.airwave.ingest.playlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Titles of playlist tracks come from their ID3 tags in every encoding LAME and taggers write. */
class Id3TagsTest {

    @Test
    void latin1Id3v2TagGivesArtistAndTitle() throws IOException {
        assertThat(Id3Tags.read(resource("track1.mp3")).displayTitle("x")).isEqualTo("Artist One - Title One");
    }

    @Test
    void utf16Id3v2TagKeepsNonAsciiCharacters() throws IOException {
        assertThat(Id3Tags.read(resource("track2.mp3")).displayTitle("x")).isEqualTo("Ärtist Two - Caffè Über");
    }

    @Test
    void id3v1TagAtTheEndIsUsedWithoutId3v2() {
        byte[] file = new byte[1000];
        byte[] tag = new byte[128];
        System.arraycopy("TAG".getBytes(StandardCharsets.ISO_8859_1), 0, tag, 0, 3);
        System.arraycopy("Old Title".getBytes(StandardCharsets.ISO_8859_1), 0, tag, 3, 9);
        System.arraycopy("Old Artist".getBytes(StandardCharsets.ISO_8859_1), 0, tag, 33, 10);
        System.arraycopy(tag, 0, file, file.length - 128, 128);
        assertThat(Id3Tags.read(file)).isEqualTo(new Id3Tags("Old Artist", "Old Title"));
    }

    @Test
    void untaggedFileFallsBackToItsName() {
        assertThat(Id3Tags.read(new byte[500]).displayTitle("my-song")).isEqualTo("my-song");
    }

    @Test
    void titleWithoutArtistIsShownAlone() {
        assertThat(new Id3Tags("", "Lonely").displayTitle("x")).isEqualTo("Lonely");
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = Id3TagsTest.class.getResourceAsStream("/playlist/" + name)) {
            return in.readAllBytes();
        }
    }
}
