package io.restoredrill.core.domain;

/** Restoring the backup into the temporary database failed. */
public class RestoreFailedException extends DrillException {

    public RestoreFailedException(String message) {
        super(message);
    }

    public RestoreFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
