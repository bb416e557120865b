package org.airwave.core.stream;

/** A source sent too many bytes in a row that are not audio of its declared type. */
public final class GarbageStreamException extends RuntimeException {

    public GarbageStreamException(String message) {
        super(message);
    }
}
