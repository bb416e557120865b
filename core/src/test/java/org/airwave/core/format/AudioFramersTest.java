package org.airwave.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AudioFramersTest {

    @ParameterizedTest
    @ValueSource(strings = {"audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg", "Audio/MPEG",
        "audio/mpeg; charset=binary", " audio/mpeg "})
    void mpegTypesGetTheMp3Framer(String contentType) {
        assertThat(AudioFramers.forContentType(contentType)).isInstanceOf(Mp3Framer.class);
        assertThat(AudioFramers.isOgg(contentType)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"audio/aac", "audio/aacp", "audio/x-aac", "audio/aac-adts", "AUDIO/AACP;bitrate=64"})
    void aacTypesGetTheAdtsFramer(String contentType) {
        assertThat(AudioFramers.forContentType(contentType)).isInstanceOf(AdtsFramer.class);
        assertThat(AudioFramers.isOgg(contentType)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/ogg", "audio/ogg", "audio/vorbis", "audio/opus", "audio/x-ogg",
        "audio/flac+ogg", "audio/ogg; codecs=opus", "Application/OGG"})
    void oggTypesGetTheOggFramer(String contentType) {
        assertThat(AudioFramers.forContentType(contentType)).isInstanceOf(OggFramer.class);
        assertThat(AudioFramers.isOgg(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"audio/flac", "audio/x-flac", "Audio/FLAC; rate=44100"})
    void nativeFlacTypesGetTheFlacFramer(String contentType) {
        assertThat(AudioFramers.forContentType(contentType)).isInstanceOf(FlacFramer.class);
        assertThat(AudioFramers.isOgg(contentType)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"audio/wav", "video/mp4", "text/plain", "audio", ";audio/mpeg"})
    void unsupportedTypesGetNoFramer(String contentType) {
        assertThat(AudioFramers.forContentType(contentType)).isNull();
        assertThat(AudioFramers.isOgg(contentType)).isFalse();
    }

    @Test
    void everyCallReturnsAFreshFramer() {
        assertThat(AudioFramers.forContentType("audio/mpeg")).isNotSameAs(AudioFramers.forContentType("audio/mpeg"));
    }
}
