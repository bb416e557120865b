package org.airwave.serve.listener;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.airwave.core.mount.Rendition;
import org.airwave.core.mount.SourceInfo;

/**
 * The response head a listener gets (PROTOCOLS.md §4): {@code HTTP/1.0 200 OK} (never
 * {@code ICY 200 OK}), the stream's content type, the {@code icy-*} headers from the source's
 * description, {@code icy-metaint} only when the client asked for metadata, no-cache headers and
 * CORS headers that let a web player read the icy headers. Threading: stateless.
 */
public final class ListenerResponseHead {

    /** Value of {@code Server:} in listener responses. */
    public static final String SERVER = "Airwave";
    /** Request headers a browser player may send cross-origin. */
    public static final String CORS_ALLOW_HEADERS = "Origin, Accept, X-Requested-With, Content-Type, Icy-MetaData, Range";
    /** Response headers a browser player may read cross-origin. */
    public static final String CORS_EXPOSE_HEADERS =
            "icy-br, icy-description, icy-genre, icy-metaint, icy-name, icy-pub, icy-url, ice-audio-info";

    private ListenerResponseHead() {
    }

    /**
     * @param icyMetaint the metadata interval to announce, or 0 when the listener gets no metadata
     */
    public static HttpResponse of(SourceInfo source, int icyMetaint) {
        return of(source, null, icyMetaint);
    }

    /**
     * The head for a stream target: station fields from the live source (if any); for a transcoded
     * rendition, {@code icy-br} and {@code ice-audio-info} describe the rendition, not the source.
     *
     * @param source the live source, or null (a transcoded rendition without a source)
     * @param rendition the transcoded rendition, or null for the source's own stream
     */
    public static HttpResponse of(SourceInfo source, Rendition rendition, int icyMetaint) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE,
                rendition != null ? Rendition.CONTENT_TYPE : safe(source.contentType()));
        if (rendition != null) {
            headers.set("icy-br", rendition.bitrateKbps());
            headers.set("ice-audio-info", rendition.audioInfo());
        } else {
            putIfPresent(headers, "icy-br", source.bitrate());
            putIfPresent(headers, "ice-audio-info", source.audioInfo());
        }
        if (source != null) {
            putIfPresent(headers, "icy-description", source.description());
            putIfPresent(headers, "icy-genre", source.genre());
            putIfPresent(headers, "icy-name", source.name());
        }
        headers.set("icy-pub", source != null && source.isPublic() ? "1" : "0");
        if (source != null) {
            putIfPresent(headers, "icy-url", source.url());
        }
        if (icyMetaint > 0) {
            headers.set("icy-metaint", icyMetaint);
        }
        addCommon(headers);
        return response;
    }

    /** Headers every listener-facing answer carries: server, no caching, CORS, connection close. */
    public static void addCommon(HttpHeaders headers) {
        headers.set(HttpHeaderNames.SERVER, SERVER)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store")
                .set(HttpHeaderNames.PRAGMA, "no-cache")
                .set(HttpHeaderNames.EXPIRES, "Mon, 26 Jul 1997 05:00:00 GMT")
                .set(HttpHeaderNames.CONNECTION, "Close")
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS")
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, CORS_ALLOW_HEADERS)
                .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, CORS_EXPOSE_HEADERS);
    }

    private static void putIfPresent(HttpHeaders headers, String name, String value) {
        if (value != null && !value.isEmpty()) {
            headers.set(name, safe(value));
        }
    }

    /** Header values come from sources: no control characters may reach a listener's response. */
    private static String safe(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != 0x7f && c <= 0xff) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
