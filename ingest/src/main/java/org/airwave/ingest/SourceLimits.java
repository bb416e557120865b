package org.airwave.ingest;

import org.airwave.core.mount.InputPriority;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;

/** Counts live sources against {@code limits.max-sources}. Threading: stateless over the thread-safe registry. */
final class SourceLimits {

    private SourceLimits() {
    }

    static boolean atCapacity(MountRegistry mounts, int maxSources) {
        int live = 0;
        for (Mount mount : mounts.all()) {
            if (mount.liveSource().filter(claim -> claim.priority() == InputPriority.LIVE).isPresent()) {
                live++;
            }
        }
        return live >= maxSources;
    }
}
