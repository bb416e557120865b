package org.airwave.serve.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * A minimal streaming JSON writer for the documents the server builds by hand (status, events,
 * admin): compact output, strings escaped per RFC 8259 (quote, backslash and control characters,
 * plus U+2028/U+2029 and lone surrogates as {@code \}{@code uXXXX} so the text is also safe inside a
 * script), commas placed by the writer. Misuse (a value where a name is due, unbalanced ends) throws
 * {@link IllegalStateException}.
 *
 * <p>Not thread-safe; one writer per document.
 */
public final class JsonWriter {

    /** A JSON number as RFC 8259 allows it, without exponent. */
    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]{0,17})(?:\\.[0-9]{1,17})?");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(512);
    /** One entry per open container: true for an object; whether it has a member yet in {@link #counts}. */
    private final Deque<Boolean> objects = new ArrayDeque<>();
    private final Deque<Integer> counts = new ArrayDeque<>();
    private boolean nameWritten;

    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        objects.push(true);
        counts.push(0);
        return this;
    }

    public JsonWriter endObject() {
        return end(true, '}');
    }

    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        objects.push(false);
        counts.push(0);
        return this;
    }

    public JsonWriter endArray() {
        return end(false, ']');
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        if (objects.isEmpty() || !objects.peek() || nameWritten) {
            throw new IllegalStateException("a name is not allowed here: " + name);
        }
        separate();
        string(name);
        out.append(':');
        nameWritten = true;
        return this;
    }

    public JsonWriter value(String text) {
        if (text == null) {
            return nullValue();
        }
        beforeValue();
        string(text);
        return this;
    }

    public JsonWriter value(long number) {
        beforeValue();
        out.append(number);
        return this;
    }

    public JsonWriter value(boolean flag) {
        beforeValue();
        out.append(flag);
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** Writes {@code text} unquoted when it is a plain JSON number, else as a string. */
    public JsonWriter numberOrString(String text) {
        return isNumber(text) ? rawNumber(text) : value(text);
    }

    /** Whether {@code text} is a JSON number without exponent and without leading zeros. */
    public static boolean isNumber(String text) {
        return text != null && NUMBER.matcher(text).matches();
    }

    private JsonWriter rawNumber(String text) {
        beforeValue();
        out.append(text);
        return this;
    }

    /** The document; every container must be closed. */
    @Override
    public String toString() {
        if (!objects.isEmpty()) {
            throw new IllegalStateException("unclosed container in JSON document");
        }
        return out.toString();
    }

    private JsonWriter end(boolean object, char bracket) {
        if (objects.isEmpty() || objects.peek() != object || nameWritten) {
            throw new IllegalStateException("unbalanced " + bracket);
        }
        objects.pop();
        counts.pop();
        out.append(bracket);
        return this;
    }

    private void beforeValue() {
        if (objects.isEmpty()) {
            if (out.length() > 0) {
                throw new IllegalStateException("a JSON document has one top-level value");
            }
            return;
        }
        if (objects.peek()) {
            if (!nameWritten) {
                throw new IllegalStateException("a value in an object needs a name first");
            }
            nameWritten = false;
            return;
        }
        separate();
    }

    private void separate() {
        int count = counts.pop();
        if (count > 0) {
            out.append(',');
        }
        counts.push(count + 1);
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1));
                    if (pairedSurrogate) {
                        out.append(c).append(text.charAt(++i));
                    } else if (c < 0x20 || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
