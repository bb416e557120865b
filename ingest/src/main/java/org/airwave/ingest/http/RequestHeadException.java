package org.airwave.ingest.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request head that cannot be accepted, with the status to answer and the reason (naming any limit hit). */
public final class RequestHeadException extends RuntimeException {

    private final HttpResponseStatus status;

    public RequestHeadException(HttpResponseStatus status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public HttpResponseStatus status() {
        return status;
    }
}
