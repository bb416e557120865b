package org.airwave.serve.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.airwave.core.auth.AuthVerdict;
import org.airwave.core.auth.CredentialCheck;
import org.airwave.core.http.BasicCredentials;
import org.airwave.core.http.RequestTarget;
import org.airwave.core.mount.ListenerHandle;
import org.airwave.core.mount.Mount;
import org.airwave.core.stats.RejectReason;
import org.airwave.serve.status.IcecastStats;
import org.airwave.serve.status.Station;
import org.airwave.serve.status.StationDirectory;
import org.airwave.serve.web.StatsNode;
import org.airwave.serve.web.WebResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Icecast's admin API ({@link AdminCommand}) behind the admin credentials (Basic auth; anything
 * else is 401; 429 while the client's address is blocked for failing too often): statistics, mount and client lists, and the three actions, which act on a mount
 * given as {@code ?mount=}: {@code killclient} ({@code &id=}) disconnects a listener,
 * {@code killsource} disconnects the live source, {@code moveclients} ({@code &destination=}) moves
 * every listener to another live mount without disconnecting it. Answers and errors are Icecast's
 * (400 {@code Source does not exist}, {@code Missing parameter}, ...); each action is logged once.
 *
 * <p>Stateless apart from its collaborators; one per request, on the channel's event loop.
 */
public final class AdminRequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AdminRequestHandler.class);

    private final StationDirectory directory;
    private final CredentialCheck auth;
    private final WebResponses responses;

    /** @param auth the administrator's credentials, checked through the server's login throttle */
    public AdminRequestHandler(StationDirectory directory, CredentialCheck auth, WebResponses responses) {
        this.directory = directory;
        this.auth = auth;
        this.responses = responses;
    }

    /** Whether {@code path} is one of the admin commands this handler answers. */
    public static boolean handles(String path) {
        return AdminCommand.parse(path).isPresent();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        boolean head = request.method().equals(HttpMethod.HEAD);
        RequestTarget target = RequestTarget.parse(request.uri());
        Optional<AdminCommand.Request> command = AdminCommand.parse(target.path());
        if (command.isEmpty()) {
            WebResponses.send(ctx, responses.error(HttpResponseStatus.BAD_REQUEST, "Unrecognised command"), head);
            return;
        }
        Optional<BasicCredentials> credentials;
        try {
            credentials = BasicCredentials.of(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        } catch (IllegalArgumentException oversized) {
            directory.rejected(RejectReason.BAD_REQUEST);
            WebResponses.send(ctx, responses.error(HttpResponseStatus.BAD_REQUEST, oversized.getMessage()), head);
            return;
        }
        if (credentials.isEmpty()) {
            directory.rejected(RejectReason.AUTH);
            LOG.info("{}: admin request {} refused: no admin credentials", ctx.channel().remoteAddress(),
                    target.path());
            WebResponses.send(ctx, responses.authenticationRequired(), head);
            return;
        }
        AuthVerdict verdict = auth.check(ctx.channel().remoteAddress(), credentials.get().user(),
                credentials.get().password());
        if (!verdict.granted()) {
            directory.rejected(verdict.rejectReason());
            WebResponses.send(ctx, responses.authenticationRefused(verdict), head);
            return;
        }
        Answer answer = new Command(command.get(), target, request.headers().get(HttpHeaderNames.HOST),
                ctx.channel().remoteAddress() + " (" + credentials.get().user() + ")").run();
        WebResponses.send(ctx, render(answer, command.get().format()), head);
    }

    /** What a command produced: a document (or plain text) or an error with its status. */
    private record Answer(HttpResponseStatus status, StatsNode document, String text) {

        static Answer document(StatsNode document) {
            return new Answer(HttpResponseStatus.OK, document, null);
        }

        static Answer error(String reason) {
            return new Answer(HttpResponseStatus.BAD_REQUEST, null, reason);
        }
    }

    private FullHttpResponse render(Answer answer, AdminCommand.Format format) {
        if (answer.status() != HttpResponseStatus.OK) {
            if (format == AdminCommand.Format.JSON) {
                return responses.of(answer.status(), "application/json; charset=utf-8",
                        AdminDocuments.response(answer.text(), false).toJsonDocument()
                                .getBytes(StandardCharsets.UTF_8));
            }
            return responses.error(answer.status(), answer.text());
        }
        return switch (format) {
            case XML -> responses.ok("text/xml; charset=utf-8", answer.document().toXmlDocument());
            case JSON -> responses.ok("application/json; charset=utf-8", answer.document().toJsonDocument());
            case TEXT -> responses.ok("text/plain; charset=utf-8", answer.text());
        };
    }

    /** One admin command being carried out. */
    private final class Command {

        private final AdminCommand.Request request;
        private final RequestTarget target;
        private final String baseUrl;
        private final String who;

        Command(AdminCommand.Request request, RequestTarget target, String hostHeader, String who) {
            this.request = request;
            this.target = target;
            this.baseUrl = directory.baseUrl(hostHeader);
            this.who = who;
        }

        Answer run() {
            AdminDocuments documents = new AdminDocuments(directory);
            String mountPath = target.parameter("mount");
            if (mountPath == null) {
                if (request.command().needsMount()) {
                    return Answer.error("Unknown admin request");
                }
                return switch (request.command()) {
                    case STATS -> Answer.document(new IcecastStats(directory).adminTree(baseUrl, null));
                    case STREAMLIST -> request.format() == AdminCommand.Format.TEXT
                            ? new Answer(HttpResponseStatus.OK, null, documents.streamList())
                            : Answer.document(documents.mountList(null));
                    default -> Answer.document(documents.mountList(null));
                };
            }
            Optional<Station> station = directory.find(mountPath).filter(Station::isLive);
            if (station.isEmpty()) {
                return Answer.error("Source does not exist");
            }
            return switch (request.command()) {
                case STATS -> Answer.document(new IcecastStats(directory).adminTree(baseUrl, mountPath));
                case LISTCLIENTS -> Answer.document(documents.clientList(station.get()));
                case KILLCLIENT -> killClient(station.get());
                case KILLSOURCE -> killSource(station.get());
                case MOVECLIENTS -> moveClients(station.get(), documents);
                case LISTMOUNTS -> Answer.document(documents.mountList(null));
                case STREAMLIST -> request.format() == AdminCommand.Format.TEXT
                        ? new Answer(HttpResponseStatus.OK, null, documents.streamList())
                        : Answer.document(documents.mountList(null));
            };
        }

        private Answer killClient(Station station) {
            String id = target.parameter("id");
            if (id == null) {
                return Answer.error("Missing parameter");
            }
            long number = leadingNumber(id);
            Optional<ListenerHandle> listener = station.mount().listener(number);
            if (listener.isEmpty()) {
                return Answer.document(AdminDocuments.response("Client " + number + " not found", false));
            }
            LOG.info("admin {}: client {} ({}) of {} removed", who, number, listener.get().remoteAddress(),
                    station.path());
            listener.get().kick();
            return Answer.document(AdminDocuments.response("Client " + number + " removed", true));
        }

        private Answer killSource(Station station) {
            LOG.info("admin {}: source of {} removed", who, station.path());
            station.mount().liveSource().ifPresent(claim -> claim.kill());
            return Answer.document(AdminDocuments.response("Source Removed", true));
        }

        private Answer moveClients(Station station, AdminDocuments documents) {
            String destinationPath = target.parameter("destination");
            if (destinationPath == null) {
                return Answer.document(documents.mountList(station.path()));
            }
            Optional<Mount> destination = directory.mount(destinationPath);
            if (destination.isEmpty()) {
                return Answer.error("No such destination");
            }
            if (destination.get() == station.mount()) {
                return Answer.error("supplied mountpoints are identical");
            }
            if (destination.get().liveSource().isEmpty()) {
                return Answer.error("Destination not running");
            }
            int moved = 0;
            for (ListenerHandle listener : station.mount().connectedListeners()) {
                moved += listener.moveTo(destination.get()) ? 1 : 0;
            }
            LOG.info("admin {}: {} clients moved from {} to {}", who, moved, station.path(), destinationPath);
            return Answer.document(AdminDocuments.response(
                    "Clients moved from " + station.path() + " to " + destinationPath, true));
        }

        /** The id as Icecast reads it ({@code atoi}): leading digits, 0 when there are none. */
        private static long leadingNumber(String id) {
            String trimmed = id.strip();
            int end = 0;
            while (end < trimmed.length() && end < 18 && Character.isDigit(trimmed.charAt(end))) {
                end++;
            }
            return end == 0 ? 0 : Long.parseLong(trimmed.substring(0, end));
        }
    }
}
