package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.AdoptionGuard;
import io.restoredrill.core.domain.DeletionGuard;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.InstanceBusyException;
import io.restoredrill.core.domain.InstanceConflictException;
import io.restoredrill.core.domain.ProductionInstanceFacts;
import io.restoredrill.core.domain.SnapshotCopy;
import io.restoredrill.core.domain.SnapshotDeletionGuard;
import io.restoredrill.core.domain.SnapshotNeedsCopyException;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.port.InstanceLauncher.Request;
import io.restoredrill.core.port.SnapshotCopies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Aurora cluster adapters against moto 5.2.1, which serves clusters, cluster snapshots (also shared across
 * accounts), RestoreDBClusterFromSnapshot, ModifyDBCluster with ManageMasterUserPassword (MasterUserSecret creating,
 * then active), instances in a cluster, DeleteDBCluster and CopyDBClusterSnapshot within one account. No WireMock is
 * needed: every request is asserted as sent, on the wire ({@link RdsRequestRecorder}).
 */
class RdsClusterAdaptersTest {

    private static final String CLUSTER = "restore-drill-orders-aurora-0123456789ab";
    private static final String INSTANCE = "restore-drill-orders-aurora-0123456789ab-1";

    private MotoRdsAccount account;
    private RdsClusterLauncher launcher;
    private RdsTemporaryClusters clusters;

    @BeforeEach
    void emptyAccount() {
        account = MotoRdsAccount.create();
        launcher = new RdsClusterLauncher(account.rds());
        clusters = new RdsTemporaryClusters(account.rds());
    }

    @AfterEach
    void close() {
        account.close();
    }

    @Test
    void listsTheClustersSnapshotsByTypeWithTheClusterFilterAndReadsItsGuardrails() {
        account.productionCluster("orders-aurora", true);
        account.manualClusterSnapshot("orders-aurora", "orders-aurora-manual-1");
        account.productionCluster("billing-aurora", false);
        account.manualClusterSnapshot("billing-aurora", "billing-aurora-manual-1");
        account.requests().clear();
        RdsClusterSnapshotCatalog catalog = new RdsClusterSnapshotCatalog(account.rds());

        List<SnapshotRef> snapshots = catalog.snapshotsOf("orders-aurora");

        assertThat(snapshots).extracting(SnapshotRef::identifier, SnapshotRef::kind)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("orders-aurora-manual-1", SnapshotRef.Kind.MANUAL),
                        org.assertj.core.groups.Tuple.tuple(snapshots.stream()
                                .filter(s -> s.kind() == SnapshotRef.Kind.AUTOMATED).findFirst().orElseThrow()
                                .identifier(), SnapshotRef.Kind.AUTOMATED));
        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusterSnapshots.html
        // The cluster is named by the db-cluster-id filter ("Accepts DB cluster identifiers and DB cluster ARNs"), never
        // by DBClusterIdentifier ("must match the identifier of an existing DBCluster"); one query per SnapshotType,
        // IncludeShared only on the shared one.
        assertThat(account.requests().requests("DescribeDBClusterSnapshots")).hasSize(4).allSatisfy(form ->
                assertThat(form).doesNotContainKey("DBClusterIdentifier")
                        .containsEntry("Filters.Filter.1.Name", "db-cluster-id")
                        .containsEntry("Filters.Filter.1.Values.Value.1", "orders-aurora"))
                .extracting(form -> form.get("SnapshotType") + "/" + form.getOrDefault("IncludeShared", "-"))
                .containsExactlyInAnyOrder("manual/false", "shared/true", "awsbackup/false", "automated/false");
        assertThat(catalog.productionCluster("orders-aurora"))
                .contains(new ProductionInstanceFacts("orders-aurora", true, 7));
        assertThat(catalog.productionCluster("gone-aurora")).isEmpty();
    }

    @Test
    void findsTheSharedSnapshotsOfTheClusterOnly() {
        String arn = account.sharedEncryptedClusterSnapshot("orders-aurora", "orders-backup-1");

        List<SnapshotRef> snapshots = new RdsClusterSnapshotCatalog(account.rds()).snapshotsOf("orders-aurora");

        assertThat(snapshots).filteredOn(s -> s.kind() == SnapshotRef.Kind.SHARED).singleElement()
                .satisfies(s -> {
                    assertThat(s.arn()).isEqualTo(arn);
                    assertThat(s.encrypted()).isTrue();
                    assertThat(s.ownerAccount()).contains(MotoRdsAccount.BACKUP_ACCOUNT);
                });
        assertThat(new RdsClusterSnapshotCatalog(account.rds()).snapshotsOf("orders-aurora-mirror"))
                .noneMatch(s -> s.kind() == SnapshotRef.Kind.SHARED);
    }

    @Test
    void restoresIntoAPrivateUnprotectedTaggedClusterWithoutAnyPasswordParameter() {
        SnapshotRef snapshot = manualSnapshot();

        TemporaryCluster restored = launcher.restoreFromSnapshot(request(CLUSTER, "exec-1"), snapshot);

        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
        // Engine is required; PubliclyAccessible is "Valid for: Aurora DB clusters" and without it a cluster in a VPC with
        // an internet gateway "is public", so false is sent; DeletionProtection and CopyTagsToSnapshot false; the
        // request takes no ManageMasterUserPassword (the password is managed by a later ModifyDBCluster).
        assertThat(account.requests().requests("RestoreDBClusterFromSnapshot")).singleElement()
                .satisfies(form -> assertThat(form)
                        .containsEntry("DBClusterIdentifier", CLUSTER)
                        .containsEntry("SnapshotIdentifier", "orders-aurora-manual-1")
                        .containsEntry("Engine", "aurora-postgresql")
                        .containsEntry("PubliclyAccessible", "false")
                        .containsEntry("DeletionProtection", "false")
                        .containsEntry("CopyTagsToSnapshot", "false")
                        .containsEntry("DBSubnetGroupName", MotoRdsAccount.SUBNET_GROUP)
                        .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.1", account.securityGroupId())
                        .containsEntry("Tags.Tag.1.Key", DrillTags.DRILL)
                        .containsEntry("Tags.Tag.4.Key", DrillTags.TEMPORARY)
                        .containsEntry("Tags.Tag.4.Value", "true")
                        .doesNotContainKeys("ManageMasterUserPassword", "MasterUserPassword", "MasterUsername"));
        assertThat(restored.identifier()).isEqualTo(CLUSTER);
        assertThat(restored.tag(DrillTags.EXECUTION)).contains("exec-1");
        assertThat(restored.managedSecret()).isEqualTo(TemporaryInstance.ManagedSecret.NONE);
        assertThat(restored.writerEndpoint()).hasValueSatisfying(e -> assertThat(e.host()).startsWith(CLUSTER + ".cluster-"));
    }

    /**
     * A retried restore whose first attempt RDS accepted: RestoreDBClusterFromSnapshot answers DBClusterAlreadyExistsFault.
     * moto 5.2.1 cannot produce that answer (a second restore under one identifier fails there on the automated
     * snapshot it makes for the new cluster), so the RDS Query API stand-in answers as RDS documents it.
     */
    @Test
    void aRetriedRestoreAdoptsItsClusterAndRefusesAnotherExecutions() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub(); software.amazon.awssdk.services.rds.RdsClient rds = stub.client()) {
            stub.fail("RestoreDBClusterFromSnapshot", 400, "DBClusterAlreadyExistsFault", "DB Cluster already exists");
            stub.answer("DescribeDBClusters", "<DBClusters><DBCluster><DBClusterIdentifier>" + CLUSTER
                    + "</DBClusterIdentifier><Status>creating</Status><TagList>"
                    + "<Tag><Key>" + DrillTags.TEMPORARY + "</Key><Value>true</Value></Tag>"
                    + "<Tag><Key>" + DrillTags.DRILL + "</Key><Value>orders-aurora</Value></Tag>"
                    + "<Tag><Key>" + DrillTags.EXECUTION + "</Key><Value>exec-1</Value></Tag>"
                    + "</TagList></DBCluster></DBClusters>");
            RdsClusterLauncher stubbed = new RdsClusterLauncher(rds);
            SnapshotRef snapshot = new SnapshotRef("orders-aurora-manual-1", "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:orders-aurora-manual-1",
                    SnapshotRef.Kind.MANUAL, java.time.Instant.EPOCH, "available", false, Optional.empty(), Optional.empty(), "16.4");

            assertThat(stubbed.restoreFromSnapshot(request(CLUSTER, "exec-1"), snapshot).rdsStatus()).isEqualTo("creating");
            assertThatThrownBy(() -> stubbed.restoreFromSnapshot(request(CLUSTER, "exec-2"), snapshot))
                    .isInstanceOf(InstanceConflictException.class)
                    .hasMessageContaining("RDS cluster named " + CLUSTER).hasMessageContaining("exec-1");
            assertThat(stub.requests("RestoreDBClusterFromSnapshot")).hasSize(2);
        }
    }

    @Test
    void refusesASharedEncryptedClusterSnapshotWithoutCalling() {
        SnapshotRef shared = new SnapshotRef("orders-backup-1", "arn:aws:rds:us-east-1:111122223333:cluster-snapshot:orders-backup-1",
                SnapshotRef.Kind.SHARED, java.time.Instant.EPOCH, "available", true, Optional.of("key"),
                Optional.of("111122223333"), "16.4");

        assertThatThrownBy(() -> launcher.restoreFromSnapshot(request(CLUSTER, "exec-1"), shared))
                .isInstanceOf(SnapshotNeedsCopyException.class).hasMessageContaining("source.auroraCluster.copyShared");
        assertThat(account.requests().actions()).isEmpty();
    }

    @Test
    void turnsOnTheClustersManagedPasswordWithNothingElseInTheRequest() {
        TemporaryCluster restored = launcher.restoreFromSnapshot(request(CLUSTER, "exec-1"), manualSnapshot());
        account.requests().clear();

        TemporaryCluster modified = launcher.enableManagedMasterPassword(
                AdoptionGuard.checkOwnCluster(restored, "orders-aurora", "exec-1"));

        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBCluster.html: ManageMasterUserPassword
        // "If the DB cluster doesn't manage the master user password ... you can turn on this management. In this case,
        // you can't specify MasterUserPassword." IAM's only key on the call is rds:ManageMasterUserPassword, so the
        // request carries nothing but the identifier, the flag and ApplyImmediately.
        assertThat(account.requests().requests("ModifyDBCluster")).singleElement()
                .satisfies(form -> assertThat(form).containsOnlyKeys("Action", "Version", "DBClusterIdentifier",
                                "ManageMasterUserPassword", "ApplyImmediately")
                        .containsEntry("DBClusterIdentifier", CLUSTER)
                        .containsEntry("ManageMasterUserPassword", "true")
                        .containsEntry("ApplyImmediately", "true"));
        assertThat(modified.secretArn()).hasValueSatisfying(a -> assertThat(a).contains(":secret:rds!cluster-"));
        assertThat(modified.managedSecret()).isEqualTo(TemporaryInstance.ManagedSecret.PENDING);
        assertThat(clusters.find(CLUSTER).orElseThrow().managedSecret()).isEqualTo(TemporaryInstance.ManagedSecret.USABLE);
    }

    @Test
    void createsThePrivateInstanceInTheClusterWithOnlyWhatAppliesToAurora() {
        TemporaryCluster restored = launcher.restoreFromSnapshot(request(CLUSTER, "exec-1"), manualSnapshot());
        account.requests().clear();

        TemporaryInstance instance = launcher.createInstance(request(INSTANCE, "exec-1"),
                AdoptionGuard.checkOwnCluster(restored, "orders-aurora", "exec-1"));

        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html: DBClusterIdentifier "of
        // the DB cluster that this DB instance will belong to"; Engine aurora-postgresql "for Aurora PostgreSQL DB
        // instances"; VpcSecurityGroupIds, DeletionProtection, MultiAZ, AllocatedStorage, BackupRetentionPeriod,
        // StorageEncrypted and CopyTagsToSnapshot "don't apply to Amazon Aurora DB instances" (the cluster has them).
        assertThat(account.requests().requests("CreateDBInstance")).singleElement()
                .satisfies(form -> assertThat(form)
                        .containsEntry("DBInstanceIdentifier", INSTANCE)
                        .containsEntry("DBClusterIdentifier", CLUSTER)
                        .containsEntry("Engine", "aurora-postgresql")
                        .containsEntry("DBInstanceClass", "db.t4g.medium")
                        .containsEntry("PubliclyAccessible", "false")
                        .containsEntry("Tags.Tag.4.Key", DrillTags.TEMPORARY)
                        .doesNotContainKeys("VpcSecurityGroupIds.VpcSecurityGroupId.1", "DeletionProtection", "MultiAZ",
                                "AllocatedStorage", "BackupRetentionPeriod", "StorageEncrypted", "CopyTagsToSnapshot",
                                "MasterUsername", "MasterUserPassword", "ManageMasterUserPassword"));
        assertThat(instance.identifier()).isEqualTo(INSTANCE);
        assertThat(instance.tag(DrillTags.EXECUTION)).contains("exec-1");
        assertThat(clusters.find(CLUSTER).orElseThrow().members()).containsExactly(INSTANCE);
        // Retried: adopted, not a second instance.
        assertThat(launcher.createInstance(request(INSTANCE, "exec-1"),
                AdoptionGuard.checkOwnCluster(restored, "orders-aurora", "exec-1")).identifier()).isEqualTo(INSTANCE);
    }

    @Test
    void deletesAClusterWithoutFinalSnapshotOnlyOnceItsInstanceIsGone() {
        TemporaryCluster restored = launcher.restoreFromSnapshot(request(CLUSTER, "exec-1"), manualSnapshot());
        TemporaryInstance instance = launcher.createInstance(request(INSTANCE, "exec-1"),
                AdoptionGuard.checkOwnCluster(restored, "orders-aurora", "exec-1"));
        TemporaryCluster withMember = clusters.find(CLUSTER).orElseThrow();
        account.requests().clear();

        assertThatThrownBy(() -> clusters.delete(DeletionGuard.checkOwnCluster(withMember, "exec-1")))
                .isInstanceOf(InstanceBusyException.class).hasMessageContaining(CLUSTER);
        new RdsTemporaryInstances(account.rds()).delete(DeletionGuard.checkOwnInstance(instance, "exec-1"));
        assertThat(clusters.delete(DeletionGuard.checkOwnCluster(withMember, "exec-1"))).isTrue();

        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html: "If you set this value to
        // true, RDS doesn't create a final DB cluster snapshot" (and FinalDBSnapshotIdentifier is then not sent).
        assertThat(account.requests().requests("DeleteDBCluster")).hasSize(2).allSatisfy(form -> assertThat(form)
                .containsOnlyKeys("Action", "Version", "DBClusterIdentifier", "SkipFinalSnapshot")
                .containsEntry("SkipFinalSnapshot", "true"));
        assertThat(clusters.find(CLUSTER)).isEmpty();
        assertThat(clusters.delete(DeletionGuard.checkOwnCluster(withMember, "exec-1"))).isFalse();
    }

    @Test
    void copiesASharedClusterSnapshotByArnWithThisAccountsKeyAndTheDrillsTagsOnly() {
        String shared = account.sharedEncryptedClusterSnapshot("orders-aurora", "orders-backup-1");
        String key = MotoRdsAccount.kmsKey(null);
        RdsClusterSnapshotCopies copies = new RdsClusterSnapshotCopies(account.rds());
        SnapshotRef source = new RdsClusterSnapshotCatalog(account.rds()).snapshotsOf("orders-aurora").stream()
                .filter(s -> s.kind() == SnapshotRef.Kind.SHARED).findFirst().orElseThrow();
        account.requests().clear();

        SnapshotCopy copy = copies.copy(source, new SnapshotCopies.CopyRequest(CLUSTER, key, request(CLUSTER, "exec-1").tags()));

        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBClusterSnapshot.html: "If you copy an
        // encrypted DB cluster snapshot that is shared from another Amazon Web Services account, then you must specify
        // a value for KmsKeyId"; the source as its ARN.
        assertThat(account.requests().requests("CopyDBClusterSnapshot")).singleElement()
                .satisfies(form -> assertThat(form)
                        .containsEntry("SourceDBClusterSnapshotIdentifier", shared)
                        .containsEntry("TargetDBClusterSnapshotIdentifier", CLUSTER)
                        .containsEntry("KmsKeyId", key)
                        .containsEntry("CopyTags", "false")
                        .containsEntry("Tags.Tag.4.Key", DrillTags.TEMPORARY));
        assertThat(copy.identifier()).isEqualTo(CLUSTER);
        assertThat(copies.find(CLUSTER)).hasValueSatisfying(c -> assertThat(c.tag(DrillTags.EXECUTION)).contains("exec-1"));
        assertThat(copies.listDrillNamed()).extracting(SnapshotCopy::identifier).containsExactly(CLUSTER);
        assertThat(copies.delete(SnapshotDeletionGuard.checkOwnCopy(copies.find(CLUSTER).orElseThrow(), "exec-1"))).isTrue();
        assertThat(copies.find(CLUSTER)).isEmpty();
    }

    private SnapshotRef manualSnapshot() {
        account.productionCluster("orders-aurora", false);
        account.manualClusterSnapshot("orders-aurora", "orders-aurora-manual-1");
        SnapshotRef snapshot = new RdsClusterSnapshotCatalog(account.rds()).snapshotsOf("orders-aurora").stream()
                .filter(s -> s.kind() == SnapshotRef.Kind.MANUAL).findFirst().orElseThrow();
        account.requests().clear();
        return snapshot;
    }

    private Request request(String identifier, String execution) {
        return new Request(identifier, account.target(), Map.of(DrillTags.TEMPORARY, "true", DrillTags.DRILL, "orders-aurora",
                DrillTags.EXECUTION, execution, DrillTags.EXPIRES_AT, "2026-11-26T09:00:00Z"));
    }
}
