package org.airwave.transcode;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the FFmpeg libraries the transcoder uses, once per process, on the thread that starts the
 * first transcoder: loading them lazily on the encoder thread would stall its first seconds of
 * output, and a missing native library should fail {@link MountTranscoder#start}, not a listener.
 */
final class FfmpegLibraries {

    private static boolean loaded;

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
    }
}
