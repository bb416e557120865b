package org.airwave.serve.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.Rendition;
import org.airwave.core.mount.SourceClaim;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.mount.Transcoding;

/**
 * The streams each mount offers, the way listener URLs resolve them: a transcoding mount offers its
 * default rendition at its own path, every other rung at {@code /live/<name>} (highest bitrate
 * first) and, when public, the source's own stream at {@code /live/source}; a mount that does not
 * transcode offers the source's own stream at its path, plus every live mount named after a
 * bitrate under it ({@code /live/64}: a broadcaster's second encoder). Listener counts are per
 * rendition ({@link Mount#listeners(String)}).
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
    public List<RenditionStatus> renditions(Mount mount) {
        Optional<SourceInfo> source = mount.liveSource().map(SourceClaim::info);
        Optional<Transcoding> transcoding = mount.transcoding();
        if (transcoding.isPresent()) {
            return transcoded(mount, transcoding.get(), source);
        }
        if (source.isEmpty()) {
            return List.of();
        }
        List<RenditionStatus> rungs = new ArrayList<>();
        for (Mount other : mounts.all()) {
            Matcher rung = RUNG.matcher(other.path());
            if (rung.matches() && rung.group(1).equals(mount.path())) {
                other.liveSource().ifPresent(claim -> rungs.add(new RenditionStatus(other.path(),
                        Integer.parseInt(rung.group(2)), claim.info().contentType(), claim.info().audioInfo(), false,
                        other.listeners())));
            }
        }
        rungs.sort(Comparator.comparingInt(RenditionStatus::bitrateKbps).reversed());
        List<RenditionStatus> all = new ArrayList<>(rungs.size() + 1);
        all.add(new RenditionStatus(mount.path(), bitrateOf(source.get()), source.get().contentType(),
                source.get().audioInfo(), true, mount.listeners()));
        all.addAll(rungs);
        return List.copyOf(all);
    }

    private static List<RenditionStatus> transcoded(Mount mount, Transcoding transcoding, Optional<SourceInfo> source) {
        List<RenditionStatus> all = new ArrayList<>();
        Rendition preferred = transcoding.defaultOne();
        all.add(rung(mount, mount.path(), preferred));
        for (Rendition rendition : transcoding.renditions()) {
            if (rendition != preferred) {
                all.add(rung(mount, mount.path() + "/" + rendition.name(), rendition));
            }
        }
        if (transcoding.passthroughPublic() && source.isPresent()) {
            all.add(new RenditionStatus(mount.path() + "/" + Transcoding.PASSTHROUGH, bitrateOf(source.get()),
                    source.get().contentType(), source.get().audioInfo(), true,
                    mount.listeners(Transcoding.PASSTHROUGH)));
        }
        return List.copyOf(all);
    }

    private static RenditionStatus rung(Mount mount, String path, Rendition rendition) {
        return new RenditionStatus(path, rendition.bitrateKbps(), Rendition.CONTENT_TYPE, rendition.audioInfo(), false,
                mount.listeners(rendition.name()));
    }

    @Override
    public Optional<String> renditionOf(Mount mount) {
        Matcher rung = RUNG.matcher(mount.path());
        if (!rung.matches()) {
            return Optional.empty();
        }
        return mounts.find(rung.group(1))
                .filter(parent -> parent.liveSource().isPresent() && parent.transcoding().isEmpty())
                .map(Mount::path);
    }

    /** The source's stated bitrate in kbit/s ({@code 128}, {@code 128 kbps}), or 0 when it gave none. */
    static int bitrateOf(SourceInfo info) {
        Matcher digits = LEADING_DIGITS.matcher(info.bitrate());
        return digits.matches() ? Integer.parseInt(digits.group(1)) : 0;
    }
}
