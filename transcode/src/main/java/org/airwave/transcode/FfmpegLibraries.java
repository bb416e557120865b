package org.airwave.transcode;

import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the FFmpeg libraries the transcoder uses, once per process, on the thread that starts the
 * first transcoder: loading them lazily on the encoder thread would stall its first seconds of
 * output, and a missing native library should fail {@link MountTranscoder#start}, not a listener.
 *
 * <p>The host's own FFmpeg libraries of the preset's major version (libavcodec.so.59 and friends,
 * FFmpeg 5.1 as in Debian 12's {@code ffmpeg} package) are preferred over the copies bundled in the
 * preset jar: the bundled libavcodec carries a LAME built without optimisation that costs about
 * three times the CPU per rung. When the host has no such libraries JavaCPP falls back to the
 * bundled ones. Setting {@code -Dorg.bytedeco.javacpp.pathsFirst=false} forces the bundled copies.
 * The preference is a JavaCPP system property read once, when JavaCPP's {@link Loader} initialises,
 * so it is set in this class's initialiser, which runs before the transcoder first touches JavaCPP.
 */
final class FfmpegLibraries {

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegLibraries.class);
    private static final String PATHS_FIRST = "org.bytedeco.javacpp.pathsFirst";
    private static final String AVCODEC_LIBRARY_PREFIX = "avcodec@";

    private static boolean loaded;

    static {
        if (System.getProperty(PATHS_FIRST) == null) {
            System.setProperty(PATHS_FIRST, "true");
        }
    }

    private FfmpegLibraries() {
    }

    static synchronized void load() {
        if (loaded) {
            return;
        }
        Loader.load(avutil.class);
        Loader.load(swresample.class);
        Loader.load(avcodec.class);
        Loader.load(avformat.class);
        FfmpegLog.install();
        loaded = true;
        LOG.info("FFmpeg {} loaded from {}", avutil.av_version_info().getString(), avcodecPath());
    }

    /** Path of the libavcodec file JavaCPP loaded (the host's or the bundled copy), or "unknown". */
    static String avcodecPath() {
        for (Map.Entry<String, String> library : Loader.getLoadedLibraries().entrySet()) {
            if (library.getKey().startsWith(AVCODEC_LIBRARY_PREFIX)) {
                return library.getValue();
            }
        }
        return "unknown";
    }
}
