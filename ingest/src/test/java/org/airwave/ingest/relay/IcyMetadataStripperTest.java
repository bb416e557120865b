package org.airwave.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.airwave.ingest.icecast.ChunkedBodyDecoder;
import org.junit.jupiter.api.Test;

class IcyMetadataStripperTest {

    private static final int METAINT = 16;

    @Test
    void audioComesThroughWithoutTheBlocksAndTitlesInOrderWhateverTheReadBoundaries() {
        byte[] audio = audio(4 * METAINT + 7);
        byte[] body = interleave(audio, List.of("StreamTitle='One';", "", "StreamTitle='Rock 'n' Roll';StreamUrl='';",
                "StreamTitle='Caffè Über';"));
        for (int piece = 1; piece <= body.length; piece += 3) {
            Stripped result = strip(new EmbeddedChannel(new IcyMetadataStripper(METAINT)), body, piece);
            assertThat(result.audio).as("piece %d", piece).isEqualTo(audio);
            assertThat(result.titles).as("piece %d", piece).containsExactly("One", "Rock 'n' Roll", "Caffè Über");
        }
    }

    @Test
    void chunkedBodyWithIcyMetadataIsDecodedInBothLayers() {
        byte[] audio = audio(4 * METAINT);
        byte[] icy = interleave(audio, List.of("StreamTitle='A';", "StreamTitle='B';", "", ""));
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int at = 0; at < icy.length; at += 11) {
            int n = Math.min(11, icy.length - at);
            chunked.writeBytes((Integer.toHexString(n).toUpperCase() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(icy, at, n);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] wire = chunked.toByteArray();
        Stripped result = strip(new EmbeddedChannel(new ChunkedBodyDecoder(), new IcyMetadataStripper(METAINT)),
                wire, 7);
        assertThat(result.audio).isEqualTo(audio);
        assertThat(result.titles).containsExactly("A", "B");
    }

    @Test
    void titleParsingCopesWithLatin1AndMissingTerminator() {
        assertThat(IcyTitle.parse("StreamTitle='Caf\u00e9'".getBytes(StandardCharsets.ISO_8859_1)).title())
                .isEqualTo("Café");
        assertThat(IcyTitle.parse("StreamUrl='x';".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(IcyTitle.parse(new byte[16])).isNull();
    }

    @Test
    void theNoInputFieldCountsOnlyAfterTheTitle() {
        assertThat(IcyTitle.parse("StreamTitle='';AirwaveInput='none';".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(new IcyTitle("", true));
        assertThat(IcyTitle.parse("StreamTitle='AirwaveInput='none' ;';".getBytes(StandardCharsets.US_ASCII)))
                .as("a title quoting the field, sanitised as Airwave sends it").isEqualTo(
                        new IcyTitle("AirwaveInput='none' ;", false));
        assertThat(IcyTitle.parse("StreamTitle='A';StreamUrl='';".getBytes(StandardCharsets.US_ASCII)).noInput())
                .isFalse();
    }

    private static byte[] audio(int length) {
        byte[] audio = new byte[length];
        for (int i = 0; i < length; i++) {
            audio[i] = (byte) (i * 7 + 1);
        }
        return audio;
    }

    /** ICY body: METAINT audio bytes, then a block (empty text: length byte 0), repeated. */
    private static byte[] interleave(byte[] audio, List<String> blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        for (String block : blocks) {
            out.write(audio, at, METAINT);
            at += METAINT;
            byte[] text = block.getBytes(StandardCharsets.UTF_8);
            int units = (text.length + 15) / 16;
            out.write(units);
            out.writeBytes(text);
            out.writeBytes(new byte[units * 16 - text.length]);
        }
        out.write(audio, at, audio.length - at);
        return out.toByteArray();
    }

    private record Stripped(byte[] audio, List<String> titles) {
    }

    private static Stripped strip(EmbeddedChannel channel, byte[] body, int piece) {
        for (int at = 0; at < body.length; at += piece) {
            channel.writeInbound(Unpooled.wrappedBuffer(body, at, Math.min(piece, body.length - at)));
        }
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        List<String> titles = new ArrayList<>();
        for (Object out; (out = channel.readInbound()) != null; ) {
            if (out instanceof ByteBuf buf) {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                buf.release();
                audio.writeBytes(bytes);
            } else {
                titles.add(((IcyTitle) out).title());
            }
        }
        channel.finishAndReleaseAll();
        return new Stripped(audio.toByteArray(), titles);
    }
}
