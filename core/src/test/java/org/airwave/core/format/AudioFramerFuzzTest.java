package org.airwave.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.function.Function;
import org.airwave.core.format.FramerFeed.Frame;
import org.airwave.core.format.FramerFeed.Result;

/**
 * Fuzz targets for every audio framer, chosen through {@link StreamKind} as a source's content
 * type chooses it. The input's last bytes pick the largest read size (reads are 1 to that many
 * bytes long), the rest is the stream. Invariants: no exception; every frame handed out is a valid
 * frame of its format by {@link ValidFrames} (which shares no code with the framers); frames do not
 * overlap and every byte is either in a frame, skipped or still waiting; and the bytes a framer
 * leaves waiting never exceed the largest frame its format allows (plus the next header where the
 * framer needs it to find the frame's end). Framers never retain or release buffers, so there is
 * no reference count to check here.
 *
 * <p>{@code mvn test} replays the seeds in {@code AudioFramerFuzzTestInputs/<method>/} (a few frames
 * of each test file); {@code fuzz/run-fuzz.sh} fuzzes one method.
 */
class AudioFramerFuzzTest {

    private static final int MAX_READ_BYTES = 8192;
    /** MPEG-2.5 Layer II, 160 kbit/s, 8 kHz, padded: 144 * 160000 / 8000 + 1, then the next 4-byte header. */
    private static final int MPEG_AUDIO_MAX_WAITING = 2881 + 4;
    /** A 13-bit ADTS frame length, then the next 7-byte header. */
    private static final int ADTS_MAX_WAITING = 8191 + 7;
    /** A page header with 255 segments of 255 bytes. */
    private static final int OGG_MAX_WAITING = 27 + 255 + 255 * 255;
    /** STREAMINFO's 24-bit largest frame size, then the longest frame header. */
    private static final int FLAC_MAX_WAITING = (1 << 24) - 1 + 16;

    @FuzzTest
    void mpegAudio(FuzzedDataProvider data) {
        frameAndCheck("audio/mpeg", data, frame -> ValidFrames.mpegAudio(frame.bytes), MPEG_AUDIO_MAX_WAITING);
    }

    @FuzzTest
    void adts(FuzzedDataProvider data) {
        frameAndCheck("audio/aac", data, frame -> ValidFrames.adts(frame.bytes), ADTS_MAX_WAITING);
    }

    @FuzzTest
    void ogg(FuzzedDataProvider data) {
        frameAndCheck("audio/ogg", data, frame -> ValidFrames.oggPage(frame.bytes), OGG_MAX_WAITING);
    }

    @FuzzTest
    void flac(FuzzedDataProvider data) {
        frameAndCheck("audio/flac", data, frame -> {
            if (frame.reported.startsNewStream()) {
                return ValidFrames.flacStreamInfo(frame.bytes);
            }
            return frame.reported.streamHeader()
                    ? ValidFrames.flacMetadataBlock(frame.bytes) : ValidFrames.flacFrame(frame.bytes);
        }, FLAC_MAX_WAITING);
    }

    /** A frame as the framer reported it, with its bytes. */
    private record HandedOut(Frame reported, byte[] bytes) {
    }

    private static void frameAndCheck(String contentType, FuzzedDataProvider data,
                                      Function<HandedOut, String> validity, int maxWaiting) {
        int maxRead = data.consumeInt(1, MAX_READ_BYTES);
        byte[] stream = data.consumeRemainingAsBytes();
        AudioFramer framer = StreamKind.forContentType(contentType).newFramer();

        Result result = FramerFeed.feedInPieces(framer, stream, maxRead, maxRead);

        long end = 0;
        long framed = 0;
        for (Frame frame : result.frames()) {
            assertThat(frame.offset()).as("frames in order, not overlapping").isGreaterThanOrEqualTo(end);
            byte[] bytes = Arrays.copyOfRange(stream, (int) frame.offset(), (int) frame.offset() + frame.length());
            String problem = validity.apply(new HandedOut(frame, bytes));
            assertThat(problem).as("%s frame of %d bytes at %d", contentType, frame.length(), frame.offset()).isNull();
            end = frame.offset() + frame.length();
            framed += frame.length();
        }
        assertThat(framed + framer.skippedBytes() + result.leftover())
                .as("every byte framed, skipped or waiting").isEqualTo(stream.length);
        assertThat(result.maxWaiting()).as("bytes left waiting").isLessThanOrEqualTo(maxWaiting);
    }
}
