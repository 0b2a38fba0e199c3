package io.restoredrill.core.domain;

/** The temporary database could not be created, reached or torn down. */
public class TemporaryDatabaseException extends DrillException {

    public TemporaryDatabaseException(String message) {
        super(message);
    }

    public TemporaryDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
