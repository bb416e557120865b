package org.airwave.core.mount;

import java.util.List;
import java.util.Optional;

/**
 * A mount's transcoded renditions and how they are offered.
 *
 * @param renditions the ladder, highest bitrate first
 * @param defaultRendition the rendition served at the mount's own URL
 * @param passthroughPublic whether the source's own stream is served at {@code <mount>/source}
 * @param input where live sources' bytes go
 */
public record Transcoding(List<Rendition> renditions, String defaultRendition, boolean passthroughPublic,
                          TranscodeInput input) {

    /** The rendition's name in URLs for the source's own stream. */
    public static final String PASSTHROUGH = "source";

    public Transcoding {
        renditions = List.copyOf(renditions);
    }

    public Optional<Rendition> rendition(String name) {
        return renditions.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The rendition served at the mount's URL. */
    public Rendition defaultOne() {
        return rendition(defaultRendition).orElse(renditions.get(0));
    }
}
