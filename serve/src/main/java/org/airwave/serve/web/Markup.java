package org.airwave.serve.web;

/**
 * Escaping of text that comes from sources (station names, titles, user agents) for XML and HTML
 * output: the five markup characters as entities, and characters XML 1.0 cannot carry at all
 * (controls other than tab, LF, CR; lone surrogates; U+FFFE/U+FFFF) dropped, so a hostile title
 * can neither inject markup nor make the document unparseable. Threading: stateless.
 */
public final class Markup {

    private Markup() {
    }

    /** Text content or an attribute value (quotes are escaped too, so both are safe). */
    public static String escapeXml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (isXmlChar(c)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * Like {@link #escapeXml} but keeps apostrophes and quotes as they are, the way libxml2 writes
     * element text in Icecast's XML ({@code <title>O'Brien &amp; Co</title>}).
     */
    public static String escapeXmlText(String text) {
        return escapeXml(text).replace("&quot;", "\"");
    }

    private static boolean isXmlChar(char c) {
        if (c == '\t' || c == '\n') {
            return true;
        }
        if (c < 0x20 || Character.isSurrogate(c)) {
            return false;
        }
        return c != '\uFFFE' && c != '\uFFFF';
    }
}
