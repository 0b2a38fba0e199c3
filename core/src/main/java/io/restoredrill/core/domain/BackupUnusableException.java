package io.restoredrill.core.domain;

/** The newest backup is empty, truncated or unreadable. */
public class BackupUnusableException extends DrillException {

    public BackupUnusableException(String message) {
        super(message);
    }

    public BackupUnusableException(String message, Throwable cause) {
        super(message, cause);
    }
}
