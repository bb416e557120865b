package org.airwave.ingest.shoutcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.airwave.core.mount.MountRegistry;
import org.airwave.ingest.FuzzedConnection;
import org.airwave.ingest.IngestTestKit;
import org.airwave.ingest.SourceAdmission;

/**
 * Fuzz targets for the SHOUTcast v1 login on port+1: the password line alone, and the whole
 * connection through {@link ShoutcastSourceDecoder} in its pipeline (then an HTTP response encoder;
 * an admitted source's audio flows into a real mount).
 *
 * <p>The decoder's contract: it throws nothing; a bad login is answered ({@code invalid password},
 * or a 400/403 through the encoder) and closed. Invariants: no exception escapes; while the login is
 * being read the decoder holds at most {@code limits.max-login-line-bytes}; every buffer is released
 * and, once the connection is gone, no mount keeps a live source. The input's last bytes pick the
 * read size; the rest is what the source client sends.
 */
class ShoutcastSourceFuzzTest {

    private static final Map<Integer, String> SIDS = Map.of(2, "/two");

    @FuzzTest
    void login(byte[] line) {
        String text = new String(line, StandardCharsets.ISO_8859_1);
        ShoutcastLogin login = ShoutcastLogin.parse(text, SIDS);
        assertThat(login.password()).isNotNull();
        if (login.mount() != null && !SIDS.containsValue(login.mount())) {
            assertThat(login.mount() + ":" + login.password()).as("a /mount:pass line").isEqualTo(text);
        }
    }

    @FuzzTest
    void decoder(FuzzedDataProvider data) {
        int readBytes = data.consumeInt(1, 2048);
        byte[] bytes = data.consumeRemainingAsBytes();
        MountRegistry mounts = new MountRegistry();
        SourceAdmission admission = new SourceAdmission(mounts, IngestTestKit.settings());
        ShoutcastSourceDecoder decoder = new ShoutcastSourceDecoder(admission, new IngestTestKit.TestAccess(),
                pipeline -> pipeline.addAfter("shoutcast", "http", new ChannelInboundHandlerAdapter()));
        int limit = admission.settings().maxLoginLineBytes();
        try (FuzzedConnection connection = new FuzzedConnection(e -> false)) {
            connection.channel().pipeline().addLast("shoutcast", decoder).addLast(new HttpResponseEncoder());
            connection.feed(bytes, readBytes, message -> { }, () -> {
                if (connection.channel().pipeline().get(ShoutcastSourceDecoder.class) != null) {
                    assertThat(FuzzedConnection.cumulated(decoder)).as("bytes held during the login")
                            .isLessThanOrEqualTo(limit);
                }
            });
        }
        assertThat(mounts.all()).as("no source outlives its connection")
                .allSatisfy(mount -> assertThat(mount.liveSource()).isEmpty());
    }
}
