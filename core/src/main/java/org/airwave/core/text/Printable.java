package org.airwave.core.text;

/** Client-supplied text made safe to log: at most 80 chars, control characters escaped. Threading: stateless. */
public final class Printable {

    /** Longest excerpt of client input that goes into a log line or an error message. */
    public static final int MAX_CHARS = 80;

    private Printable() {
    }

    public static String of(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < MAX_CHARS; i++) {
            char c = text.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : c);
        }
        return sb.toString();
    }
}
