package io.restoredrill.core.domain;

/**
 * Configuration or input given by the user is wrong (a malformed checks file, a bad option). Detected before
 * anything is restored; the message names the file, the item and what is wrong.
 */
public class InvalidConfigurationException extends RuntimeException {

    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
