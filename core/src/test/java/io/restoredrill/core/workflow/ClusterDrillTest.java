package io.restoredrill.core.workflow;

import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.rds.RdsClusterLauncher;
import io.restoredrill.core.adapter.rds.RdsClusterSnapshotCatalog;
import io.restoredrill.core.adapter.rds.RdsClusterSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsInstanceLauncher;
import io.restoredrill.core.adapter.rds.RdsSnapshotCatalog;
import io.restoredrill.core.adapter.rds.RdsSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsTemporaryClusters;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.NoIndependentBackupException;
import io.restoredrill.core.domain.SnapshotNeedsCopyException;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.domain.UnsafeDeletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An Aurora cluster drill through the restore, status and cleanup steps and the reaper, with the real RDS adapters
 * against moto 5.2.1 (clusters, cluster snapshots, instances in a cluster, ModifyDBCluster's managed secret,
 * DeleteDBCluster; no stand-in needed). Production clusters here have no deletion protection where a restored cluster
 * is deleted: moto gives a restored cluster its source's protection whatever the request asks (see
 * {@link MotoRdsAccount#productionCluster}); the request's DeletionProtection=false is asserted on the wire.
 */
class ClusterDrillTest {

    private static final String EXECUTION = "exec-1";
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final String cluster = TemporaryInstanceName.of("orders-aurora", EXECUTION);
    private final String instance = TemporaryInstanceName.clusterInstance("orders-aurora", EXECUTION);
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
    void restoresTheNewestManualClusterSnapshotAndPollsUntilTheWriterEndpointAndTheClustersSecretAreReady() {
        account.productionCluster("orders-aurora", true);
        account.manualClusterSnapshot("orders-aurora", "orders-aurora-manual-1");
        account.requests().clear();

        DrillState restored = restoreStep(Clock.systemUTC()).restore(drill(""));

        assertThat(restored.backup()).hasValueSatisfying(b -> {
            assertThat(b.kind()).isEqualTo("aurora-cluster-snapshot");
            assertThat(b.identifier()).isEqualTo("orders-aurora-manual-1");
            assertThat(b.type()).isEqualTo("manual");
        });
        assertThat(restored.audit()).hasValueSatisfying(a -> {
            assertThat(a.productionInstance()).isEqualTo("orders-aurora");
            assertThat(a.deletionProtection()).contains(true);
            assertThat(a.findings()).isEmpty();
        });
        assertThat(restored.cluster()).hasValueSatisfying(c -> assertThat(c.id()).isEqualTo(cluster));
        assertThat(restored.instance()).hasValueSatisfying(i -> {
            assertThat(i.id()).isEqualTo(instance);
            assertThat(i.status()).isEqualTo(InstanceStatus.CREATING);
            assertThat(i.rdsStatus()).isEqualTo(ClusterStatuses.AWAITING_CLUSTER);
        });
        // RestoreDBClusterFromSnapshot: "You can create DB instances only after the RestoreDBClusterFromSnapshot
        // operation has completed and the DB cluster is available": no instance yet.
        assertThat(account.requests().actions()).contains("RestoreDBClusterFromSnapshot").doesNotContain("CreateDBInstance");
        assertThat(account.requests().requests("RestoreDBClusterFromSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("DeletionProtection", "false")
                        .containsEntry("PubliclyAccessible", "false").containsEntry("Engine", "aurora-postgresql"));

        DrillState polled = pollUntilAvailable(restored);

        DBCluster db = account.rds().describeDBClusters(r -> r.dbClusterIdentifier(cluster)).dbClusters().get(0);
        DrillState.Instance ready = polled.instance().orElseThrow();
        assertThat(ready.status()).isEqualTo(InstanceStatus.AVAILABLE);
        assertThat(ready.endpoint()).contains(new DrillState.Endpoint(db.endpoint(), db.port()));
        assertThat(ready.secretArn()).contains(db.masterUserSecret().secretArn());
        assertThat(ready.masterUsername()).contains("app");
        assertThat(db.dbClusterMembers()).extracting(m -> m.dbInstanceIdentifier()).containsExactly(instance);
        DBInstance member = account.rds().describeDBInstances(r -> r.dbInstanceIdentifier(instance)).dbInstances().get(0);
        assertThat(member.tagList()).extracting(Tag::key, Tag::value)
                .contains(org.assertj.core.groups.Tuple.tuple(DrillTags.TEMPORARY, "true"),
                        org.assertj.core.groups.Tuple.tuple(DrillTags.EXECUTION, EXECUTION));
        assertThat(account.requests().requests("ModifyDBCluster")).hasSize(1);
        assertThat(account.requests().requests("CreateDBInstance")).hasSize(1);
        // The instance class left out of the spec: the cluster default.
        assertThat(member.dbInstanceClass()).isEqualTo("db.t4g.medium");
    }

    @Test
    void failsWhenOnlyAutomatedClusterSnapshotsExistAndCreatesNothing() {
        account.productionCluster("orders-aurora", false);
        account.requests().clear();

        assertThatThrownBy(() -> restoreStep(Clock.systemUTC()).restore(drill("")))
                .isInstanceOf(NoIndependentBackupException.class)
                .hasMessageContaining("No independent backup of orders-aurora")
                .hasMessageContaining("automated cluster snapshots die with the cluster")
                .hasMessageContaining("source.auroraCluster.allowAutomated: true")
                .hasMessageContaining("Deletion protection is off on orders-aurora: one delete-db-cluster call");
        assertThat(account.requests().actions()).doesNotContain("RestoreDBClusterFromSnapshot", "CreateDBInstance");
        assertThat(account.rds().describeDBClusters().dbClusters()).extracting(DBCluster::dbClusterIdentifier)
                .containsExactly("orders-aurora");
    }

    @Test
    void restoresAnAutomatedClusterSnapshotWhenAllowedAndSaysWhatThatProves() {
        account.productionCluster("orders-aurora", false);

        DrillState restored = restoreStep(Clock.systemUTC()).restore(drill(", \"allowAutomated\": true"));

        assertThat(restored.backup().orElseThrow().type()).isEqualTo("automated");
        assertThat(restored.audit().orElseThrow().onlyAutomatedBackups()).isTrue();
        assertThat(restored.audit().orElseThrow().findings()).anySatisfy(f -> assertThat(f)
                .contains("restores an automated cluster snapshot because allowAutomated is on"));
    }

    @Test
    void aRetriedRestoreAdoptsTheClusterItsFirstAttemptRestored() {
        account.productionCluster("orders-aurora", false);
        account.manualClusterSnapshot("orders-aurora", "orders-aurora-manual-1");
        restoreStep(Clock.systemUTC()).restore(drill(""));
        account.requests().clear();

        DrillState again = restoreStep(Clock.systemUTC()).restore(drill(""));

        assertThat(again.cluster().orElseThrow().id()).isEqualTo(cluster);
        assertThat(account.requests().actions()).doesNotContain("RestoreDBClusterFromSnapshot");
    }

    @Test
    void cleanupDeletesTheInstanceThenTheClusterAndLeavesNothingBehind() {
        DrillState available = availableDrill();
        account.requests().clear();

        DrillState cleaned = cleanupStep().cleanup(available);

        assertThat(account.requests().actions()).containsSubsequence("DeleteDBInstance", "DeleteDBCluster");
        assertThat(cleaned.cleanup()).hasValueSatisfying(c -> {
            assertThat(c.result()).isEqualTo(CleanupResult.DELETED);
            assertThat(c.instanceId()).contains(instance);
            assertThat(c.cluster()).contains(new DrillState.CopyCleanup(CleanupResult.DELETED, cluster));
        });
        assertThat(cleaned.cluster()).contains(new DrillState.Cluster(cluster, "deleting"));
        assertThat(drillResources()).isEmpty();
    }

    @Test
    void cleanupDeletesTheClusterEvenWhenItsInstanceIsAlreadyGone() {
        DrillState available = availableDrill();
        account.rds().deleteDBInstance(r -> r.dbInstanceIdentifier(instance).skipFinalSnapshot(true));

        DrillState cleaned = cleanupStep().cleanup(available);

        assertThat(cleaned.cleanup().orElseThrow().result()).isEqualTo(CleanupResult.ALREADY_GONE);
        assertThat(cleaned.cleanup().orElseThrow().cluster())
                .contains(new DrillState.CopyCleanup(CleanupResult.DELETED, cluster));
        assertThat(drillResources()).isEmpty();
    }

    @Test
    void cleanupFindsTheClusterByItsNameWhenTheFailedRestoreLeftNoTraceInTheState() {
        account.productionCluster("orders-aurora", false);
        account.manualClusterSnapshot("orders-aurora", "orders-aurora-manual-1");
        restoreStep(Clock.systemUTC()).restore(drill(""));

        DrillState cleaned = cleanupStep().cleanup(drill(""));

        assertThat(cleaned.cleanup().orElseThrow().result()).isEqualTo(CleanupResult.NOTHING_TO_DELETE);
        assertThat(cleaned.cleanup().orElseThrow().cluster())
                .contains(new DrillState.CopyCleanup(CleanupResult.DELETED, cluster));
        assertThat(drillResources()).isEmpty();
    }

    @Test
    void cleanupOfADrillThatNeverRestoredDeletesNothing() {
        DrillState cleaned = cleanupStep().cleanup(drill(""));

        assertThat(cleaned.cleanup().orElseThrow().result()).isEqualTo(CleanupResult.NOTHING_TO_DELETE);
        assertThat(cleaned.cleanup().orElseThrow().cluster())
                .contains(new DrillState.CopyCleanup(CleanupResult.NOTHING_TO_DELETE, cluster));
        assertThat(account.requests().actions()).doesNotContain("DeleteDBCluster", "DeleteDBInstance");
    }

    @Test
    void theGuardRefusesAProductionClusterNamedInTheStateBeforeAnyCall() {
        account.productionCluster("orders-aurora", false);
        DrillState forged = drill("").withCluster(new DrillState.Cluster("orders-aurora", "available"));
        account.requests().clear();

        assertThatThrownBy(() -> cleanupStep().cleanup(forged))
                .isInstanceOf(UnsafeDeletionException.class)
                .hasMessageContaining("refusing to delete cluster orders-aurora")
                .hasMessageContaining("nothing was deleted");
        assertThat(account.requests().actions()).doesNotContain("DeleteDBCluster");
        assertThat(account.rds().describeDBClusters().dbClusters()).extracting(DBCluster::dbClusterIdentifier)
                .contains("orders-aurora");
    }

    @Test
    void theGuardRefusesAClusterWithTheDrillsNameThatIsNotTaggedTemporary() {
        account.productionCluster("orders-aurora", false);
        account.manualClusterSnapshot("orders-aurora", "orders-aurora-manual-1");
        account.rds().restoreDBClusterFromSnapshot(r -> r.dbClusterIdentifier(cluster)
                .snapshotIdentifier("orders-aurora-manual-1").engine("aurora-postgresql"));
        DrillState named = drill("").withCluster(new DrillState.Cluster(cluster, "available"));
        account.requests().clear();

        assertThatThrownBy(() -> cleanupStep().cleanup(named))
                .isInstanceOf(UnsafeDeletionException.class)
                .hasMessageContaining("refusing to delete cluster " + cluster)
                .hasMessageContaining("not tagged " + DrillTags.TEMPORARY + "=true");
        assertThat(account.requests().actions()).doesNotContain("DeleteDBCluster");
    }

    @Test
    void theReaperDeletesExpiredClustersInstanceFirstAndLeavesTheRestAlone() {
        account.productionCluster("orders-aurora", false);
        account.manualClusterSnapshot("orders-aurora", "orders-aurora-manual-1");
        // An execution that crashed after its instance was created, and one that crashed before.
        DrillState withInstance = pollUntilAvailable(restoreStep(Clock.systemUTC()).restore(drill("")));
        String bare = TemporaryInstanceName.of("orders-aurora", "exec-2");
        restoreStep(Clock.systemUTC()).restore(DrillStates.clusterDrill("orders-aurora", "orders-aurora", "",
                account.securityGroupId(), "exec-2"));
        // A cluster with the drill prefix but no temporary tag: suspicious, never deleted.
        String untagged = TemporaryInstanceName.of("someone-else", "x");
        account.rds().restoreDBClusterFromSnapshot(r -> r.dbClusterIdentifier(untagged)
                .snapshotIdentifier("orders-aurora-manual-1").engine("aurora-postgresql"));
        account.requests().clear();
        Clock later = Clock.fixed(now.plus(Duration.ofHours(7)), ZoneOffset.UTC);

        ReapReport report = new Reaper(new RdsTemporaryInstances(account.rds()), new RdsSnapshotCopies(account.rds()),
                clusterPorts(), later, r -> { }).reap();

        assertThat(report.deleted()).containsExactly(withInstance.instance().orElseThrow().id());
        assertThat(report.clusters().deleted()).containsExactlyInAnyOrder(cluster, bare);
        assertThat(report.clusters().refused()).singleElement()
                .satisfies(r -> assertThat(r.instanceId()).isEqualTo(untagged));
        assertThat(account.requests().actions()).containsSubsequence("DeleteDBInstance", "DeleteDBCluster");
        assertThat(account.rds().describeDBClusters().dbClusters()).extracting(DBCluster::dbClusterIdentifier)
                .containsExactlyInAnyOrder("orders-aurora", untagged);
        assertThat(account.rds().describeDBInstances().dbInstances()).isEmpty();
    }

    @Test
    void theReaperKeepsClustersThatHaveNotExpired() {
        availableDrill();

        ReapReport report = new Reaper(new RdsTemporaryInstances(account.rds()), new RdsSnapshotCopies(account.rds()),
                clusterPorts(), Clock.systemUTC(), r -> { }).reap();

        assertThat(report.clusters().kept()).extracting(ReapReport.Kept::instanceId).containsExactly(cluster);
        assertThat(report.clusters().deleted()).isEmpty();
        assertThat(drillResources()).hasSize(2);
    }

    @Test
    void aSharedEncryptedClusterSnapshotIsRefusedWithoutCopyShared() {
        String shared = account.sharedEncryptedClusterSnapshot("orders-aurora", "orders-backup-1");
        account.requests().clear();

        assertThatThrownBy(() -> restoreStep(Clock.systemUTC()).restore(drill("")))
                .isInstanceOf(SnapshotNeedsCopyException.class)
                .hasMessageContaining(shared)
                .hasMessageContaining("source.auroraCluster.copyShared: { kmsKeyId:");
        assertThat(account.requests().actions()).doesNotContain("CopyDBClusterSnapshot", "RestoreDBClusterFromSnapshot");
    }

    @Test
    void copiesASharedEncryptedClusterSnapshotRestoresTheCopyAndCleansUpTheCopyToo() {
        account.sharedEncryptedClusterSnapshot("orders-aurora", "orders-backup-1");
        String key = MotoRdsAccount.kmsKey(null);
        String copyShared = ", \"copyShared\": {\"kmsKeyId\": \"" + key + "\"}";

        DrillState restored = restoreStep(Clock.systemUTC()).restore(drill(copyShared));

        assertThat(restored.snapshotCopy()).hasValueSatisfying(c -> assertThat(c.id()).isEqualTo(cluster));
        assertThat(restored.cluster()).contains(new DrillState.Cluster(cluster, InstanceStatuses.AWAITING_SNAPSHOT_COPY));
        assertThat(account.requests().actions()).contains("CopyDBClusterSnapshot").doesNotContain("RestoreDBClusterFromSnapshot");

        DrillState available = pollUntilAvailable(restored);
        assertThat(available.snapshotCopy().orElseThrow().status()).isEqualTo(DrillState.SnapshotCopy.RESTORED);
        assertThat(account.requests().requests("RestoreDBClusterFromSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("SnapshotIdentifier", cluster));

        DrillState cleaned = cleanupStep().cleanup(available);

        assertThat(cleaned.cleanup().orElseThrow().snapshotCopy())
                .contains(new DrillState.CopyCleanup(CleanupResult.DELETED, cluster));
        assertThat(account.rds().describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots())
                .noneMatch(s -> s.dbClusterSnapshotIdentifier().equals(cluster));
        assertThat(drillResources()).isEmpty();
    }

    private DrillState availableDrill() {
        account.productionCluster("orders-aurora", false);
        account.manualClusterSnapshot("orders-aurora", "orders-aurora-manual-1");
        return pollUntilAvailable(restoreStep(Clock.systemUTC()).restore(drill("")));
    }

    /** The state machine's poll loop: at most a few polls, each a status step. */
    private DrillState pollUntilAvailable(DrillState state) {
        StatusStep status = new StatusStep(new RdsTemporaryInstances(account.rds()), new RdsInstanceLauncher(account.rds()),
                new RdsSnapshotCopies(account.rds()), clusterPorts(), Clock.systemUTC());
        DrillState current = state;
        for (int poll = 0; poll < 6 && current.instance().orElseThrow().status() == InstanceStatus.CREATING; poll++) {
            current = status.status(current);
        }
        assertThat(current.instance().orElseThrow().status()).isEqualTo(InstanceStatus.AVAILABLE);
        return current;
    }

    /** What drill names exist: clusters and instances with the prefix. */
    private List<String> drillResources() {
        List<String> clusters = account.rds().describeDBClusters().dbClusters().stream()
                .map(DBCluster::dbClusterIdentifier).filter(TemporaryInstanceName::hasPrefix).toList();
        List<String> instances = account.rds().describeDBInstances().dbInstances().stream()
                .map(DBInstance::dbInstanceIdentifier).filter(TemporaryInstanceName::hasPrefix).toList();
        return java.util.stream.Stream.concat(clusters.stream(), instances.stream()).toList();
    }

    private DrillState drill(String extraSource) {
        return DrillStates.clusterDrill("orders-aurora", "orders-aurora", extraSource, account.securityGroupId(),
                EXECUTION);
    }

    private ClusterPorts clusterPorts() {
        return new ClusterPorts(new RdsClusterSnapshotCatalog(account.rds()), new RdsClusterLauncher(account.rds()),
                new RdsTemporaryClusters(account.rds()), new RdsClusterSnapshotCopies(account.rds()));
    }

    private RestoreStep restoreStep(Clock clock) {
        return new RestoreStep(new RdsSnapshotCatalog(account.rds()), new RdsInstanceLauncher(account.rds()),
                new RdsTemporaryInstances(account.rds()), new RdsSnapshotCopies(account.rds()), clusterPorts(), clock);
    }

    private CleanupStep cleanupStep() {
        return new CleanupStep(new RdsTemporaryInstances(account.rds()), new RdsSnapshotCopies(account.rds()),
                clusterPorts(), Clock.systemUTC());
    }
}
