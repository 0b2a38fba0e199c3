package io.restoredrill.core.workflow;

import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.rds.RdsInstanceLauncher;
import io.restoredrill.core.adapter.rds.RdsQueryApiStub;
import io.restoredrill.core.adapter.rds.RdsSnapshotCatalog;
import io.restoredrill.core.adapter.rds.RdsSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.SnapshotCopyFailedException;
import io.restoredrill.core.domain.SnapshotNeedsCopyException;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.domain.UnsafeDeletionException;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The backup-account pattern (issue 8, item 8): the production snapshot lives in a backup account, encrypted with
 * that account's key, and is shared with this one. RDS cannot restore a shared encrypted snapshot; the drill copies
 * it into this account with the spec's key, restores the copy, and deletes the copy on every path.
 *
 * <p>On moto with real cross-account sharing ({@link MotoRdsAccount#sharedEncryptedSnapshot}; moto itself cannot copy
 * across accounts, see there). moto makes a copy {@code available} at once; the copy statuses {@code copying} and
 * {@code failed} come from the RDS Query API stand-in, which answers with RDS's documented XML.
 */
class SharedSnapshotCopyTest {

    private static final String EXECUTION = "exec-1";
    private final Instant now = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    private final String id = TemporaryInstanceName.of("orders", EXECUTION);
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
    void aSharedEncryptedSnapshotIsRefusedWithoutCopySharedNamingTheCopyStepAndTheSpecKey() {
        String shared = account.sharedEncryptedSnapshot("orders-prod", "orders-backup-1");
        account.requests().clear();

        assertThatThrownBy(() -> restoreStep(account.rds()).restore(DrillStates.snapshotDrill("orders-prod",
                account.securityGroupId(), EXECUTION)))
                .isInstanceOf(SnapshotNeedsCopyException.class)
                .hasMessageContaining(shared)
                .hasMessageContaining("copied into this account")
                .hasMessageContaining("source.rdsSnapshot.copyShared: { kmsKeyId:");
        assertThat(account.requests().actions()).doesNotContain("CopyDBSnapshot", "RestoreDBInstanceFromDBSnapshot");
    }

    @Test
    void copiesTheSharedSnapshotRestoresTheCopyTurnsOnTheSecretAndCleansUpBoth() {
        String shared = account.sharedEncryptedSnapshot("orders-prod", "orders-backup-1");
        String key = MotoRdsAccount.kmsKey(null);
        account.requests().clear();

        DrillState restored = restoreStep(account.rds()).restore(copyDrill(key));

        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html: a shared snapshot is
        // named by its ARN; KmsKeyId is required for an encrypted snapshot shared from another account; PreSignedUrl
        // and SourceRegion belong to cross-Region copies only (a shared encrypted snapshot is copied within its Region).
        assertThat(account.requests().requests("CopyDBSnapshot")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("SourceDBSnapshotIdentifier", shared)
                .containsEntry("TargetDBSnapshotIdentifier", id)
                .containsEntry("KmsKeyId", key)
                .containsEntry("CopyTags", "false")
                .containsEntry("Tags.Tag.1.Key", DrillTags.DRILL).containsEntry("Tags.Tag.1.Value", "orders")
                .containsEntry("Tags.Tag.2.Key", DrillTags.EXECUTION).containsEntry("Tags.Tag.2.Value", EXECUTION)
                .containsEntry("Tags.Tag.3.Key", DrillTags.EXPIRES_AT)
                .containsEntry("Tags.Tag.4.Key", DrillTags.TEMPORARY).containsEntry("Tags.Tag.4.Value", "true")
                .doesNotContainKeys("PreSignedUrl", "SourceRegion", "OptionGroupName"));
        assertThat(account.requests().actions()).doesNotContain("RestoreDBInstanceFromDBSnapshot");
        assertThat(restored.snapshotCopy()).contains(new DrillState.SnapshotCopy(id, shared, "available"));
        assertThat(restored.backup().orElseThrow().type()).isEqualTo("shared");
        assertThat(restored.instance()).hasValueSatisfying(i -> {
            assertThat(i.id()).isEqualTo(id);
            assertThat(i.status()).isEqualTo(InstanceStatus.CREATING);
            assertThat(i.rdsStatus()).isEqualTo("awaiting-snapshot-copy");
        });
        assertThat(account.rds().describeDBInstances().dbInstances()).noneMatch(db -> db.dbInstanceIdentifier().equals(id));

        StatusStep status = StatusStepTest.step(account.rds(), Clock.fixed(now, ZoneOffset.UTC));
        DrillState restoring = status.status(restored);

        assertThat(account.requests().requests("RestoreDBInstanceFromDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form)
                        .containsEntry("DBSnapshotIdentifier", id)
                        .containsEntry("DBInstanceIdentifier", id)
                        .containsEntry("PubliclyAccessible", "false")
                        .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.1", account.securityGroupId())
                        .doesNotContainKey("ManageMasterUserPassword"));
        assertThat(restoring.snapshotCopy().orElseThrow().status()).isEqualTo("restored");
        assertThat(restoring.instance().orElseThrow().status()).isEqualTo(InstanceStatus.CREATING);

        DrillState secretOn = status.status(restoring);
        DrillState available = status.status(secretOn);

        assertThat(account.requests().requests("ModifyDBInstance")).hasSize(1);
        assertThat(account.requests().requests("RestoreDBInstanceFromDBSnapshot")).hasSize(1);
        assertThat(available.instance().orElseThrow().status()).isEqualTo(InstanceStatus.AVAILABLE);

        DrillState cleaned = cleanupStep(account.rds()).cleanup(available);

        assertThat(cleaned.cleanup()).hasValueSatisfying(c -> {
            assertThat(c.result()).isEqualTo(CleanupResult.DELETED);
            assertThat(c.snapshotCopy()).contains(new DrillState.CopyCleanup(CleanupResult.DELETED, id));
        });
        assertThat(snapshot(id)).isEmpty();
        assertThat(account.requests().requests("DeleteDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("DBSnapshotIdentifier", id));
        // The backup account's snapshot is not this drill's to touch.
        try (RdsClient backup = MotoRdsAccount.backupAccountRds()) {
            assertThat(backup.describeDBSnapshots(r -> r.dbSnapshotIdentifier("orders-backup-1")).dbSnapshots()).hasSize(1);
        }
    }

    @Test
    void aCopyStillBeingMadeKeepsTheDrillWaitingAndAFailedCopyFailsIt() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            DrillState copying = awaitingCopy();
            stub.answer("DescribeDBSnapshots", "<DBSnapshots>" + copyXml("copying") + "</DBSnapshots>");

            DrillState polled = StatusStepTest.step(stub.client(), Clock.fixed(now, ZoneOffset.UTC)).status(copying);

            assertThat(polled.snapshotCopy().orElseThrow().status()).isEqualTo("copying");
            assertThat(polled.instance().orElseThrow().status()).isEqualTo(InstanceStatus.CREATING);
            assertThat(stub.requests("RestoreDBInstanceFromDBSnapshot")).isEmpty();

            stub.answer("DescribeDBSnapshots", "<DBSnapshots>" + copyXml("failed") + "</DBSnapshots>");
            assertThatThrownBy(() -> StatusStepTest.step(stub.client(), Clock.fixed(now, ZoneOffset.UTC)).status(polled))
                    .isInstanceOf(SnapshotCopyFailedException.class)
                    .hasMessageContaining(id).hasMessageContaining("ended in status failed");
            assertThat(stub.requests("RestoreDBInstanceFromDBSnapshot")).isEmpty();
        }
    }

    @Test
    void aCopyThatVanishedFailsTheDrillAndCleanupSaysItWasAlreadyGone() {
        DrillState awaiting = awaitingCopy();

        assertThatThrownBy(() -> StatusStepTest.step(account.rds(), Clock.fixed(now, ZoneOffset.UTC)).status(awaiting))
                .isInstanceOf(SnapshotCopyFailedException.class)
                .hasMessageContaining("no longer exists");

        DrillState cleaned = cleanupStep(account.rds()).cleanup(awaiting);
        assertThat(cleaned.cleanup()).hasValueSatisfying(c -> {
            assertThat(c.result()).isEqualTo(CleanupResult.NOTHING_TO_DELETE); // the instance was never created
            assertThat(c.snapshotCopy()).contains(new DrillState.CopyCleanup(CleanupResult.ALREADY_GONE, id));
        });
    }

    @Test
    void cleanupDeletesTheCopyUnderItsNameWhenTheStateLostIt() {
        account.sharedEncryptedSnapshot("orders-prod", "orders-backup-1");
        DrillState restored = restoreStep(account.rds()).restore(copyDrill(MotoRdsAccount.kmsKey(null)));
        assertThat(snapshot(id)).isPresent();
        // The restore "timed out" after RDS accepted the copy: the Catch passes the state without its result.
        DrillState lost = DrillState.start(restored.drill(), EXECUTION);

        DrillState cleaned = cleanupStep(account.rds()).cleanup(lost);

        assertThat(cleaned.cleanup().orElseThrow().snapshotCopy()).contains(new DrillState.CopyCleanup(CleanupResult.DELETED, id));
        assertThat(snapshot(id)).isEmpty();
    }

    @Test
    void cleanupRefusesACopyOfAnotherExecutionAndDeletesNothing() {
        account.productionInstance("orders-prod", false);
        taggedSnapshot(id, Map.of(DrillTags.TEMPORARY, "true", DrillTags.DRILL, "orders",
                DrillTags.EXECUTION, "exec-0", DrillTags.EXPIRES_AT, now.toString()));
        DrillState state = awaitingCopy();

        assertThatThrownBy(() -> cleanupStep(account.rds()).cleanup(state))
                .isInstanceOf(UnsafeDeletionException.class)
                .hasMessageContaining("refusing to delete snapshot " + id)
                .hasMessageContaining("exec-0");
        assertThat(snapshot(id)).isPresent();
        assertThat(account.requests().actions()).doesNotContain("DeleteDBSnapshot");
    }

    @Test
    void theReaperDeletesExpiredDrillCopiesOnlyAndReportsTheRest() {
        account.productionInstance("orders-prod", false);
        String expired = "restore-drill-orders-aaaaaaaaaaaa";
        String fresh = "restore-drill-orders-bbbbbbbbbbbb";
        String untagged = "restore-drill-orders-cccccccccccc";
        taggedSnapshot(expired, Map.of(DrillTags.TEMPORARY, "true", DrillTags.EXPIRES_AT, now.minusSeconds(60).toString()));
        taggedSnapshot(fresh, Map.of(DrillTags.TEMPORARY, "true", DrillTags.EXPIRES_AT, now.plusSeconds(3600).toString()));
        taggedSnapshot(untagged, Map.of(DrillTags.EXPIRES_AT, now.minusSeconds(60).toString()));
        taggedSnapshot("orders-nightly-1", Map.of(DrillTags.TEMPORARY, "true",
                DrillTags.EXPIRES_AT, now.minusSeconds(60).toString()));
        List<ReapReport> published = new ArrayList<>();

        ReapReport report = new Reaper(new RdsTemporaryInstances(account.rds()), new RdsSnapshotCopies(account.rds()),
                Clock.fixed(now, ZoneOffset.UTC), published::add).reap();

        assertThat(report.snapshotCopies().deleted()).containsExactly(expired);
        assertThat(report.snapshotCopies().kept()).extracting(ReapReport.Kept::instanceId).containsExactly(fresh);
        assertThat(report.snapshotCopies().refused()).singleElement().satisfies(r -> {
            assertThat(r.instanceId()).isEqualTo(untagged);
            assertThat(r.reason()).contains("not tagged " + DrillTags.TEMPORARY + "=true");
        });
        assertThat(snapshot(expired)).isEmpty();
        assertThat(snapshot(fresh)).isPresent();
        assertThat(snapshot(untagged)).isPresent();
        // A production snapshot is not even a candidate, whatever its tags.
        assertThat(snapshot("orders-nightly-1")).isPresent();
        assertThat(account.requests().requests("DeleteDBSnapshot")).extracting(f -> f.get("DBSnapshotIdentifier"))
                .containsExactly(expired);
        assertThat(published).containsExactly(report);
    }

    private DrillState copyDrill(String key) {
        return DrillStates.snapshotDrill("orders", "orders-prod", ", \"copyShared\": {\"kmsKeyId\": \"" + key + "\"}", "",
                account.securityGroupId(), EXECUTION);
    }

    /** The state after a restore step that started a copy which is still being made. */
    private DrillState awaitingCopy() {
        return copyDrill("arn:aws:kms:us-east-1:" + MotoServer.ACCOUNT + ":key/ours")
                .withSnapshotCopy(new DrillState.SnapshotCopy(id, "arn:aws:rds:us-east-1:" + MotoRdsAccount.BACKUP_ACCOUNT
                        + ":snapshot:orders-backup-1", "creating"))
                .withInstance(new DrillState.Instance(id, InstanceStatus.CREATING, "awaiting-snapshot-copy", Optional.empty(),
                        Optional.empty(), Optional.empty(), now.plus(Duration.ofHours(6))));
    }

    private String copyXml(String status) {
        return "<DBSnapshot><DBSnapshotIdentifier>" + id + "</DBSnapshotIdentifier>"
                + "<DBSnapshotArn>arn:aws:rds:us-east-1:" + MotoServer.ACCOUNT + ":snapshot:" + id + "</DBSnapshotArn>"
                + "<Status>" + status + "</Status><SnapshotType>manual</SnapshotType><Encrypted>true</Encrypted>"
                + "<TagList><Tag><Key>" + DrillTags.TEMPORARY + "</Key><Value>true</Value></Tag>"
                + "<Tag><Key>" + DrillTags.DRILL + "</Key><Value>orders</Value></Tag>"
                + "<Tag><Key>" + DrillTags.EXECUTION + "</Key><Value>" + EXECUTION + "</Value></Tag></TagList>"
                + "</DBSnapshot>";
    }

    private void taggedSnapshot(String name, Map<String, String> tags) {
        account.rds().createDBSnapshot(r -> r.dbInstanceIdentifier("orders-prod").dbSnapshotIdentifier(name)
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()));
    }

    private Optional<DBSnapshot> snapshot(String name) {
        try {
            return account.rds().describeDBSnapshots(r -> r.dbSnapshotIdentifier(name)).dbSnapshots().stream().findFirst();
        } catch (DbSnapshotNotFoundException e) {
            return Optional.empty();
        }
    }

    private RestoreStep restoreStep(RdsClient rds) {
        return new RestoreStep(new RdsSnapshotCatalog(rds), new RdsInstanceLauncher(rds), new RdsTemporaryInstances(rds),
                new RdsSnapshotCopies(rds), Clock.fixed(now, ZoneOffset.UTC));
    }

    private CleanupStep cleanupStep(RdsClient rds) {
        return new CleanupStep(new RdsTemporaryInstances(rds), new RdsSnapshotCopies(rds), Clock.fixed(now, ZoneOffset.UTC));
    }
}
