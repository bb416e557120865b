package org.airwave.serve.playlist;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Renders the one-entry playlists a listener can fetch for a mount: {@code /live.m3u} (just the
 * absolute stream URL), {@code /live.pls} and {@code /live.xspf}. The stream URL is absolute,
 * built from the request's {@code Host} header when it is a plausible {@code host[:port]}, else
 * from the configured public host, so a header cannot inject lines or markup.
 *
 * <p>Stateless and thread-safe.
 */
public final class Playlists {

    /** Longest Host value accepted: a 253-character name, brackets or a colon and a port. */
    public static final int MAX_HOST_LENGTH = 262;

    private static final String SCHEME = "http://";
    private static final String CRLF = "\r\n";
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Playlists() {
    }

    /**
     * A playlist request: the mount it names and the format asked for.
     *
     * @param mount the mount path, e.g. {@code /live} for {@code /live.m3u}
     * @param format the playlist format
     */
    public record Request(String mount, PlaylistFormat format) {

        /**
         * Resolves a decoded request path such as {@code /live.m3u} (or {@code /stream.mp3.pls})
         * to its mount and format; empty when the path is not a playlist of a named mount.
         */
        public static Optional<Request> parse(String path) {
            if (path == null || !path.startsWith("/")) {
                return Optional.empty();
            }
            return PlaylistFormat.ofPath(path).flatMap(format -> {
                String mount = path.substring(0, path.length() - format.extension().length() - 1);
                return mount.length() > 1 && !mount.endsWith("/")
                        ? Optional.of(new Request(mount, format))
                        : Optional.empty();
            });
        }

        /** A file name for {@code Content-Disposition}: the mount's last segment, plain ASCII. */
        public String fileName() {
            String name = mount.substring(mount.lastIndexOf('/') + 1) + "." + format.extension();
            StringBuilder safe = new StringBuilder(name.length());
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                safe.append(isUnreserved(c) ? c : '_');
            }
            return safe.toString();
        }
    }

    /**
     * A rendered playlist.
     *
     * @param body the text, to be sent as UTF-8
     * @param contentType the content type of the format
     * @param fileName a safe file name for {@code Content-Disposition}
     */
    public record Rendered(String body, String contentType, String fileName) {
    }

    /**
     * The {@code http://host:port} prefix of absolute URLs: the request's Host header when it is a
     * valid {@code host[:port]} (no spaces, CR/LF or other stray characters), else
     * {@code fallbackHostPort} (the configured public host).
     */
    public static String baseUrl(String hostHeader, String fallbackHostPort) {
        String host = hostHeader == null ? "" : hostHeader.trim();
        boolean valid = !host.isEmpty() && host.length() <= MAX_HOST_LENGTH && HOST.matcher(host).matches();
        return SCHEME + (valid ? host : fallbackHostPort);
    }

    /**
     * Renders {@code request} as a playlist with one entry, the mount's stream.
     *
     * @param baseUrl the {@code http://host:port} prefix, from {@link #baseUrl}
     * @param stationName the source's {@code icy-name}; the mount path is used when empty
     * @param currentTitle the title playing now (XSPF annotation; may be empty)
     */
    public static Rendered render(Request request, String baseUrl, String stationName, String currentTitle) {
        String url = baseUrl + encodePath(request.mount());
        String name = stripControls(stationName == null || stationName.isBlank() ? request.mount() : stationName);
        String title = currentTitle == null ? "" : stripControls(currentTitle);
        String body = switch (request.format()) {
            case M3U -> url + CRLF;
            case PLS -> "[playlist]" + CRLF
                    + "NumberOfEntries=1" + CRLF
                    + "File1=" + url + CRLF
                    + "Title1=" + name + CRLF
                    + "Length1=-1" + CRLF
                    + "Version=2" + CRLF;
            case XSPF -> xspf(url, name, title);
        };
        return new Rendered(body, request.format().contentType(), request.fileName());
    }

    private static String xspf(String url, String name, String title) {
        StringBuilder xml = new StringBuilder(256)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n")
                .append("  <title>").append(xmlEscape(name)).append("</title>\n")
                .append("  <trackList>\n")
                .append("    <track>\n")
                .append("      <location>").append(xmlEscape(url)).append("</location>\n")
                .append("      <title>").append(xmlEscape(name)).append("</title>\n");
        if (!title.isEmpty()) {
            xml.append("      <annotation>").append(xmlEscape(title)).append("</annotation>\n");
        }
        return xml.append("    </track>\n")
                .append("  </trackList>\n")
                .append("</playlist>\n")
                .toString();
    }

    /** Percent-encodes (as UTF-8) everything in a path but unreserved characters and slashes. */
    private static String encodePath(String path) {
        StringBuilder encoded = new StringBuilder(path.length() + 8);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c == '/' || isUnreserved(c)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return encoded.toString();
    }

    /** RFC 3986 unreserved: letters, digits and {@code -._~}. */
    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** Removes control characters (they would break a PLS line or be invalid in XML). */
    private static String stripControls(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isISOControl(c) && c != '\uFFFE' && c != '\uFFFF') {
                clean.append(c);
            }
        }
        return clean.toString();
    }

    private static String xmlEscape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
