package org.airwave.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.airwave.core.auth.AuthThrottle;
import org.airwave.core.auth.AuthVerdict;
import org.airwave.core.auth.TestLogins;
import org.airwave.core.mount.Mount;
import org.airwave.core.stream.BroadcastBuffer;
import org.airwave.core.stream.BufferLimits;
import org.airwave.core.stream.Chunk;
import org.airwave.core.stream.ListenerCursor;
import org.airwave.ingest.http.HeadLimits;

/**
 * Shared test support for the ingest tests: the settings and credentials of the brief (source
 * password {@code hackme}, admin {@code admin}/{@code adminpw}), fixture loading, and helpers that
 * read (and release) what an {@link EmbeddedChannel} wrote or what a source put into a mount.
 */
public final class IngestTestKit {

    /** The head limits of airwave-defaults.yaml ({@code limits.*}). */
    public static final HeadLimits HEAD_LIMITS = new HeadLimits(8192, 16384, 100, Duration.ofSeconds(10));
    public static final String SOURCE_PASSWORD = "hackme";
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "adminpw";
    /** {@code source:hackme}, as every captured client sends it. */
    public static final String SOURCE_AUTH = "Basic c291cmNlOmhhY2ttZQ==";
    /** {@code admin:adminpw}. */
    public static final String ADMIN_AUTH = "Basic YWRtaW46YWRtaW5wdw==";
    /** {@code source:wrong}. */
    public static final String WRONG_AUTH = "Basic c291cmNlOndyb25n";
    /** The MP3 test file: CBR 128 kbit/s, 44.1 kHz, starts with a frame sync. */
    public static final String MP3 = "audio/test-128k-44k1-stereo.mp3";

    private IngestTestKit() {
    }

    /** The brief's settings, SHOUTcast sources without a mount going to {@code /stream}. */
    public static IngestSettings settings() {
        return settings("/stream");
    }

    /** The brief's settings with another SHOUTcast default mount. */
    public static IngestSettings settings(String shoutcastMount) {
        return new IngestSettings(HEAD_LIMITS, Duration.ofSeconds(30), 65536, 8,
                new BufferLimits(20_000_000, 8 << 20, 2_000_000, 8192), 100_000, 65536,
                shoutcastMount, Map.of(2, "/two"), 1024);
    }

    /** Source password {@code hackme} for every mount (any user), admin {@code admin}/{@code adminpw}. */
    public static final class TestAccess implements SourceAccess {

        private final AuthThrottle throttle;

        /** With a throttle of its own (default limits, a clock that stands still). */
        public TestAccess() {
            this(new TestLogins().throttle());
        }

        public TestAccess(AuthThrottle throttle) {
            this.throttle = throttle;
        }

        @Override
        public AuthVerdict attempt(SocketAddress client, String what, BooleanSupplier credentials) {
            return throttle.check(client, what, credentials);
        }

        @Override
        public boolean maySource(String mount, String user, String password) {
            return SOURCE_PASSWORD.equals(password);
        }

        @Override
        public boolean isAdmin(String user, String password) {
            return ADMIN_USER.equals(user) && ADMIN_PASSWORD.equals(password);
        }

        @Override
        public boolean isAdminPassword(String password) {
            return ADMIN_PASSWORD.equals(password);
        }
    }

    /** A test fixture under {@code fixtures/} (copied from /work/shared/fixtures). */
    public static byte[] fixture(String name) {
        try (InputStream in = IngestTestKit.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code length} bytes of the MP3 test file. */
    public static byte[] mp3(int length) {
        return Arrays.copyOf(fixture(MP3), length);
    }

    /** Text as bytes, one byte per char (ISO-8859-1), as a client puts it on the wire. */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static ByteBuf buf(String text) {
        return Unpooled.copiedBuffer(bytes(text));
    }

    public static ByteBuf buf(byte[]... parts) {
        return Unpooled.copiedBuffer(concat(parts));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Index just past the first {@code \r\n\r\n} of a capture (where its head ends). */
    public static int headEnd(byte[] capture) {
        for (int i = 0; i + 3 < capture.length; i++) {
            if (capture[i] == '\r' && capture[i + 1] == '\n' && capture[i + 2] == '\r' && capture[i + 3] == '\n') {
                return i + 4;
            }
        }
        throw new IllegalArgumentException("no CRLFCRLF");
    }

    /** Every byte the channel wrote so far, in order; each outbound message is released. */
    public static byte[] outboundBytes(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            try {
                if (!(msg instanceof ByteBuf buf)) {
                    throw new AssertionError("outbound message is not bytes: " + msg);
                }
                byte[] copy = new byte[buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), copy);
                out.writeBytes(copy);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        return out.toByteArray();
    }

    /** {@link #outboundBytes} as ISO-8859-1 text. */
    public static String outboundText(EmbeddedChannel channel) {
        return new String(outboundBytes(channel), StandardCharsets.ISO_8859_1);
    }

    /**
     * One HTTP response as written on the wire, split into status line, headers (names lower-cased)
     * and body.
     */
    public record HttpReply(String statusLine, Map<String, String> headers, String body) {

        /** Parses the first response in {@code wire}; everything after its blank line is the body. */
        public static HttpReply parse(String wire) {
            int end = wire.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new AssertionError("not an HTTP response: " + wire);
            }
            String[] lines = wire.substring(0, end).split("\r\n");
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
            }
            return new HttpReply(lines[0], headers, wire.substring(end + 4));
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /**
     * The audio a live source put into its mount's buffer so far (whole frames only), read
     * through a cursor like a listener would; every chunk is released again. Works while the
     * buffered audio is shorter than the burst (2 s), so the cursor starts at the first chunk.
     */
    public static byte[] bufferedAudio(Mount mount) {
        BroadcastBuffer buffer = mount.passthroughBuffer().orElseThrow(() -> new AssertionError(mount + " not live"));
        BroadcastBuffer.Reader reader = () -> { };
        ListenerCursor cursor = buffer.subscribe(reader);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Chunk chunk;
            while ((chunk = cursor.next()) != null) {
                try {
                    byte[] copy = new byte[chunk.length()];
                    chunk.data().getBytes(chunk.data().readerIndex(), copy);
                    out.writeBytes(copy);
                } finally {
                    chunk.release();
                }
            }
        } finally {
            buffer.unsubscribe(reader);
        }
        return out.toByteArray();
    }
}
