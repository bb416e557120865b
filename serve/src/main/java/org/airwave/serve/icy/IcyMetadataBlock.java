package org.airwave.serve.icy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.airwave.core.stream.StreamMetadata;

/**
 * Encodes one ICY in-band metadata block: a length byte {@code L}, then {@code L * 16} bytes of
 * {@code StreamTitle='...';} (followed by {@code StreamUrl='...';} when the URL is not empty),
 * NUL-padded to a multiple of 16. An empty title gives the 17-byte block icecast sends on a fresh
 * mount ({@code \x01StreamTitle='';\x00}). While the mount has no input, the block also carries
 * {@link StreamMetadata#NO_INPUT_ICY_FIELD} (for Airwave relays of the mount; players ignore it).
 *
 * <p>The ICY format has no escaping (clients end a value at the first {@code ';}), so values are
 * sanitised: control characters (CR, LF, NUL, ...) are removed and every {@code ';} becomes
 * {@code ' ;}. Text is encoded in the given charset; characters it cannot represent become
 * {@code ?}. A block carries at most {@value #MAX_BLOCK_BYTES} bytes after the length byte: the
 * title is truncated first (the URL is kept whole while it fits), then the URL, always at a
 * character boundary (never inside a UTF-8 sequence or a surrogate pair). The charset must be
 * ASCII-compatible (UTF-8, ISO-8859-1, ...), as the keys are written in ASCII.
 *
 * <p>Ownership: every block returned here is an unpooled heap buffer wrapped as unreleasable and
 * read-only. Such buffers are never released, and need not be: their memory is an ordinary byte
 * array owned by the garbage collector, so {@code release()} calls (Netty releases every written
 * buffer) are no-ops and nothing leaks. That is what allows one block per title to be cached and
 * written to thousands of listeners.
 *
 * <p>Threading: stateless; the returned buffers are immutable and safe to share across threads as
 * long as nobody moves the shared instance's indices: write {@code block.duplicate()}, never the
 * block itself.
 */
public final class IcyMetadataBlock {

    /** Block payload limit: the length byte counts 16-byte units, at most 255 of them. */
    public static final int MAX_BLOCK_BYTES = 255 * 16;

    /** Block payloads are padded with NULs to a multiple of this. */
    public static final int BLOCK_UNIT = 16;

    /** The one-byte block meaning "metadata unchanged"; shared, unreleasable and read-only. */
    public static final ByteBuf EMPTY_BLOCK = shared(new byte[] {0});

    private static final byte[] TITLE_KEY = "StreamTitle='".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] URL_KEY = "StreamUrl='".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE_END = "';".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_INPUT = StreamMetadata.NO_INPUT_ICY_FIELD.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT = {'?'};

    private IcyMetadataBlock() {
    }

    /**
     * The UTF-8 block for {@code metadata}, encoded once and cached in the metadata's
     * {@link StreamMetadata#derived derived} slot. Write {@code duplicate()}s of it.
     */
    public static ByteBuf forMetadata(StreamMetadata metadata) {
        return forMetadata(metadata, StandardCharsets.UTF_8);
    }

    /**
     * The block for {@code metadata} in {@code charset}, cached in the metadata's derived slot.
     * The slot holds one encoding; a request for another charset is encoded anew each time (a
     * server configures one ICY charset, so that does not happen in practice). Write
     * {@code duplicate()}s of the result.
     */
    public static ByteBuf forMetadata(StreamMetadata metadata, Charset charset) {
        Object cached = metadata.derived(m -> new Encoded(charset, encode(m, charset)));
        if (cached instanceof Encoded encoded && encoded.charset().equals(charset)) {
            return encoded.block();
        }
        return encode(metadata, charset);
    }

    /** Encodes a fresh block (uncached); see the class comment for the format and limits. */
    public static ByteBuf encode(StreamMetadata metadata, Charset charset) {
        String title = sanitize(metadata.title());
        String url = sanitize(metadata.url());
        boolean withUrl = !url.isEmpty();
        byte[] noInput = metadata.noInput() ? NO_INPUT : new byte[0];
        int fixed = TITLE_KEY.length + VALUE_END.length + (withUrl ? URL_KEY.length + VALUE_END.length : 0)
                + noInput.length;
        int room = MAX_BLOCK_BYTES - fixed;
        byte[] urlBytes = withUrl ? encodeWithin(url, charset, room) : new byte[0];
        byte[] titleBytes = encodeWithin(title, charset, room - urlBytes.length);

        int payload = fixed + titleBytes.length + urlBytes.length;
        int units = (payload + BLOCK_UNIT - 1) / BLOCK_UNIT;
        byte[] block = new byte[1 + units * BLOCK_UNIT];
        block[0] = (byte) units;
        int at = put(block, 1, TITLE_KEY);
        at = put(block, at, titleBytes);
        at = put(block, at, VALUE_END);
        if (withUrl) {
            at = put(block, at, URL_KEY);
            at = put(block, at, urlBytes);
            at = put(block, at, VALUE_END);
        }
        put(block, at, noInput);
        return shared(block);
    }

    /** Removes control characters and breaks up every {@code ';} that would end the value early. */
    private static String sanitize(String value) {
        StringBuilder clean = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Character.isISOControl(c)) {
                clean.append(c);
            }
        }
        return clean.toString().replace("';", "' ;");
    }

    /**
     * Encodes as much of {@code text} as fits in {@code maxBytes}. The encoder consumes whole
     * characters only, so on overflow the result ends at a character boundary.
     */
    private static byte[] encodeWithin(String text, Charset charset, int maxBytes) {
        CharsetEncoder encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        if (encoder.isLegalReplacement(REPLACEMENT)) {
            encoder.replaceWith(REPLACEMENT);
        }
        ByteBuffer out = ByteBuffer.allocate(maxBytes);
        CoderResult result = encoder.encode(CharBuffer.wrap(text), out, true);
        if (result.isUnderflow()) {
            encoder.flush(out);
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    private static int put(byte[] target, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, target, at, bytes.length);
        return at + bytes.length;
    }

    /**
     * Off-heap, so a socket writer can hand its memory to the kernel as it is; a JDK direct buffer,
     * so the memory goes with the last reference to the block (no release to forget).
     */
    private static ByteBuf shared(byte[] bytes) {
        ByteBuffer memory = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(memory)).asReadOnly();
    }

    /** The cached block with the charset it was encoded in. */
    private record Encoded(Charset charset, ByteBuf block) {
    }
}
