package org.airwave.ingest.icecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.lang.reflect.RecordComponent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stats.Protocol;
import org.junit.jupiter.api.Test;

/**
 * {@link SourceHeaders}: a source's station description from Icecast {@code ice-*} headers in any
 * case, SHOUTcast {@code icy-*} login headers, every {@code ice-audio-info} dialect (butt's
 * prefixed keys normalised, libshout's URL-encoded form decoded), darkice's {@code ice-bitrate},
 * the public flag; never a password.
 */
class SourceHeadersTest {

    private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40000);

    @Test
    void iceHeadersInAnyCaseAreRead() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Ice-Name", "ffmpeg name")
                .add("Ice-Description", "desc")
                .add("Ice-URL", "http://example.invalid/")
                .add("Ice-Genre", "Test")
                .add("Ice-Public", "0")
                .add("User-Agent", "Lavf/59.27.100");

        SourceInfo info = SourceHeaders.describe(Protocol.ICECAST, headers, "audio/mpeg", REMOTE);

        assertThat(info.protocol().tag()).isEqualTo("icecast");
        assertThat(info.contentType()).isEqualTo("audio/mpeg");
        assertThat(info.name()).isEqualTo("ffmpeg name");
        assertThat(info.description()).isEqualTo("desc");
        assertThat(info.url()).isEqualTo("http://example.invalid/");
        assertThat(info.genre()).isEqualTo("Test");
        assertThat(info.isPublic()).isFalse();
        assertThat(info.userAgent()).isEqualTo("Lavf/59.27.100");
        assertThat(info.remoteAddress()).contains("127.0.0.1");
        assertThat(info.connectedAt()).isNotNull();
    }

    @Test
    void icyHeadersFromShoutcastLoginsAreRead() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("icy-name", "capture")
                .add("icy-genre", "Test")
                .add("icy-url", "http://example.invalid/")
                .add("icy-irc", "#butt")
                .add("icy-pub", "1")
                .add("icy-br", "128")
                .add("content-type", "audio/mpeg");

        SourceInfo info = SourceHeaders.describe(Protocol.SHOUTCAST, headers, "audio/mpeg", REMOTE);

        assertThat(info.protocol().tag()).isEqualTo("shoutcast");
        assertThat(info.name()).isEqualTo("capture");
        assertThat(info.genre()).isEqualTo("Test");
        assertThat(info.url()).isEqualTo("http://example.invalid/");
        assertThat(info.isPublic()).isTrue();
        assertThat(info.bitrate()).isEqualTo("128");
    }

    @Test
    void buttPrefixedAudioInfoKeysAreNormalised() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("ice-audio-info", "ice-bitrate=128;ice-channels=2;ice-samplerate=44100");

        SourceInfo info = SourceHeaders.describe(Protocol.ICECAST, headers, "audio/mpeg", REMOTE);

        assertThat(info.audioInfo()).isEqualTo("bitrate=128;channels=2;samplerate=44100");
        assertThat(info.bitrate()).as("bitrate taken from audio info").isEqualTo("128");
    }

    @Test
    void libshoutUrlEncodedAudioInfoIsDecoded() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("ice-audio-info", "bitrate%3D128%3Bsamplerate%3D44100%3bchannels%3d2");

        SourceInfo info = SourceHeaders.describe(Protocol.ICECAST, headers, "audio/mpeg", REMOTE);

        assertThat(info.audioInfo()).isEqualTo("bitrate=128;samplerate=44100;channels=2");
        assertThat(info.bitrate()).isEqualTo("128");
    }

    @Test
    void liquidsoapAudioInfoIsKeptInItsOrder() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("ice-audio-info", "channels=2;samplerate=44100;bitrate=128");

        SourceInfo info = SourceHeaders.describe(Protocol.ICECAST, headers, "audio/mpeg", REMOTE);

        assertThat(info.audioInfo()).isEqualTo("channels=2;samplerate=44100;bitrate=128");
        assertThat(info.bitrate()).isEqualTo("128");
    }

    @Test
    void darkiceIceBitrateHeaderIsTheBitrate() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Content-type", "audio/mpeg")
                .add("ice-bitrate", "128")
                .add("ice-public", "0")
                .add("ice-name", "DarkIce Test");

        SourceInfo info = SourceHeaders.describe(Protocol.ICECAST, headers, "audio/mpeg", REMOTE);

        assertThat(info.bitrate()).isEqualTo("128");
        assertThat(info.audioInfo()).isEmpty();
        assertThat(info.name()).isEqualTo("DarkIce Test");
    }

    @Test
    void publicFlagAcceptsOneTrueAndYes() {
        assertThat(isPublic("1")).isTrue();
        assertThat(isPublic("true")).isTrue();
        assertThat(isPublic("YES")).isTrue();
        assertThat(isPublic("0")).isFalse();
        assertThat(isPublic("no")).isFalse();
        assertThat(isPublic(null)).as("absent").isFalse();
    }

    @Test
    void missingHeadersAreEmptyStrings() {
        SourceInfo info = SourceHeaders.describe(Protocol.ICECAST, new DefaultHttpHeaders(), "audio/mpeg", null);

        assertThat(info.name()).isEmpty();
        assertThat(info.genre()).isEmpty();
        assertThat(info.bitrate()).isEmpty();
        assertThat(info.audioInfo()).isEmpty();
        assertThat(info.userAgent()).isEmpty();
        assertThat(info.remoteAddress()).isEmpty();
    }

    @Test
    void overlongValuesAreCut() {
        HttpHeaders headers = new DefaultHttpHeaders().add("ice-name", "n".repeat(5000));

        SourceInfo info = SourceHeaders.describe(Protocol.ICECAST, headers, "audio/mpeg", REMOTE);

        assertThat(info.name()).hasSize(SourceHeaders.MAX_FIELD_CHARS);
    }

    @Test
    void noPasswordHeaderIsEverReadIntoTheSourceInfo() throws Exception {
        String secret = "s3cretpw";
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Authorization", "Basic " + Base64.getEncoder().encodeToString(("source:" + secret).getBytes(StandardCharsets.UTF_8)))
                .add("ice-password", secret)
                .add("icy-password", secret)
                .add("ice-pass", secret)
                .add("pass", secret)
                .add("ice-name", "Station");

        SourceInfo info = SourceHeaders.describe(Protocol.ICECAST, headers, "audio/mpeg", REMOTE);

        assertThat(info.name()).isEqualTo("Station");
        for (RecordComponent component : SourceInfo.class.getRecordComponents()) {
            Object value = component.getAccessor().invoke(info);
            assertThat(String.valueOf(value)).as(component.getName())
                    .doesNotContain(secret).doesNotContain("c291cmNl");
        }
    }

    private static boolean isPublic(String value) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (value != null) {
            headers.add("ice-public", value);
        }
        return SourceHeaders.describe(Protocol.ICECAST, headers, "audio/mpeg", REMOTE).isPublic();
    }
}
