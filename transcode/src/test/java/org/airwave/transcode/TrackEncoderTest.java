package org.airwave.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.airwave.testing.EndToEnd;
import org.airwave.testing.Signal;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Playlist files of other formats become MP3 of the configured format: ffmpeg makes a 3 s 800 Hz
 * tone in each container with artist/title tags, and ffprobe and ffmpeg judge what the encoder made.
 */
@EndToEnd
class TrackEncoderTest {

    private static final int RATE = 44100;

    @TempDir
    Path tmp;

    private final TrackEncoder encoder = new TrackEncoder(192, RATE, 2);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "track.ogg, libvorbis",
            "track.opus, libopus",
            "track.flac, flac",
            "track.m4a, aac",
            "track.wav, pcm_s16le",
    })
    void everyFormatBecomesCleanMp3WithItsTags(String name, String codec) throws Exception {
        Path input = tmp.resolve(name);
        Ffmpeg.generate("-f", "lavfi", "-i", "sine=frequency=800:duration=3:sample_rate=48000", "-ac", "1",
                "-c:a", codec, "-metadata", "artist=Synth Artist", "-metadata", "title=Tone Ünïcode", input.toString());

        TrackEncoder.EncodedTrack track = encoder.encode(input.toUri().toURL());

        assertThat(track.artist()).isEqualTo("Synth Artist");
        assertThat(track.title()).isEqualTo("Tone Ünïcode");
        Path mp3 = Files.write(tmp.resolve(name + ".mp3"), track.mp3());
        assertThat(Ffmpeg.probe(mp3)).containsEntry("codec_name", "mp3").containsEntry("sample_rate", "44100")
                .containsEntry("channels", "2").containsEntry("bit_rate", "192000");
        Ffmpeg.Decoded decoded = Ffmpeg.decode(mp3);
        assertThat(decoded.errors()).isEmpty();
        assertThat(decoded.samples().length / (double) RATE).isBetween(2.95, 3.1);
        assertThat(Signal.frequency(decoded.samples(), RATE, RATE / 2, 5 * RATE / 2)).isBetween(798.0, 802.0);
        assertThat(Byte.toUnsignedInt(track.mp3()[0])).as("starts with a frame, no ID3 tag").isEqualTo(0xFF);
    }

    @Test
    void aFileWithoutAudioIsRefusedWithTheReason() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.ogg"), "not audio at all\n".repeat(100));

        assertThatThrownBy(() -> encoder.encode(text.toUri().toURL())).isInstanceOf(IOException.class)
                .hasMessageContaining("notes.ogg");
    }
}
