package org.airwave.serve.status;

import java.util.List;
import java.util.Optional;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.stream.StreamMetadata;

/**
 * One mount as the status endpoints show it, read once so that every field of an answer agrees.
 *
 * @param mount the mount (for its connected listeners, which admin pages list)
 * @param source the live source's description, empty when the mount is off air
 * @param sourceBytes bytes the live source has sent so far (0 off air)
 * @param metadata the "now playing" state
 * @param listeners listeners of the mount now
 * @param listenerPeak most listeners at once
 * @param listenerConnects listener connections since the mount was made
 * @param renditions what a listener can play, the stream at the mount's path first; empty when nothing plays
 * @param renditionOf the mount this one is a bitrate of, if it is one
 */
public record Station(Mount mount, Optional<SourceInfo> source, long sourceBytes, StreamMetadata metadata,
                      int listeners, int listenerPeak, long listenerConnects, List<RenditionStatus> renditions,
                      Optional<String> renditionOf) {

    public String path() {
        return mount.path();
    }

    /** Whether a live source (or playlist) feeds the mount. */
    public boolean isLive() {
        return source.isPresent();
    }

    /** The title playing now, or empty. */
    public String title() {
        return metadata.title();
    }
}
