package org.airwave.transcode;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes FFmpeg's own log lines to SLF4J (logger {@code org.airwave.transcode.ffmpeg}) at DEBUG:
 * a source sending garbage makes FFmpeg complain on every packet, and the transcoder already
 * counts those errors and logs them once per source, so FFmpeg's lines are for debugging only.
 *
 * <p>Threading: FFmpeg calls back on whichever thread logs; installed once per process.
 */
final class FfmpegLog extends LogCallback {

    private static final Logger LOG = LoggerFactory.getLogger("org.airwave.transcode.ffmpeg");
    private static final FfmpegLog INSTANCE = new FfmpegLog();
    private static boolean installed;

    private FfmpegLog() {
        retainReference();
    }

    /** Installs the bridge; later calls do nothing. */
    static synchronized void install() {
        if (!installed) {
            installed = true;
            av_log_set_level(LOG.isDebugEnabled() ? AV_LOG_WARNING : AV_LOG_ERROR);
            setLogCallback(INSTANCE);
        }
    }

    @Override
    public void call(int level, BytePointer message) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("[level {}] {}", level, message.getString().stripTrailing());
        }
    }
}
