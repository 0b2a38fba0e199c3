package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.ProductionInstanceFacts;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.SnapshotRef.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RdsSnapshotCatalogTest {

    private MotoRdsAccount account;

    @BeforeEach
    void emptyAccount() {
        account = MotoRdsAccount.create();
    }

    @AfterEach
    void close() {
        account.close();
    }

    @Test
    void listsTheManualAndAutomatedSnapshotsOfTheInstanceOnly() {
        account.productionInstance("orders-prod", true);
        account.productionInstance("billing-prod", true);
        account.manualSnapshot("orders-prod", "orders-nightly-1");
        account.manualSnapshot("billing-prod", "billing-nightly-1");

        List<SnapshotRef> snapshots = new RdsSnapshotCatalog(account.rds()).snapshotsOf("orders-prod");

        assertThat(snapshots).extracting(SnapshotRef::kind, SnapshotRef::status)
                .containsExactlyInAnyOrder(tuple(Kind.MANUAL, "available"), tuple(Kind.AUTOMATED, "available"));
        SnapshotRef manual = snapshots.stream().filter(s -> s.kind() == Kind.MANUAL).findFirst().orElseThrow();
        assertThat(manual.identifier()).isEqualTo("orders-nightly-1");
        assertThat(manual.arn()).startsWith("arn:aws:rds:us-east-1:").endsWith(":snapshot:orders-nightly-1");
        assertThat(manual.createdAt()).isAfter(Instant.now().minusSeconds(600));
        assertThat(manual.engineVersion()).isEqualTo("15.5");
        assertThat(manual.ownerAccount()).isEmpty();
    }

    @Test
    void findsTheSnapshotsOfADeletedInstanceWithTheDocumentedFilter() {
        account.productionInstance("orders-prod", false);
        account.manualSnapshot("orders-prod", "orders-nightly-1");
        account.rds().deleteDBInstance(r -> r.dbInstanceIdentifier("orders-prod").skipFinalSnapshot(true)
                .deleteAutomatedBackups(true));
        account.requests().clear();

        List<SnapshotRef> snapshots = new RdsSnapshotCatalog(account.rds()).snapshotsOf("orders-prod");

        assertThat(snapshots).extracting(SnapshotRef::identifier).containsExactly("orders-nightly-1");
        // The API Reference constrains DescribeDBSnapshots' DBInstanceIdentifier to "the identifier of an existing
        // DBInstance"; the db-instance-id filter has no such constraint. moto 5.2.1 answers both forms alike, so this
        // proves the request the catalog sends, not RDS's answer to it.
        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html
        assertThat(account.requests().requests("DescribeDBSnapshots")).hasSize(Kind.values().length)
                .allSatisfy(r -> assertThat(r)
                        .containsEntry("Filters.Filter.1.Name", "db-instance-id")
                        .containsEntry("Filters.Filter.1.Values.Value.1", "orders-prod")
                        .doesNotContainKey("DBInstanceIdentifier"));
    }

    @Test
    void reportsDeletionProtectionAndBackupRetentionOfTheProductionInstance() {
        account.productionInstance("orders-prod", true);

        assertThat(new RdsSnapshotCatalog(account.rds()).productionInstance("orders-prod"))
                .contains(new ProductionInstanceFacts("orders-prod", true, 7));
    }

    @Test
    void productionInstanceIsEmptyWhenItIsGone() {
        assertThat(new RdsSnapshotCatalog(account.rds()).productionInstance("orders-prod")).isEmpty();
    }

    @Test
    void listsSharedAndAwsBackupSnapshotsWithTheOwnerAccountOfSharedOnes() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            String sharedArn = "arn:aws:rds:us-east-1:" + RdsQueryApiStub.BACKUP_ACCOUNT + ":snapshot:orders-copy-1126";
            String keyArn = "arn:aws:kms:us-east-1:" + RdsQueryApiStub.BACKUP_ACCOUNT + ":key/1111-2222";
            stub.snapshots("shared", RdsQueryApiStub.snapshot(sharedArn, sharedArn, "shared",
                    Instant.parse("2026-11-26T03:00:00Z"), "available", "orders-prod", keyArn));
            String backupArn = "arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-0a1b2c";
            stub.snapshots("awsbackup", RdsQueryApiStub.snapshot("awsbackup:job-0a1b2c", backupArn, "awsbackup",
                    Instant.parse("2026-11-26T04:00:00Z"), "available", "orders-prod", null));
            stub.snapshots("manual", RdsQueryApiStub.snapshot("orders-1126", "arn:aws:rds:us-east-1:123456789012:snapshot:orders-1126",
                    "manual", Instant.parse("2026-11-26T05:00:00Z"), "creating", "orders-prod", null));

            List<SnapshotRef> snapshots = new RdsSnapshotCatalog(stub.client()).snapshotsOf("orders-prod");

            assertThat(snapshots).extracting(SnapshotRef::kind, SnapshotRef::identifier, SnapshotRef::status,
                            SnapshotRef::ownerAccount, SnapshotRef::encrypted, SnapshotRef::kmsKeyId)
                    .containsExactlyInAnyOrder(
                            tuple(Kind.SHARED, sharedArn, "available", Optional.of(RdsQueryApiStub.BACKUP_ACCOUNT), true,
                                    Optional.of(keyArn)),
                            tuple(Kind.AWS_BACKUP, "awsbackup:job-0a1b2c", "available", Optional.empty(), false,
                                    Optional.empty()),
                            // Kept, with its status: the audit says the newest one is not restorable yet.
                            tuple(Kind.MANUAL, "orders-1126", "creating", Optional.empty(), false, Optional.empty()));
            assertThat(stub.requests("DescribeDBSnapshots"))
                    .allSatisfy(r -> assertThat(r)
                            .containsEntry("Filters.Filter.1.Name", "db-instance-id")
                            .containsEntry("Filters.Filter.1.Values.Value.1", "orders-prod")
                            .doesNotContainKey("DBInstanceIdentifier"))
                    .extracting(r -> r.get("SnapshotType"), r -> r.get("IncludeShared"))
                    .containsExactlyInAnyOrder(tuple("manual", "false"), tuple("shared", "true"),
                            tuple("awsbackup", "false"), tuple("automated", "false"));
        }
    }
}
