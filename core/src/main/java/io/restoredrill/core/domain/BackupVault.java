package io.restoredrill.core.domain;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * An AWS Backup vault that holds recovery points of a database, and whether AWS Backup Vault Lock protects it (a
 * locked vault refuses to delete recovery points before their minimum retention, whoever asks).
 */
public record BackupVault(String name, String arn, boolean locked, OptionalInt minRetentionDays) {

    public BackupVault {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(minRetentionDays, "minRetentionDays");
    }
}
