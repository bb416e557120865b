package org.airwave.ingest.relay;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * One upstream stream URL a relay pulls: {@code http://host[:port]/path[?query]}. Only plain HTTP:
 * Icecast and SHOUTcast listeners' protocol. Immutable.
 *
 * @param host the upstream's host name or address (IPv6 without brackets)
 * @param port the upstream's port (80 when the URL names none)
 * @param pathAndQuery what goes into the request line, starting with '/'
 */
public record RelayTarget(String host, int port, String pathAndQuery) {

    private static final int HTTP_PORT = 80;

    /** Parses an upstream URL; the message of the exception quotes it and says what is wrong. */
    public static RelayTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("relay URL '" + url + "' is not a URL: " + e.getReason());
        }
        return of(uri, url);
    }

    /** The target a redirect's {@code Location} names, absolute or relative to this one. */
    public RelayTarget resolve(String location) {
        try {
            return of(toUri().resolve(new URI(location.trim())), location);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("redirect to '" + location + "' is not a URL: " + e.getReason());
        }
    }

    private static RelayTarget of(URI uri, String original) {
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("relay URL '" + original + "' must start with http:// (was scheme "
                    + uri.getScheme() + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("relay URL '" + original + "' names no host");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return new RelayTarget(host, uri.getPort() < 0 ? HTTP_PORT : uri.getPort(), path + query);
    }

    /** The {@code Host} header value. */
    public String hostHeader() {
        String name = host.contains(":") ? "[" + host + "]" : host;
        return port == HTTP_PORT ? name : name + ":" + port;
    }

    private URI toUri() throws URISyntaxException {
        return new URI("http://" + hostHeader() + pathAndQuery);
    }

    @Override
    public String toString() {
        return "http://" + hostHeader() + pathAndQuery;
    }
}
