package org.airwave.ingest.relay;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The {@code StreamTitle} of an ICY metadata block ({@code StreamTitle='Artist - Title';StreamUrl='';}),
 * as the stripper passes it on. Titles may hold apostrophes, so the value ends at the first
 * {@code ';} (or the block's end). Text is UTF-8 when it decodes as such, else ISO-8859-1 (older
 * SHOUTcast servers). Immutable.
 */
public record IcyTitle(String title) {

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
        return new IcyTitle(text.substring(start, Math.max(start, end)));
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
