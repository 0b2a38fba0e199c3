package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.audit.AccountAudit;
import io.restoredrill.core.audit.AccountAuditReport;
import io.restoredrill.core.audit.AuditPolicy;
import io.restoredrill.core.audit.Finding;
import io.restoredrill.core.domain.AccountBackup;
import io.restoredrill.core.domain.AccountDatabase;
import io.restoredrill.core.domain.BackupCopy;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Copies in a backup account or another region. moto copies snapshots across regions but leaves out
 * {@code SourceDBSnapshotIdentifier} and {@code SourceRegion}, so the other place is a stand-in answering what the API
 * Reference documents for a copy: DBSnapshot.SourceDBSnapshotIdentifier "the DB snapshot ARN that the DB snapshot
 * was copied from. It only has a value in the case of a cross-account or cross-Region copy"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBSnapshot.html) and
 * DBClusterSnapshot.SourceDBClusterSnapshotArn
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBClusterSnapshot.html).
 */
class RdsBackupCopiesTest {

    private static final String BACKUP_ACCOUNT = "111122223333";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aSnapshotCopiedFromAnotherAccountOrRegionIsACopyOfItsDatabaseThere() {
        try (RdsQueryApiStub place = new RdsQueryApiStub()) {
            place.snapshots("manual",
                    copy("orders-copy-1", "orders-prod", "arn:aws:rds:us-east-1:" + MotoServer.ACCOUNT
                            + ":snapshot:orders-manual-1", null, NOW.minus(Duration.ofHours(5))),
                    // The backup account's own snapshot of its own database: not a copy.
                    RdsQueryApiStub.snapshot("ledger-1", arn("ledger-1"), "manual", NOW, "available", "ledger", null));
            place.snapshots("awsbackup", copy("awsbackup:copyjob-0a1b", "billing-prod",
                    "arn:aws:rds:eu-west-1:" + MotoServer.ACCOUNT + ":snapshot:awsbackup:job-9f", "eu-west-1",
                    NOW.minus(Duration.ofHours(30))));
            place.answer("DescribeDBClusterSnapshots", "<DBClusterSnapshots><DBClusterSnapshot>"
                    + "<DBClusterSnapshotIdentifier>ledger-aurora-copy</DBClusterSnapshotIdentifier>"
                    + "<DBClusterIdentifier>ledger-aurora</DBClusterIdentifier>"
                    + "<SnapshotCreateTime>" + NOW + "</SnapshotCreateTime><Status>available</Status>"
                    + "<SnapshotType>manual</SnapshotType>"
                    + "<DBClusterSnapshotArn>arn:aws:rds:us-east-1:" + BACKUP_ACCOUNT
                    + ":cluster-snapshot:ledger-aurora-copy</DBClusterSnapshotArn>"
                    + "<SourceDBClusterSnapshotArn>arn:aws:rds:us-east-1:" + MotoServer.ACCOUNT
                    + ":cluster-snapshot:ledger-aurora-manual</SourceDBClusterSnapshotArn>"
                    + "</DBClusterSnapshot></DBClusterSnapshots>");

            List<BackupCopy> copies = new RdsBackupCopies(place.client(), "account " + BACKUP_ACCOUNT).copies();

            assertThat(copies).extracting(c -> c.backup().databaseKind() + " " + c.backup().database() + " from "
                    + c.sourceRegion()).containsExactlyInAnyOrder("INSTANCE orders-prod from us-east-1",
                    "INSTANCE billing-prod from eu-west-1", "CLUSTER ledger-aurora from us-east-1");
            assertThat(copies).allSatisfy(c -> {
                assertThat(c.backup().type()).isEqualTo(AccountBackup.Type.COPY);
                assertThat(c.place()).isEqualTo("account " + BACKUP_ACCOUNT);
            });
            assertThat(place.requests("DescribeDBSnapshots")).extracting(f -> f.get("SnapshotType"))
                    .containsExactlyInAnyOrder("manual", "awsbackup");
        }
    }

    @Test
    void aCopyInTheBackupAccountIsTheIndependentBackupOfADatabaseWhoseOwnSnapshotsAreAllAutomated() {
        try (MotoRdsAccount account = MotoRdsAccount.create(); RdsQueryApiStub backupAccount = new RdsQueryApiStub()) {
            account.productionInstance("orders-prod", true);   // moto's automated snapshot only
            backupAccount.snapshots("manual", copy("orders-copy-1", "orders-prod", "arn:aws:rds:us-east-1:"
                    + MotoServer.ACCOUNT + ":snapshot:orders-manual-1", null, NOW.minus(Duration.ofHours(5))));
            backupAccount.answer("DescribeDBClusterSnapshots", "<DBClusterSnapshots/>");

            AccountAuditReport withoutCopies = audit(account, List.of());
            AccountAuditReport withCopies = audit(account, List.of(new RdsBackupCopies(backupAccount.client(),
                    "account " + BACKUP_ACCOUNT + " in us-east-1 (role arn:aws:iam::" + BACKUP_ACCOUNT
                            + ":role/restore-drill-audit)")));

            assertThat(withoutCopies.databases().get(0).findings()).extracting(Finding::check)
                    .contains("independent-backup");
            assertThat(withoutCopies.notes()).contains(AccountAudit.CROSS_ACCOUNT_NOTE);
            assertThat(withCopies.databases()).singleElement().satisfies(d -> {
                assertThat(d.database().kind()).isEqualTo(AccountDatabase.Kind.INSTANCE);
                assertThat(d.findings()).extracting(Finding::check).doesNotContain("independent-backup");
                assertThat(d.newestIndependentBackup()).hasValueSatisfying(b -> {
                    assertThat(b.type()).isEqualTo(AccountBackup.Type.COPY);
                    assertThat(b.identifier()).endsWith(":snapshot:orders-copy-1");
                });
                assertThat(d.onlyAutomatedBackups()).isFalse();
            });
            assertThat(withCopies.notes()).anySatisfy(n -> assertThat(n)
                    .startsWith("copies counted as independent backups from: account " + BACKUP_ACCOUNT));
        }
    }

    @Test
    void aPlaceThatRefusesTheCallIsAnErrorNamingThePlaceAndThePermission() {
        try (RdsQueryApiStub place = new RdsQueryApiStub()) {
            place.fail("DescribeDBSnapshots", 403, "AccessDenied", "not authorized to perform rds:DescribeDBSnapshots");

            assertThatThrownBy(() -> new RdsBackupCopies(place.client(), "account " + BACKUP_ACCOUNT).copies())
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("account " + BACKUP_ACCOUNT).hasMessageContaining("rds:DescribeDBSnapshots")
                    .hasMessageContaining("AccessDenied");
        }
    }

    private static AccountAuditReport audit(MotoRdsAccount account, List<io.restoredrill.core.port.BackupCopies> copies) {
        return new AccountAudit(new RdsDatabaseInventory(account.rds()), Optional.empty(), copies,
                AuditPolicy.defaults(), Clock.fixed(NOW, ZoneOffset.UTC)).run();
    }

    private static String copy(String identifier, String instance, String sourceArn, String sourceRegion,
                               Instant created) {
        String xml = RdsQueryApiStub.snapshot(identifier, arn(identifier), "manual", created, "available", instance,
                null);
        return xml.replace("</DBSnapshot>", "<SourceDBSnapshotIdentifier>" + sourceArn
                + "</SourceDBSnapshotIdentifier>" + (sourceRegion == null ? ""
                        : "<SourceRegion>" + sourceRegion + "</SourceRegion>") + "</DBSnapshot>");
    }

    private static String arn(String identifier) {
        return "arn:aws:rds:us-east-1:" + BACKUP_ACCOUNT + ":snapshot:" + identifier;
    }
}
