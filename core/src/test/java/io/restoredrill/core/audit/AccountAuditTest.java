package io.restoredrill.core.audit;

import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.rds.RdsDatabaseInventory;
import io.restoredrill.core.adapter.s3.S3DrillCoverage;
import io.restoredrill.core.adapter.s3.S3ReportStore;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.testing.SyntheticHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incident's world on moto (RDS and S3): what the audit says of each database, through the real adapters.
 */
class AccountAuditTest {

    private static final String BUCKET = "drill-reports";

    private MotoRdsAccount account;
    private S3Client s3;

    @BeforeEach
    void world() {
        account = MotoRdsAccount.create();
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    @AfterEach
    void close() {
        account.close();
        s3.close();
    }

    @Test
    void judgesTheIncidentsWorldDatabaseByDatabase() {
        // Deletion protection off, but a manual snapshot: high for protection only.
        account.productionInstance("billing-prod", false);
        account.manualSnapshot("billing-prod", "billing-manual-1");
        // Protected, but only the automated snapshot moto takes at creation: high for backups only.
        account.productionInstance("orders-prod", true);
        // Protected, a recent manual snapshot, and a drill that passed last night: no high finding.
        account.productionInstance("payments-prod", true);
        account.manualSnapshot("payments-prod", "payments-manual-1");
        // Unprotected with no independent backup, but excluded by tag with a reason.
        account.productionInstance("scratch-dev", false);
        account.rds().addTagsToResource(r -> r.resourceName(arn("scratch-dev"))
                .tags(Tag.builder().key(AuditPolicy.DEFAULT_EXCLUSION_TAG).value("throwaway test data").build()));
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        storePassedReport("payments", "RDS snapshot payments-manual-1 (manual) of payments-prod", now.minus(Duration.ofHours(10)));
        storePassedReport("shop-dumps", "s3://backups/shop/", now.minus(Duration.ofHours(10)));

        AccountAuditReport report = audit(now);

        Map<String, DatabaseFinding> byId = report.databases().stream()
                .collect(Collectors.toMap(d -> d.database().identifier(), Function.identity()));
        assertThat(byId).containsOnlyKeys("billing-prod", "orders-prod", "payments-prod", "scratch-dev");

        assertThat(byId.get("billing-prod").findings()).extracting(Finding::severity, Finding::check)
                .contains(org.assertj.core.groups.Tuple.tuple(Severity.HIGH, "deletion-protection"))
                .doesNotContain(org.assertj.core.groups.Tuple.tuple(Severity.HIGH, "independent-backup"));
        assertThat(byId.get("billing-prod").findings()).filteredOn(f -> f.check().equals("deletion-protection"))
                .singleElement().satisfies(f -> assertThat(f.fix())
                        .isEqualTo("aws rds modify-db-instance --db-instance-identifier billing-prod"
                                + " --deletion-protection --apply-immediately --region us-east-1"));
        assertThat(byId.get("billing-prod").newestIndependentBackup()).hasValueSatisfying(
                b -> assertThat(b.identifier()).isEqualTo("billing-manual-1"));

        DatabaseFinding orders = byId.get("orders-prod");
        assertThat(orders.onlyAutomatedBackups()).isTrue();
        assertThat(orders.newestIndependentBackup()).isEmpty();
        assertThat(orders.findings()).filteredOn(f -> f.severity() == Severity.HIGH).singleElement()
                .satisfies(f -> {
                    assertThat(f.check()).isEqualTo("independent-backup");
                    assertThat(f.problem()).contains("only backups are automated snapshots");
                    assertThat(f.fix()).startsWith("aws rds create-db-snapshot --db-instance-identifier orders-prod");
                });
        assertThat(orders.findings()).extracting(Finding::check).contains("drill-coverage");

        DatabaseFinding payments = byId.get("payments-prod");
        assertThat(payments.findings()).isEmpty();
        assertThat(payments.onlyAutomatedBackups()).isFalse();
        assertThat(payments.newestBackupAge()).hasValueSatisfying(age -> assertThat(age).isLessThan(Duration.ofHours(1)));
        assertThat(payments.drill()).hasValueSatisfying(d -> {
            assertThat(d.drillName()).isEqualTo("payments");
            assertThat(d.lastPassedAt()).isEqualTo(now.minus(Duration.ofHours(10)));
        });

        DatabaseFinding scratch = byId.get("scratch-dev");
        assertThat(scratch.excludedBecause()).contains("throwaway test data");
        assertThat(scratch.findings()).isEmpty();

        assertThat(report.anyHigh()).isTrue();
        assertThat(report.notes()).anyMatch(n -> n.contains("shop-dumps"))
                .contains(AccountAudit.CROSS_ACCOUNT_NOTE);
    }

    @Test
    void nothingHighWhenEveryDatabaseIsProtectedAndBackedUpIndependently() {
        account.productionInstance("payments-prod", true);
        account.manualSnapshot("payments-prod", "payments-manual-1");

        AccountAuditReport report = new AccountAudit(new RdsDatabaseInventory(account.rds()), Optional.empty(),
                AuditPolicy.defaults(), Clock.systemUTC()).run();

        assertThat(report.anyHigh()).isFalse();
        assertThat(report.databases()).singleElement().satisfies(d -> assertThat(d.findings()).isEmpty());
        assertThat(report.notes()).anyMatch(n -> n.startsWith("drill coverage not checked"));
    }

    @Test
    void judgesAnAuroraClusterByItsClusterSnapshots() {
        account.rds().createDBCluster(r -> r.dbClusterIdentifier("ledger-aurora").engine("aurora-postgresql")
                .engineVersion("15.4").masterUsername("app").masterUserPassword("not-a-secret-1")
                .backupRetentionPeriod(7).deletionProtection(false));
        account.rds().createDBInstance(r -> r.dbInstanceIdentifier("ledger-aurora-1").dbClusterIdentifier("ledger-aurora")
                .engine("aurora-postgresql").dbInstanceClass("db.r6g.large"));
        account.rds().createDBClusterSnapshot(r -> r.dbClusterIdentifier("ledger-aurora")
                .dbClusterSnapshotIdentifier("ledger-manual-1"));

        AccountAuditReport report = new AccountAudit(new RdsDatabaseInventory(account.rds()), Optional.empty(),
                AuditPolicy.defaults(), Clock.systemUTC()).run();

        // The member instance is not a database of its own: protection and backups belong to the cluster.
        assertThat(report.databases()).singleElement().satisfies(d -> {
            assertThat(d.database().identifier()).isEqualTo("ledger-aurora");
            assertThat(d.newestIndependentBackup()).hasValueSatisfying(
                    b -> assertThat(b.identifier()).isEqualTo("ledger-manual-1"));
            assertThat(d.findings()).extracting(Finding::severity, Finding::check, Finding::fix)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Severity.HIGH, "deletion-protection",
                            "aws rds modify-db-cluster --db-cluster-identifier ledger-aurora --deletion-protection"
                                    + " --apply-immediately --region us-east-1"));
        });
    }

    @Test
    void flagsAStaleIndependentBackupAndAStaleDrillAsMedium() {
        account.productionInstance("payments-prod", true);
        account.manualSnapshot("payments-prod", "payments-manual-1");
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        storePassedReport("payments", "RDS snapshots of payments-prod", now.minus(Duration.ofDays(3)));

        AccountAuditReport report = new AccountAudit(new RdsDatabaseInventory(account.rds()),
                Optional.of(new S3DrillCoverage(s3, BUCKET, "reports")),
                new AuditPolicy(AuditPolicy.defaults().exclusions(), Duration.ofDays(10), Duration.ofDays(1)),
                // Eleven days on: the manual snapshot is older than the ten days allowed.
                Clock.fixed(now.plus(Duration.ofDays(11)), ZoneOffset.UTC)).run();

        assertThat(report.anyHigh()).isFalse();
        assertThat(report.databases()).singleElement().satisfies(d -> assertThat(d.findings())
                .extracting(Finding::severity, Finding::check)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Severity.MEDIUM, "backup-age"),
                        org.assertj.core.groups.Tuple.tuple(Severity.MEDIUM, "drill-pass-age")));
    }

    private AccountAuditReport audit(Instant now) {
        return new AccountAudit(new RdsDatabaseInventory(account.rds()),
                Optional.of(new S3DrillCoverage(s3, BUCKET, "reports")), AuditPolicy.defaults(),
                Clock.fixed(now, ZoneOffset.UTC)).run();
    }

    private void storePassedReport(String drill, String source, Instant startedAt) {
        DrillReport r = SyntheticHistory.report(0, 0, 1, startedAt);
        DrillReport report = new DrillReport(r.drillId(), drill, Verdict.PASSED, Optional.empty(), source, r.backup(),
                r.target(), startedAt, r.timings(), r.restore(), List.of(), r.tables(), List.of(), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), List.of(), List.of());
        new S3ReportStore(s3, BUCKET, "reports").store(report, "arn:aws:states:us-east-1:123:execution:drill:" + drill);
    }

    private static String arn(String instance) {
        return "arn:aws:rds:us-east-1:" + MotoServer.ACCOUNT + ":db:" + instance;
    }
}
