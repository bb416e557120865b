package org.airwave.serve.web;

import io.netty.channel.ChannelHandler;
import org.airwave.core.auth.CredentialCheck;
import org.airwave.core.mount.MountRegistry;
import org.airwave.serve.admin.AdminRequestHandler;
import org.airwave.serve.status.EventStreamHandler;
import org.airwave.serve.status.EventStreamSlots;
import org.airwave.serve.status.RenditionCatalog;
import org.airwave.serve.status.StationDirectory;
import org.airwave.serve.status.StatusRequestHandler;
import org.airwave.serve.status.StatusSettings;

/**
 * The paths the serve module answers besides streams and playlists, and the handler for each:
 * the page ({@code /}, {@code /web/...}), the status documents ({@code /status-json.xsl},
 * {@code /7.html}, {@code /stats}, {@code /api/v1/status}), the event stream
 * ({@code /api/v1/events}) and the Icecast admin commands ({@code /admin/stats}, ...). The
 * application's request router asks {@link #handlerFor} for GET and HEAD requests before it hands
 * the rest to the listener handler.
 *
 * <p>Threading: any; handlers are made per request.
 */
public final class WebRoutes {

    private final StationDirectory directory;
    private final CredentialCheck adminAuth;
    private final WebAssets assets = new WebAssets();
    private final EventStreamSlots eventStreams = new EventStreamSlots();
    private final WebResponses responses;

    public WebRoutes(MountRegistry mounts, RenditionCatalog renditions, StatusSettings settings,
                     CredentialCheck adminAuth) {
        this.directory = new StationDirectory(mounts, renditions, settings);
        this.adminAuth = adminAuth;
        this.responses = new WebResponses(settings.clock());
    }

    /** Whether a GET or HEAD of the decoded {@code path} is answered here. */
    public boolean handles(String path) {
        return StatusRequestHandler.PATHS.contains(path) || path.equals(EventStreamHandler.PATH)
                || AdminRequestHandler.handles(path) || assets.has(path);
    }

    /** A new handler for a GET or HEAD of the decoded {@code path}, or null when the path is not ours. */
    public ChannelHandler handlerFor(String path) {
        if (StatusRequestHandler.PATHS.contains(path)) {
            return new StatusRequestHandler(directory, responses);
        }
        if (path.equals(EventStreamHandler.PATH)) {
            return new EventStreamHandler(directory, eventStreams, responses);
        }
        if (AdminRequestHandler.handles(path)) {
            return new AdminRequestHandler(directory, adminAuth, responses);
        }
        if (assets.has(path)) {
            return new WebPageHandler(assets, responses);
        }
        return null;
    }

    /** Event streams open now (for tests and monitoring). */
    public EventStreamSlots eventStreams() {
        return eventStreams;
    }
}
