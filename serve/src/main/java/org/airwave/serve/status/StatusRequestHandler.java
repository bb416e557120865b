package org.airwave.serve.status;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.airwave.core.http.RequestTarget;
import org.airwave.serve.web.WebResponses;

/**
 * Answers the public status requests: Icecast's {@code /status-json.xsl} (optionally
 * {@code ?mount=}), SHOUTcast's {@code /7.html} and {@code /stats} ({@code ?sid=N}, default 1;
 * {@code &json=1} for JSON, with an optional JSONP {@code callback}), and Airwave's
 * {@code /api/v1/status}. Each answer is complete (Content-Length) and the connection closes after
 * it; status JSON may be read cross-origin.
 *
 * <p>Stateless apart from its collaborators; one per request, on the channel's event loop.
 */
public final class StatusRequestHandler extends ChannelInboundHandlerAdapter {

    public static final String ICECAST_STATUS_JSON = "/status-json.xsl";
    public static final String SHOUTCAST_SEVEN = "/7.html";
    public static final String SHOUTCAST_STATS = "/stats";
    public static final String API_STATUS = "/api/v1/status";
    /** Every path this handler answers. */
    public static final Set<String> PATHS = Set.of(ICECAST_STATUS_JSON, SHOUTCAST_SEVEN, SHOUTCAST_STATS, API_STATUS);

    /** A JSONP callback name: a plain (dotted) JavaScript identifier, nothing that could inject script. */
    private static final Pattern CALLBACK = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]{0,63}(?:\\.[A-Za-z_$][A-Za-z0-9_$]{0,63}){0,3}");
    private static final int DEFAULT_SID = 1;

    private final StationDirectory directory;
    private final WebResponses responses;

    public StatusRequestHandler(StationDirectory directory, WebResponses responses) {
        this.directory = directory;
        this.responses = responses;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        RequestTarget target = RequestTarget.parse(request.uri());
        String baseUrl = directory.baseUrl(request.headers().get(HttpHeaderNames.HOST));
        FullHttpResponse response = switch (target.path()) {
            case ICECAST_STATUS_JSON -> WebResponses.allowAnyOrigin(responses.ok("application/json; charset=UTF-8",
                    new IcecastStats(directory).publicTree(baseUrl, target.parameter("mount")).toJsonDocument()));
            case API_STATUS -> WebResponses.allowAnyOrigin(responses.ok("application/json; charset=utf-8",
                    new AirwaveStatus(directory).document(directory.all(), baseUrl)));
            case SHOUTCAST_SEVEN, SHOUTCAST_STATS -> shoutcast(target);
            default -> responses.error(HttpResponseStatus.NOT_FOUND, "The file you requested could not be found");
        };
        WebResponses.send(ctx, response, request.method().equals(HttpMethod.HEAD));
    }

    private FullHttpResponse shoutcast(RequestTarget target) {
        ShoutcastStats stats = new ShoutcastStats(directory);
        Optional<String> mount = sid(target.parameter("sid")).flatMap(stats::mountOf);
        if (mount.isEmpty()) {
            // DNAS answers unknown stream ids without a 200; butt then tries its other request.
            return responses.error(HttpResponseStatus.NOT_FOUND, "Stream id not configured (shoutcast.sids)");
        }
        if (target.path().equals(SHOUTCAST_SEVEN)) {
            return responses.ok("text/html; charset=utf-8", stats.sevenHtml(mount.get()));
        }
        if (!"1".equals(target.parameter("json"))) {
            return WebResponses.allowAnyOrigin(responses.ok("text/xml; charset=utf-8", stats.statsXml(mount.get())));
        }
        String json = stats.statsJson(mount.get());
        String callback = target.parameter("callback");
        if (callback != null && CALLBACK.matcher(callback).matches()) {
            return responses.ok("application/javascript; charset=utf-8", callback + "(" + json + ");");
        }
        return WebResponses.allowAnyOrigin(responses.ok("application/json; charset=utf-8", json));
    }

    private static Optional<Integer> sid(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(DEFAULT_SID);
        }
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
