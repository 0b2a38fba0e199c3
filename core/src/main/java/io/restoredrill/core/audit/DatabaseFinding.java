package io.restoredrill.core.audit;

import io.restoredrill.core.domain.AccountBackup;
import io.restoredrill.core.domain.AccountDatabase;
import io.restoredrill.core.domain.BackupVault;
import io.restoredrill.core.domain.DrillCoverage;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the audit found on one database.
 *
 * @param excludedBecause         the exclusion tag's reason, when the database is excluded (then nothing else is
 *                                judged and {@code findings} is empty)
 * @param newestIndependentBackup the newest available manual, shared or AWS Backup snapshot
 * @param newestBackupAge         how old that snapshot was at the audit's time
 * @param onlyAutomatedBackups    whether automated snapshots are all the available backups it has
 * @param drill                   the drill that covers it, when the drill reports were read and one does
 * @param backupVaults            the AWS Backup vaults holding its recovery points, when AWS Backup was read
 */
public record DatabaseFinding(AccountDatabase database, Optional<String> excludedBecause,
                              Optional<AccountBackup> newestIndependentBackup, Optional<Duration> newestBackupAge,
                              boolean onlyAutomatedBackups, Optional<DrillCoverage> drill, List<Finding> findings,
                              List<BackupVault> backupVaults) {

    public DatabaseFinding {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(excludedBecause, "excludedBecause");
        Objects.requireNonNull(newestIndependentBackup, "newestIndependentBackup");
        Objects.requireNonNull(newestBackupAge, "newestBackupAge");
        Objects.requireNonNull(drill, "drill");
        findings = List.copyOf(findings);
        backupVaults = List.copyOf(backupVaults);
    }

    public boolean excluded() {
        return excludedBecause.isPresent();
    }

    /** The most severe finding's severity; empty when there is none. */
    public Optional<Severity> worst() {
        return findings.stream().map(Finding::severity).min(Enum::compareTo);
    }
}
