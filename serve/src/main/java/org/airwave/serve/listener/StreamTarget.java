package org.airwave.serve.listener;

import java.util.Optional;
import org.airwave.core.mount.Mount;
import org.airwave.core.mount.MountRegistry;
import org.airwave.core.mount.Rendition;
import org.airwave.core.mount.SourceClaim;
import org.airwave.core.mount.SourceInfo;
import org.airwave.core.mount.Transcoding;
import org.airwave.core.stream.BroadcastBuffer;

/**
 * What a listener URL plays: {@code /live} is the mount's default rendition (or the source's own
 * stream when the mount does not transcode), {@code /live/128} and {@code /live/128.mp3} a rung,
 * {@code /live/source} the source's own stream when the mount offers it. A mount whose name
 * contains slashes wins over a rendition of its parent. Threading: immutable.
 *
 * @param mount the mount
 * @param buffer what the listener reads
 * @param rendition the transcoded rendition, or null for the source's own stream
 * @param source the live source, or null (transcoded renditions play silence without one)
 */
public record StreamTarget(Mount mount, BroadcastBuffer buffer, Rendition rendition, SourceInfo source) {

    private static final String MP3_SUFFIX = ".mp3";

    /** Resolves a decoded request path; empty when nothing plays there (404). */
    public static Optional<StreamTarget> resolve(MountRegistry mounts, String path) {
        Optional<Mount> exact = mounts.find(path);
        if (exact.isPresent()) {
            return defaultOf(exact.get());
        }
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String name = path.substring(slash + 1);
        if (name.endsWith(MP3_SUFFIX)) {
            name = name.substring(0, name.length() - MP3_SUFFIX.length());
        }
        Optional<Mount> parent = mounts.find(path.substring(0, slash));
        if (parent.isEmpty()) {
            return Optional.empty();
        }
        return named(parent.get(), name);
    }

    /** The rendition's name in URLs and metrics ("source" for the source's own stream). */
    public String renditionName() {
        return rendition != null ? rendition.name() : Transcoding.PASSTHROUGH;
    }

    /** The content type listeners get. */
    public String contentType() {
        return rendition != null ? Rendition.CONTENT_TYPE : source.contentType();
    }

    private static Optional<StreamTarget> defaultOf(Mount mount) {
        Optional<Transcoding> transcoding = mount.transcoding();
        if (transcoding.isPresent()) {
            return Optional.of(transcoded(mount, transcoding.get().defaultOne()));
        }
        return passthrough(mount);
    }

    private static Optional<StreamTarget> named(Mount mount, String name) {
        Optional<Transcoding> transcoding = mount.transcoding();
        if (name.equals(Transcoding.PASSTHROUGH)) {
            boolean offered = transcoding.map(Transcoding::passthroughPublic).orElse(true);
            return offered ? passthrough(mount) : Optional.empty();
        }
        return transcoding.flatMap(t -> t.rendition(name)).map(r -> transcoded(mount, r));
    }

    private static StreamTarget transcoded(Mount mount, Rendition rendition) {
        SourceInfo source = mount.liveSource().map(SourceClaim::info).orElse(null);
        return new StreamTarget(mount, rendition.buffer(), rendition, source);
    }

    private static Optional<StreamTarget> passthrough(Mount mount) {
        return mount.liveSource().map(claim -> new StreamTarget(mount, claim.buffer(), null, claim.info()));
    }
}
