package org.airwave.transcode;

/** What drives a transcoder's output clock. */
public enum Pacing {
    /**
     * Live operation: output advances with wall-clock time, never faster; silence fills whatever
     * the source does not deliver in time.
     */
    REAL_TIME,
    /**
     * Benchmarks and batch tests: output advances as fast as the source is decoded and nothing is
     * ever filled with silence.
     */
    AS_FAST_AS_INPUT
}
