package org.airwave.ingest.metadata;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;
import org.airwave.core.auth.AuthVerdict;
import org.airwave.core.http.BasicCredentials;
import org.airwave.core.http.RequestTarget;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.stats.Protocol;
import org.airwave.ingest.IngestSettings;
import org.airwave.ingest.SourceAccess;
import org.airwave.ingest.SourceAdmission;
import org.airwave.core.text.Printable;
import org.airwave.ingest.http.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Title updates from sources, on the main port and on port+1: Icecast's
 * {@code /admin/metadata?mode=updinfo&mount=...} (Basic auth with the mount's source credentials
 * or the admin's) and SHOUTcast's {@code /admin.cgi?pass=...&mode=updinfo} (password in the query,
 * may contain a raw '#'; the mount is {@code mount=}, the one of {@code sid=} or {@code pass:#sid},
 * else the SHOUTcast mount). Every password check goes through the server's login throttle
 * (429 with {@code Retry-After} while the client's address is blocked). The update is applied before answering, because butt closes its
 * socket without reading the answer. An update for a mount whose SHOUTcast source is logging in
 * (past OK2, headers not yet in) waits for that login ({@link org.airwave.ingest.SourceLogins}) and
 * is answered when it settles. Refused updates are logged once each. Answers copy Icecast's bodies.
 *
 * <p>Stateless apart from its collaborators; one per request, on the event loop.
 */
public final class MetadataUpdateHandler extends ChannelInboundHandlerAdapter {

    /** Path of Icecast's metadata update. */
    public static final String ICECAST_PATH = "/admin/metadata";
    /** Path of SHOUTcast v1's admin CGI. */
    public static final String SHOUTCAST_PATH = "/admin.cgi";

    private static final Logger LOG = LoggerFactory.getLogger(MetadataUpdateHandler.class);
    private static final String ICECAST_OK = "<?xml version=\"1.0\"?>\n<iceresponse><message>Metadata update successful"
            + "</message><return>1</return></iceresponse>\n";
    private static final String SHOUTCAST_OK = "<html><head><title>Admin request successful</title></head>"
            + "<body><p>Metadata update successful</p></body></html>";

    private final MountRegistry mounts;
    private final SourceAccess access;
    private final SourceAdmission admission;
    private final IngestSettings settings;

    public MetadataUpdateHandler(MountRegistry mounts, SourceAccess access, SourceAdmission admission) {
        this.mounts = mounts;
        this.access = access;
        this.admission = admission;
        this.settings = admission.settings();
    }

    /** Whether a request path is one this handler answers. */
    public static boolean handles(String path) {
        return path.equals(ICECAST_PATH) || path.equals(ICECAST_PATH + ".xsl") || path.equals(SHOUTCAST_PATH);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                RequestTarget query = RequestTarget.parse(request.uri());
                FullHttpResponse response = query.path().equals(SHOUTCAST_PATH)
                        ? shoutcast(ctx, request, query) : icecast(ctx, request, query);
                if (response != null) {
                    Responses.sendAndClose(ctx, response);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private FullHttpResponse icecast(ChannelHandlerContext ctx, HttpRequest request, RequestTarget query) {
        String mountPath = query.parameter("mount");
        Optional<BasicCredentials> credentials;
        try {
            credentials = BasicCredentials.of(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        } catch (IllegalArgumentException oversized) {
            return Responses.error(HttpResponseStatus.BAD_REQUEST, oversized.getMessage());
        }
        if (credentials.isEmpty()) {
            return Responses.authenticationRequired();
        }
        String user = credentials.get().user();
        String password = credentials.get().password();
        AuthVerdict verdict = access.attempt(ctx.channel().remoteAddress(), "title update " + Printable.of(mountPath),
                () -> access.isAdmin(user, password) || mountPath != null && access.maySource(mountPath, user, password));
        if (!verdict.granted()) {
            mounts.stats().rejected(Protocol.HTTP, verdict.rejectReason());
            return Responses.authenticationRefused(verdict);
        }
        if (!"updinfo".equals(query.parameter("mode"))) {
            return Responses.error(HttpResponseStatus.BAD_REQUEST, "Unsupported mode (only mode=updinfo)");
        }
        if (mountPath == null) {
            return Responses.error(HttpResponseStatus.BAD_REQUEST, "Missing parameter: mount");
        }
        return apply(ctx, mountPath, query, "text/xml; charset=utf-8", ICECAST_OK);
    }

    private FullHttpResponse shoutcast(ChannelHandlerContext ctx, HttpRequest request, RequestTarget query) {
        String password = query.parameter("pass");
        if (password == null) {
            try {
                password = BasicCredentials.of(request.headers().get(HttpHeaderNames.AUTHORIZATION))
                        .map(BasicCredentials::password).orElse(null);
            } catch (IllegalArgumentException oversized) {
                return Responses.error(HttpResponseStatus.BAD_REQUEST, oversized.getMessage());
            }
        }
        if (password == null) {
            return Responses.authenticationRequired();
        }
        String sent = password;
        AuthVerdict verdict = access.attempt(ctx.channel().remoteAddress(), "admin.cgi title update", () -> {
            ShoutcastTarget target = shoutcastTarget(query, sent);
            return access.maySource(target.mount(), "source", target.password())
                    || access.isAdminPassword(target.password());
        });
        if (!verdict.granted()) {
            mounts.stats().rejected(Protocol.HTTP, verdict.rejectReason());
            return Responses.authenticationRefused(verdict);
        }
        if (!"updinfo".equals(query.parameter("mode"))) {
            return Responses.error(HttpResponseStatus.BAD_REQUEST, "Unsupported mode (only mode=updinfo)");
        }
        return apply(ctx, shoutcastTarget(query, password).mount(), query, "text/html; charset=utf-8", SHOUTCAST_OK);
    }

    /** The mount an admin.cgi update is for and the password without its {@code :#sid} suffix. */
    private record ShoutcastTarget(String mount, String password) {
    }

    private ShoutcastTarget shoutcastTarget(RequestTarget query, String password) {
        String mountPath = query.parameter("mount");
        String sid = query.parameter("sid");
        String bare = password;
        int sidMarker = password.lastIndexOf(":#");
        if (mountPath == null && sid == null && sidMarker >= 0
                && !access.maySource(settings.shoutcastMount(), "source", password)) {
            sid = password.substring(sidMarker + 2);
            bare = password.substring(0, sidMarker);
        }
        if (mountPath == null && sid != null) {
            mountPath = sidMount(sid);
        }
        return new ShoutcastTarget(mountPath == null ? settings.shoutcastMount() : mountPath, bare);
    }

    private String sidMount(String sid) {
        try {
            return settings.shoutcastSids().get(Integer.parseInt(sid.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Sets the title of {@code mountPath}'s source and returns the answer, or null when a source of
     * that mount is logging in: the update then waits for its login (answered once it settles).
     */
    private FullHttpResponse apply(ChannelHandlerContext ctx, String mountPath, RequestTarget query, String type,
                                   String okBody) {
        if (live(mountPath).isEmpty() && admission.logins().whenSettled(mountPath, () -> ctx.executor().execute(
                () -> Responses.sendAndClose(ctx, applyNow(ctx, mountPath, query, type, okBody))))) {
            return null;
        }
        return applyNow(ctx, mountPath, query, type, okBody);
    }

    private Optional<Mount> live(String mountPath) {
        return mounts.find(mountPath).filter(m -> m.liveSource().isPresent());
    }

    private FullHttpResponse applyNow(ChannelHandlerContext ctx, String mountPath, RequestTarget query, String type,
                                      String okBody) {
        Optional<Mount> mount = live(mountPath);
        if (mount.isEmpty()) {
            LOG.info("{}: title update for {} refused: no source on that mount", ctx.channel().remoteAddress(),
                    Printable.of(mountPath));
            return Responses.error(HttpResponseStatus.BAD_REQUEST, "Source does not exist");
        }
        TitleUpdate update = TitleUpdate.from(query);
        if (update != null) {
            mount.get().updateMetadata(update.title(), update.url());
            LOG.info("{}: title of {} is now '{}'", ctx.channel().remoteAddress(), mountPath, Printable.of(update.title()));
        }
        return Responses.of(HttpResponseStatus.OK, type, okBody);
    }
}
