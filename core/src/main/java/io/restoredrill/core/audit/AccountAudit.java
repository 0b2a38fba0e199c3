package io.restoredrill.core.audit;

import io.restoredrill.core.domain.AccountBackup;
import io.restoredrill.core.domain.AccountDatabase;
import io.restoredrill.core.domain.BackupCopy;
import io.restoredrill.core.domain.BackupVault;
import io.restoredrill.core.domain.DrillCoverage;
import io.restoredrill.core.domain.Hours;
import io.restoredrill.core.port.BackupCopies;
import io.restoredrill.core.port.BackupVaults;
import io.restoredrill.core.port.DatabaseInventory;
import io.restoredrill.core.port.DrillCoverageSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The account audit: reviews every database of an account and region for what caused the incident this product
 * exists for (no deletion protection; automated snapshots, which die with the instance, as the only backups) and for
 * whether a restore drill proves its backups.
 */
public final class AccountAudit {

    /** Said when no other place was searched: what a source account's snapshot lists cannot show. */
    public static final String CROSS_ACCOUNT_NOTE = "copies in other accounts or regions are not visible from this"
            + " account's snapshot lists (only snapshots shared back to it are): name the regions that hold copies"
            + " (--copies-in) and a role in the backup account (--backup-account-role) to count them";

    private final DatabaseInventory inventory;
    private final Optional<DrillCoverageSource> drills;
    private final List<BackupCopies> copies;
    private final Optional<BackupVaults> vaults;
    private final AuditPolicy policy;
    private final Clock clock;

    public AccountAudit(DatabaseInventory inventory, Optional<DrillCoverageSource> drills, AuditPolicy policy,
                        Clock clock) {
        this(inventory, drills, List.of(), policy, clock);
    }

    /**
     * @param copies other places (regions of this account, backup accounts) whose snapshot copies of these
     *               databases count as independent backups
     */
    public AccountAudit(DatabaseInventory inventory, Optional<DrillCoverageSource> drills, List<BackupCopies> copies,
                        AuditPolicy policy, Clock clock) {
        this(inventory, drills, copies, Optional.empty(), policy, clock);
    }

    /** @param vaults AWS Backup, to judge the vaults that hold each database's recovery points */
    public AccountAudit(DatabaseInventory inventory, Optional<DrillCoverageSource> drills, List<BackupCopies> copies,
                        Optional<BackupVaults> vaults, AuditPolicy policy, Clock clock) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.drills = Objects.requireNonNull(drills, "drills");
        this.copies = List.copyOf(copies);
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public AccountAuditReport run() {
        Instant now = clock.instant();
        List<AccountDatabase> databases = inventory.databases();
        Map<String, List<AccountBackup>> backups = inventory.backups().stream()
                .collect(Collectors.groupingBy(b -> key(b.databaseKind(), b.database()), Collectors.toCollection(ArrayList::new)));
        // A copy elsewhere counts for the database of its identifier in the region it was copied from.
        Set<String> regions = databases.stream().map(AccountDatabase::region).collect(Collectors.toSet());
        for (BackupCopies place : copies) {
            for (BackupCopy copy : place.copies()) {
                if (regions.contains(copy.sourceRegion())) {
                    backups.computeIfAbsent(key(copy.backup().databaseKind(), copy.backup().database()),
                            k -> new ArrayList<>()).add(copy.backup());
                }
            }
        }
        List<String> notes = new ArrayList<>();
        Optional<Map<String, DrillCoverage>> coverage = drills.map(source -> {
            DrillCoverageSource.Coverage read = source.coverage();
            if (!read.unmapped().isEmpty()) {
                notes.add("drills whose reports name no RDS database, so they cover none here: "
                        + String.join(", ", read.unmapped()));
            }
            // Several drills may restore one database: the one that passed last speaks for it.
            return read.drills().stream().collect(Collectors.toMap(DrillCoverage::database, d -> d,
                    (a, b) -> a.lastPassedAt().isAfter(b.lastPassedAt()) ? a : b));
        });
        if (coverage.isEmpty()) {
            notes.add("drill coverage not checked: give the drill reports (--reports s3://bucket/reports/)");
        }
        if (vaults.isEmpty()) {
            notes.add("AWS Backup vault locks not checked (--backup-vaults reads them)");
        }
        notes.add(copies.isEmpty() ? CROSS_ACCOUNT_NOTE : "copies counted as independent backups from: "
                + String.join("; ", copies.stream().map(BackupCopies::describe).toList()));
        List<DatabaseFinding> findings = databases.stream()
                .sorted(Comparator.comparing(AccountDatabase::kind).thenComparing(AccountDatabase::identifier))
                .map(db -> judge(db, backups.getOrDefault(key(db.kind(), db.identifier()), List.of()), coverage, now))
                .toList();
        return new AccountAuditReport(inventory.describe(), now, findings, notes);
    }

    private DatabaseFinding judge(AccountDatabase db, List<AccountBackup> backups,
                                  Optional<Map<String, DrillCoverage>> coverage, Instant now) {
        Optional<DrillCoverage> drill = coverage.flatMap(c -> Optional.ofNullable(c.get(db.identifier())));
        List<AccountBackup> available = backups.stream().filter(AccountBackup::available).toList();
        Optional<AccountBackup> newest = available.stream().filter(b -> b.type().independent())
                .max(Comparator.comparing(AccountBackup::createdAt));
        Optional<Duration> age = newest.map(b -> Duration.between(b.createdAt(), now));
        boolean onlyAutomated = newest.isEmpty() && !available.isEmpty();
        Optional<String> excluded = exclusion(db);
        if (excluded.isPresent()) {
            return new DatabaseFinding(db, excluded, newest, age, onlyAutomated, drill, List.of(), List.of());
        }
        List<Finding> findings = new ArrayList<>();
        String id = db.identifier();
        boolean cluster = db.kind() == AccountDatabase.Kind.CLUSTER;
        String modify = cluster ? "aws rds modify-db-cluster --db-cluster-identifier " + id
                : "aws rds modify-db-instance --db-instance-identifier " + id;
        String region = " --region " + db.region();
        if (!db.deletionProtection()) {
            findings.add(new Finding(Severity.HIGH, "deletion-protection",
                    "deletion protection is off: one delete call (or an automation's plan) destroys it",
                    modify + " --deletion-protection --apply-immediately" + region));
        }
        String snapshot = cluster
                ? "aws rds create-db-cluster-snapshot --db-cluster-identifier " + id
                        + " --db-cluster-snapshot-identifier " + id + "-manual-$(date +%Y%m%d)" + region
                : "aws rds create-db-snapshot --db-instance-identifier " + id + " --db-snapshot-identifier " + id
                        + "-manual-$(date +%Y%m%d)" + region;
        String schedule = "; then schedule independent backups (an AWS Backup plan with a copy to a backup account,"
                + " or snapshots shared to one)";
        if (newest.isEmpty()) {
            findings.add(new Finding(Severity.HIGH, "independent-backup", onlyAutomated
                    ? "its only backups are automated snapshots, which RDS deletes with the " + db.kind().label()
                    : "it has no available backup at all", snapshot + schedule));
        } else if (age.orElseThrow().compareTo(policy.maxBackupAge()) > 0) {
            findings.add(new Finding(Severity.MEDIUM, "backup-age", "its newest independent backup ("
                    + newest.get().identifier() + ", " + newest.get().type().label() + ") is "
                    + Hours.of(age.get()) + " h old, older than " + Hours.of(policy.maxBackupAge()) + " h",
                    snapshot + schedule));
        }
        if (db.backupRetentionDays() == 0) {
            findings.add(new Finding(Severity.MEDIUM, "automated-backups",
                    "automated backups are off (retention 0 days): no point-in-time recovery",
                    modify + " --backup-retention-period 7 --apply-immediately" + region));
        }
        if (coverage.isPresent()) {
            if (drill.isEmpty()) {
                findings.add(new Finding(Severity.MEDIUM, "drill-coverage",
                        "no restore drill that passed covers it: nobody has proven its backups restore",
                        "add a drill whose source is the RDS snapshots of " + id + " (drills.yaml), and run it nightly"));
            } else {
                Duration since = Duration.between(drill.get().lastPassedAt(), now);
                if (since.compareTo(policy.maxSinceDrillPassed()) > 0) {
                    findings.add(new Finding(Severity.MEDIUM, "drill-pass-age", "drill " + drill.get().drillName()
                            + " last passed " + Hours.of(since) + " h ago, longer than "
                            + Hours.of(policy.maxSinceDrillPassed()) + " h",
                            "read the drill's recent reports (restore-drill history) and fix what fails it"));
                }
            }
        }
        List<BackupVault> held = vaults.flatMap(v -> db.arn().map(v::holding)).orElse(List.of());
        for (BackupVault vault : held) {
            if (!vault.locked()) {
                findings.add(new Finding(Severity.MEDIUM, "vault-lock", "its AWS Backup vault " + vault.name()
                        + " has no vault lock: anyone allowed backup:DeleteRecoveryPoint can delete its backups",
                        "aws backup put-backup-vault-lock-configuration --backup-vault-name " + vault.name()
                                + " --min-retention-days 7" + region + " (a lock in compliance mode, with"
                                + " --changeable-for-days, becomes immutable once that grace time ends)"));
            }
        }
        return new DatabaseFinding(db, Optional.empty(), newest, age, onlyAutomated, drill, findings, held);
    }

    private Optional<String> exclusion(AccountDatabase db) {
        for (AuditPolicy.ExclusionTag tag : policy.exclusions()) {
            Optional<String> value = db.tag(tag.key());
            if (value.isEmpty()) {
                continue;
            }
            if (tag.value().isEmpty()) {
                return Optional.of(value.get().isBlank() ? "tag " + tag.key() + " (no reason given in its value)"
                        : value.get());
            }
            if (tag.value().get().equals(value.get())) {
                return Optional.of("tag " + tag.key() + "=" + value.get());
            }
        }
        return Optional.empty();
    }

    private static String key(AccountDatabase.Kind kind, String identifier) {
        return kind + ":" + identifier;
    }
}
