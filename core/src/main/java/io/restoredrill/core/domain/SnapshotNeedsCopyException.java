package io.restoredrill.core.domain;

/**
 * A snapshot shared from another account is encrypted with that account's KMS key, so this account cannot
 * restore it directly: it must first be copied into this account with a KMS key of this account.
 */
public class SnapshotNeedsCopyException extends BackupUnusableException {

    public SnapshotNeedsCopyException(String message) {
        super(message);
    }
}
