package org.airwave.transcode;

/** The transcoder settings these tests were written against. Stateless. */
public final class TestSettings {

    private TestSettings() {
    }

    /** 100 ms chunks, a 64 KiB source queue, LAME quality 3 (LAME's own default), clean cuts, real time. */
    public static TranscoderSettings live() {
        return TranscoderSettings.live(100_000, 64 * 1024, 3, 0);
    }
}
