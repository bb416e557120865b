package org.airwave.ingest.relay;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.airwave.core.stream.StreamMetadata;

/**
 * The {@code StreamTitle} of an ICY metadata block ({@code StreamTitle='Artist - Title';StreamUrl='';}),
 * as the stripper passes it on. Titles may hold apostrophes, so the value ends at the first
 * {@code ';} (or the block's end). Text is UTF-8 when it decodes as such, else ISO-8859-1 (older
 * SHOUTcast servers). {@code noInput}: the block carries {@link StreamMetadata#NO_INPUT_ICY_FIELD}
 * after the title, as an Airwave upstream sends while its mount has no input (only silence). Immutable.
 */
public record IcyTitle(String title, boolean noInput) {

    private static final String KEY = "StreamTitle='";

    /** The title in a metadata block's bytes (NUL padding included), or null when it carries none. */
    public static IcyTitle parse(byte[] block) {
        int length = block.length;
        while (length > 0 && block[length - 1] == 0) {
            length--;
        }
        String text = decode(block, length);
        int start = text.indexOf(KEY);
        if (start < 0) {
            return null;
        }
        start += KEY.length();
        int end = text.indexOf("';", start);
        if (end < 0) {
            end = text.endsWith("'") ? text.length() - 1 : text.length();
        }
        return new IcyTitle(text.substring(start, Math.max(start, end)),
                text.indexOf(StreamMetadata.NO_INPUT_ICY_FIELD, end) >= 0);
    }

    private static String decode(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
    }
}
