package org.airwave.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Turns an audio file in any format FFmpeg decodes (Ogg Vorbis/Opus, FLAC, AAC/M4A, WAV...) into
 * CBR MP3 in memory, at one fixed format, so a playlist of mixed files can play into a mount as one
 * continuous MP3 stream; reads the file's artist and title tags (container or stream level) too.
 *
 * <p>Threading: stateless apart from its settings; each call decodes and encodes on the calling
 * thread (a playlist's loader thread, never an event loop) and takes a few seconds of CPU for a
 * track of several minutes.
 */
public final class TrackEncoder {

    /** Largest MP3 a track may become ({@code MAX_ENCODED_BYTES}); longer tracks fail to load. */
    public static final int MAX_ENCODED_BYTES = 256 << 20;

    private final int bitrateKbps;
    private final int sampleRate;
    private final int channels;

    /**
     * @param bitrateKbps the CBR bitrate of the MP3 made (e.g. 320: it feeds the transcoder's ladder)
     * @param sampleRate  its sample rate (an MPEG-1 rate: 32000, 44100 or 48000)
     * @param channels    1 or 2
     */
    public TrackEncoder(int bitrateKbps, int sampleRate, int channels) {
        this.bitrateKbps = bitrateKbps;
        this.sampleRate = sampleRate;
        this.channels = channels;
    }

    /** The MP3 made from a track and the tags read from it. */
    public record EncodedTrack(byte[] mp3, String artist, String title) {
    }

    /**
     * Decodes the whole track at {@code location} (a file URL, or any URL the JVM opens, such as a
     * resource in the jar) and encodes it.
     *
     * @throws IOException when it cannot be read or decoded or holds no audio (the message says why)
     */
    public EncodedTrack encode(URL location) throws IOException {
        FfmpegLibraries.load();
        InputStream stream = null;
        try {
            FFmpegFrameGrabber grabber;
            Path file = localFile(location);
            if (file != null) {
                grabber = new FFmpegFrameGrabber(file.toFile());
            } else {
                stream = location.openStream();
                grabber = new FFmpegFrameGrabber(stream);
            }
            try (grabber) {
                // A frame-threaded decoder (FLAC) holds its last frames until flushed, which this
                // JavaCV's grabber does not do at the end of the file: decode on one thread.
                grabber.setAudioOption("threads", "1");
                grabber.setSampleMode(FrameGrabber.SampleMode.SHORT);
                grabber.setSampleRate(sampleRate);
                grabber.setAudioChannels(channels);
                grabber.start();
                if (grabber.getAudioStream() < 0) {
                    throw new IOException("no audio stream");
                }
                byte[] mp3 = encodeAudio(grabber);
                return new EncodedTrack(mp3, tag(grabber, "artist"), tag(grabber, "title"));
            }
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            throw new IOException("cannot decode " + location + ": " + e.getMessage(), e);
        } finally {
            if (stream != null) {
                stream.close();
            }
        }
    }

    private byte[] encodeAudio(FFmpegFrameGrabber grabber) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        boolean anyAudio = false;
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out, channels)) {
            recorder.setFormat("mp3");
            recorder.setAudioCodec(AV_CODEC_ID_MP3);
            recorder.setAudioBitrate(bitrateKbps * 1000);
            recorder.setSampleRate(sampleRate);
            recorder.setOption("id3v2_version", "0");
            recorder.setOption("write_xing", "0");
            recorder.start();
            Frame frame;
            while ((frame = grabber.grabSamples()) != null) {
                if (frame.samples != null) {
                    recorder.record(frame);
                    anyAudio = true;
                    if (out.size() > MAX_ENCODED_BYTES) {
                        throw new IOException("longer than " + MAX_ENCODED_BYTES + " bytes of MP3 (MAX_ENCODED_BYTES)");
                    }
                }
            }
            recorder.stop();
        }
        if (!anyAudio || out.size() == 0) {
            throw new IOException("no audio decoded");
        }
        return out.toByteArray();
    }

    /** A tag's value from the container's or the audio stream's metadata (any letter case), or "". */
    private static String tag(FFmpegFrameGrabber grabber, String name) {
        for (Map<String, String> tags : List.of(grabber.getMetadata(), grabber.getAudioMetadata())) {
            for (Map.Entry<String, String> entry : tags.entrySet()) {
                if (entry.getKey().toLowerCase(Locale.ROOT).equals(name) && !entry.getValue().isBlank()) {
                    return entry.getValue().strip();
                }
            }
        }
        return "";
    }

    private static Path localFile(URL location) {
        if (!"file".equals(location.getProtocol())) {
            return null;
        }
        try {
            return Path.of(location.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
