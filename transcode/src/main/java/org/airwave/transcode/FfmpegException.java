package org.airwave.transcode;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;

/** An FFmpeg call failed; the message names the call and FFmpeg's description of the error code. */
final class FfmpegException extends IllegalStateException {

    private static final int MESSAGE_CAPACITY = 256;

    FfmpegException(String call, int code) {
        super(call + " failed: " + describe(code) + " (" + code + ")");
    }

    /** Returns {@code result} when it is not an error, else throws. */
    static int check(int result, String call) {
        if (result < 0) {
            throw new FfmpegException(call, result);
        }
        return result;
    }

    static String describe(int code) {
        byte[] text = new byte[MESSAGE_CAPACITY];
        if (av_strerror(code, text, text.length) < 0) {
            return "unknown error";
        }
        int length = 0;
        while (length < text.length && text[length] != 0) {
            length++;
        }
        return new String(text, 0, length, StandardCharsets.UTF_8);
    }
}
