package io.restoredrill.core.domain;

/** No usable backup was found in the source. */
public class NoBackupFoundException extends DrillException {

    public NoBackupFoundException(String message) {
        super(message);
    }

    public NoBackupFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
