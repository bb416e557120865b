package org.airwave.core.mount;

import io.netty.buffer.ByteBuf;

/**
 * A live source's bytes on their way into its mount's transcoder.
 *
 * <p>Threading: {@link #offer} and {@link #end} from the source's thread only.
 */
public interface SourceTap {

    /**
     * Hands source bytes to the transcoder (ownership passes, the bytes are always taken).
     *
     * @return false when the source should stop reading until the resume callback given to
     *     {@link TranscodeInput#attach} runs
     */
    boolean offer(ByteBuf bytes);

    /** The source left: the transcoder plays out what it has, then silence. */
    void end();
}
