package org.airwave.serve.status;

import java.util.List;
import java.util.Optional;
import org.airwave.core.mount.Mount;

/**
 * Which streams the status endpoints and the page offer for a mount. The status side sees
 * renditions only through this interface, so the transcoder can contribute its ladder without the
 * status code knowing how renditions are made.
 *
 * <p>Threading: called from any event loop; implementations must not block.
 */
public interface RenditionCatalog {

    /** The mount's public streams now, the one at the mount's own path first; empty when nothing plays. */
    List<RenditionStatus> renditions(Mount mount);

    /**
     * The path of the mount whose rendition {@code mount} is (a mount that only carries another
     * mount's bitrate), or empty for a station in its own right.
     */
    Optional<String> renditionOf(Mount mount);
}
