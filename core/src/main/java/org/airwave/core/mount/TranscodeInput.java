package org.airwave.core.mount;

/**
 * The input side of a mount's transcoder, as the ingest module sees it (implemented by the
 * application over the transcode module).
 *
 * <p>Threading: any thread; must not block.
 */
public interface TranscodeInput {

    /**
     * Connects a new live source to the transcoder (a previous one is dropped).
     *
     * @param contentType the source's declared type
     * @param resumeReading run (on a transcoder thread) when a refusing tap has room again; must not block
     */
    SourceTap attach(String contentType, Runnable resumeReading);
}
