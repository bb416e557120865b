package org.airwave.serve.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.SourceClaim;
import org.airwave.core.mount.SourceInfo;

/**
 * The renditions a mount has without a transcoder: the source's own stream at the mount's path,
 * plus every live mount named after a bitrate under it ({@code /live/64}, the URL scheme of
 * transcoded rungs), which a broadcaster can feed with a second encoder. Higher bitrates first
 * after the passthrough.
 *
 * <p>Threading: any; reads the registry's thread-safe state.
 */
public final class MountRenditions implements RenditionCatalog {

    /** A sub-mount whose last segment is a bitrate in kbit/s. */
    private static final Pattern RUNG = Pattern.compile("(/.+)/([1-9][0-9]{0,3})");
    private static final Pattern LEADING_DIGITS = Pattern.compile("\\s*([0-9]{1,6}).*");

    private final MountRegistry mounts;

    public MountRenditions(MountRegistry mounts) {
        this.mounts = mounts;
    }

    @Override
    public List<Rendition> renditions(Mount mount) {
        Optional<SourceClaim> source = mount.liveSource();
        if (source.isEmpty()) {
            return List.of();
        }
        List<Rendition> rungs = new ArrayList<>();
        for (Mount other : mounts.all()) {
            Matcher rung = RUNG.matcher(other.path());
            if (rung.matches() && rung.group(1).equals(mount.path())) {
                other.liveSource().ifPresent(claim -> rungs.add(rendition(other, claim.info(),
                        Integer.parseInt(rung.group(2)), false)));
            }
        }
        rungs.sort(Comparator.comparingInt(Rendition::bitrateKbps).reversed());
        List<Rendition> all = new ArrayList<>(rungs.size() + 1);
        all.add(rendition(mount, source.get().info(), bitrateOf(source.get().info()), true));
        all.addAll(rungs);
        return List.copyOf(all);
    }

    @Override
    public Optional<String> renditionOf(Mount mount) {
        Matcher rung = RUNG.matcher(mount.path());
        if (!rung.matches()) {
            return Optional.empty();
        }
        return mounts.find(rung.group(1)).filter(parent -> parent.liveSource().isPresent()).map(Mount::path);
    }

    /** The source's stated bitrate in kbit/s ({@code 128}, {@code 128 kbps}), or 0 when it gave none. */
    static int bitrateOf(SourceInfo info) {
        Matcher digits = LEADING_DIGITS.matcher(info.bitrate());
        return digits.matches() ? Integer.parseInt(digits.group(1)) : 0;
    }

    private static Rendition rendition(Mount mount, SourceInfo info, int bitrate, boolean passthrough) {
        return new Rendition(mount.path(), bitrate, info.contentType(), info.audioInfo(), passthrough,
                mount.listeners(), mount.listenerPeak());
    }
}
