package org.airwave.app.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.airwave.core.mount.MountPaths;
import org.airwave.ingest.metadata.MetadataUpdateHandler;
import org.airwave.monitoring.HealthHandler;
import org.airwave.monitoring.MetricsHandler;
import org.airwave.serve.playlist.PlaylistFormat;
import org.airwave.serve.status.EventStreamHandler;
import org.airwave.serve.status.StatusRequestHandler;
import org.airwave.serve.web.WebAssets;
import org.junit.jupiter.api.Test;

/**
 * The one list of reserved paths ({@link MountPaths}) covers every route the routers send to a
 * handler of their own, so no source can take a path nobody could then play.
 */
class ReservedRoutesTest {

    @Test
    void everyPathTheRoutersAnswerThemselvesIsReserved() {
        List<String> routes = new ArrayList<>(StatusRequestHandler.PATHS);
        routes.addAll(List.of(EventStreamHandler.PATH, MetricsHandler.PATH, HealthHandler.PATH,
                MetadataUpdateHandler.ICECAST_PATH, MetadataUpdateHandler.ICECAST_PATH + ".xsl",
                MetadataUpdateHandler.SHOUTCAST_PATH, "/", WebAssets.PREFIX + "app.js", "/admin/stats",
                "/admin/listclients", "/admin/killsource", "/admin/anything-unknown", "/admin.xsl"));
        for (String route : routes) {
            assertThat(MountPaths.isServerPath(route)).as(route).isTrue();
        }
    }

    @Test
    void everyPlaylistExtensionIsReserved() {
        for (PlaylistFormat format : PlaylistFormat.values()) {
            assertThat(MountPaths.reservation("/live." + format.extension())).as(format.name())
                    .isEqualTo("a mount ending in ." + format.extension() + " would be served as a playlist");
        }
    }
}
