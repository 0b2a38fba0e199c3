package io.restoredrill.core.domain;

/** The newest backup is older than the allowed age. */
public class BackupTooOldException extends DrillException {

    public BackupTooOldException(String message) {
        super(message);
    }

    public BackupTooOldException(String message, Throwable cause) {
        super(message, cause);
    }
}
