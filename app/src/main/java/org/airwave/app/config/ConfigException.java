package org.airwave.app.config;

/** A configuration or command-line value that cannot be used; the message names the key. */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
