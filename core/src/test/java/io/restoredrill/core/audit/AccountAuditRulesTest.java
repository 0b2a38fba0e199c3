package io.restoredrill.core.audit;

import io.restoredrill.core.domain.AccountBackup;
import io.restoredrill.core.domain.AccountDatabase;
import io.restoredrill.core.domain.DrillCoverage;
import io.restoredrill.core.port.DatabaseInventory;
import io.restoredrill.core.port.DrillCoverageSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit's rules on in-memory ports: what the emulator cannot easily stage. */
class AccountAuditRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T06:00:00Z");

    @Test
    void aDatabaseWithNoBackupAtAllIsHighAndSaysSo() {
        DatabaseFinding d = single(audit(List.of(instance("orders-prod", true, 7, Map.of())), List.of()));

        assertThat(d.onlyAutomatedBackups()).isFalse();
        assertThat(d.findings()).extracting(Finding::severity, Finding::check, Finding::problem)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Severity.HIGH, "independent-backup",
                        "it has no available backup at all"));
    }

    @Test
    void aSnapshotThatIsNotAvailableIsNoBackup() {
        DatabaseFinding d = single(audit(List.of(instance("orders-prod", true, 7, Map.of())),
                List.of(backup("orders-prod", "orders-1", AccountBackup.Type.MANUAL, NOW.minusSeconds(60), "creating"),
                        backup("orders-prod", "rds:orders-auto", AccountBackup.Type.AUTOMATED, NOW.minusSeconds(3600),
                                "available"))));

        assertThat(d.onlyAutomatedBackups()).isTrue();
        assertThat(d.worst()).contains(Severity.HIGH);
    }

    @Test
    void retentionZeroIsMediumBesideTheNewestSharedCopy() {
        DatabaseFinding d = single(audit(List.of(instance("orders-prod", true, 0, Map.of())),
                List.of(backup("orders-prod", "arn:aws:rds:us-east-1:111122223333:snapshot:copy", AccountBackup.Type.SHARED,
                        NOW.minus(Duration.ofHours(5)), "available"))));

        assertThat(d.newestBackupAge()).contains(Duration.ofHours(5));
        assertThat(d.findings()).extracting(Finding::severity, Finding::check)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Severity.MEDIUM, "automated-backups"));
    }

    @Test
    void anExclusionTagWithoutAReasonStillExcludesAndSaysNoReasonWasGiven() {
        DatabaseFinding d = single(audit(List.of(instance("scratch", false, 0,
                Map.of(AuditPolicy.DEFAULT_EXCLUSION_TAG, ""))), List.of()));

        assertThat(d.excludedBecause()).contains("tag restore-drill:audit-exclude (no reason given in its value)");
        assertThat(d.findings()).isEmpty();
    }

    @Test
    void anExcludedDatabaseNeverMakesTheAuditHigh() {
        AccountAuditReport report = audit(List.of(instance("scratch", false, 0,
                Map.of(AuditPolicy.DEFAULT_EXCLUSION_TAG, "test data"))), List.of());

        assertThat(report.anyHigh()).isFalse();
    }

    @Test
    void theDrillThatPassedLastSpeaksForADatabaseSeveralDrillsCover() {
        DrillCoverageSource drills = new DrillCoverageSource() {
            @Override
            public String describe() {
                return "memory";
            }

            @Override
            public Coverage coverage() {
                return new Coverage(List.of(
                        new DrillCoverage("orders-weekly", "orders-prod", NOW.minus(Duration.ofDays(20)), "a"),
                        new DrillCoverage("orders-nightly", "orders-prod", NOW.minus(Duration.ofHours(3)), "b")),
                        List.of());
            }
        };
        AccountAuditReport report = new AccountAudit(inventory(List.of(instance("orders-prod", true, 7, Map.of())),
                List.of(backup("orders-prod", "orders-1", AccountBackup.Type.MANUAL, NOW.minusSeconds(60), "available"))),
                Optional.of(drills), AuditPolicy.defaults(), Clock.fixed(NOW, ZoneOffset.UTC)).run();

        DatabaseFinding d = single(report);
        assertThat(d.drill()).hasValueSatisfying(c -> assertThat(c.drillName()).isEqualTo("orders-nightly"));
        assertThat(d.findings()).isEmpty();
    }

    private static DatabaseFinding single(AccountAuditReport report) {
        assertThat(report.databases()).hasSize(1);
        return report.databases().get(0);
    }

    private static AccountAuditReport audit(List<AccountDatabase> databases, List<AccountBackup> backups) {
        return new AccountAudit(inventory(databases, backups), Optional.empty(), AuditPolicy.defaults(),
                Clock.fixed(NOW, ZoneOffset.UTC)).run();
    }

    private static DatabaseInventory inventory(List<AccountDatabase> databases, List<AccountBackup> backups) {
        return new DatabaseInventory() {
            @Override
            public String describe() {
                return "memory";
            }

            @Override
            public List<AccountDatabase> databases() {
                return databases;
            }

            @Override
            public List<AccountBackup> backups() {
                return backups;
            }
        };
    }

    private static AccountDatabase instance(String id, boolean protectedFromDeletion, int retention,
                                            Map<String, String> tags) {
        return new AccountDatabase(AccountDatabase.Kind.INSTANCE, id, "us-east-1", "postgres", protectedFromDeletion,
                retention, tags);
    }

    private static AccountBackup backup(String db, String id, AccountBackup.Type type, Instant at, String status) {
        return new AccountBackup(AccountDatabase.Kind.INSTANCE, db, id, type, at, status);
    }
}
