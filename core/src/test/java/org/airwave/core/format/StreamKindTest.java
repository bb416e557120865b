package org.airwave.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamKindTest {

    @ParameterizedTest
    @ValueSource(strings = {"audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg", "Audio/MPEG",
        "audio/mpeg; charset=binary", " audio/mpeg "})
    void mpegTypesGetTheMp3Framer(String contentType) {
        assertThat(StreamKind.forContentType(contentType)).isEqualTo(StreamKind.MPEG);
        assertThat(StreamKind.forContentType(contentType).newFramer()).isInstanceOf(Mp3Framer.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"audio/aac", "audio/aacp", "audio/x-aac", "audio/aac-adts", "AUDIO/AACP;bitrate=64",
        "audio/x-hx-aac-adts"})
    void aacTypesGetTheAdtsFramer(String contentType) {
        assertThat(StreamKind.forContentType(contentType)).isEqualTo(StreamKind.ADTS);
        assertThat(StreamKind.forContentType(contentType).newFramer()).isInstanceOf(AdtsFramer.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/ogg", "audio/ogg", "audio/vorbis", "audio/opus", "audio/x-ogg",
        "audio/flac+ogg", "audio/ogg; codecs=opus", "Application/OGG"})
    void oggTypesGetTheOggFramer(String contentType) {
        assertThat(StreamKind.forContentType(contentType)).isEqualTo(StreamKind.OGG);
        assertThat(StreamKind.forContentType(contentType).newFramer()).isInstanceOf(OggFramer.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"audio/flac", "audio/x-flac", "Audio/FLAC; rate=44100"})
    void nativeFlacTypesGetTheFlacFramer(String contentType) {
        assertThat(StreamKind.forContentType(contentType)).isEqualTo(StreamKind.FLAC);
        assertThat(StreamKind.forContentType(contentType).newFramer()).isInstanceOf(FlacFramer.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"audio/wav", "video/mp4", "text/plain", "audio", ";audio/mpeg"})
    void unsupportedTypesAreNotAccepted(String contentType) {
        assertThat(StreamKind.forContentType(contentType)).isNull();
    }

    @Test
    void everyAcceptedTypeIsListedOnceAndMapsToItsKind() {
        assertThat(StreamKind.acceptedContentTypes())
                .doesNotHaveDuplicates()
                .contains("audio/mpeg", "audio/aac", "audio/aacp", "audio/x-hx-aac-adts", "application/ogg",
                        "audio/ogg", "audio/flac");
        assertThat(StreamKind.acceptedContentTypes()).allSatisfy(
                contentType -> assertThat(StreamKind.forContentType(contentType)).isNotNull());
    }

    @Test
    void everyCallReturnsAFreshFramer() {
        assertThat(StreamKind.MPEG.newFramer()).isNotSameAs(StreamKind.MPEG.newFramer());
    }
}
