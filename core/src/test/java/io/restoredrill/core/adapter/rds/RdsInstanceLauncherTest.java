package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.AdoptionGuard;
import io.restoredrill.core.domain.AwsThrottlingException;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.InstanceConflictException;
import io.restoredrill.core.domain.InstanceQuotaReachedException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.SnapshotNeedsCopyException;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.port.InstanceLauncher.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RdsInstanceLauncherTest {

    private static final String NAME = "restore-drill-orders-0123456789ab";
    private MotoRdsAccount account;
    private RdsInstanceLauncher launcher;

    @BeforeEach
    void emptyAccount() {
        account = MotoRdsAccount.create();
        launcher = new RdsInstanceLauncher(account.rds());
    }

    @AfterEach
    void close() {
        account.close();
    }

    @Test
    void restoresIntoAPrivateSingleAzInstanceWithTheTagsAndNoManagedPasswordYet() {
        SnapshotRef snapshot = manualSnapshot();

        TemporaryInstance restored = launcher.restoreFromSnapshot(request("exec-1"), snapshot);

        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html
        // ManageMasterUserPassword: "Applies to RDS for Oracle only", so a PostgreSQL restore must not send it
        // (moto accepts it either way: the captured request is the proof). PubliclyAccessible=false is sent, not
        // left to the default.
        assertThat(account.requests().requests("RestoreDBInstanceFromDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form)
                        .doesNotContainKey("ManageMasterUserPassword")
                        .doesNotContainKey("MasterUserPassword")
                        .containsEntry("PubliclyAccessible", "false"));
        DBInstance db = describe(NAME);
        assertThat(restored.identifier()).isEqualTo(NAME);
        // moto leaves PubliclyAccessible out when false: absent or false both mean "not public".
        assertThat(Boolean.TRUE.equals(db.publiclyAccessible())).isFalse();
        assertThat(Boolean.TRUE.equals(db.multiAZ())).isFalse();
        assertThat(db.dbInstanceClass()).isEqualTo("db.t4g.medium");
        assertThat(db.dbSubnetGroup().dbSubnetGroupName()).isEqualTo(MotoRdsAccount.SUBNET_GROUP);
        assertThat(db.vpcSecurityGroups()).extracting(g -> g.vpcSecurityGroupId()).containsExactly(account.securityGroupId());
        assertThat(db.masterUserSecret()).isNull();
        assertThat(restored.managedSecret()).isEqualTo(TemporaryInstance.ManagedSecret.NONE);
        assertThat(db.tagList()).extracting(Tag::key, Tag::value).contains(
                org.assertj.core.groups.Tuple.tuple(DrillTags.TEMPORARY, "true"),
                org.assertj.core.groups.Tuple.tuple(DrillTags.EXECUTION, "exec-1"),
                org.assertj.core.groups.Tuple.tuple(DrillTags.DRILL, "orders"));
        // moto may report DeletionProtection=true whatever was asked: the request itself is asserted against
        // WireMock in sendsTheSafeSettingsAndTheArnOfASharedSnapshot.
    }

    @Test
    void aRetriedRestoreAdoptsTheInstanceInsteadOfMakingASecond() {
        SnapshotRef snapshot = manualSnapshot();

        TemporaryInstance first = launcher.restoreFromSnapshot(request("exec-1"), snapshot);
        TemporaryInstance second = launcher.restoreFromSnapshot(request("exec-1"), snapshot);

        assertThat(second.identifier()).isEqualTo(first.identifier());
        assertThat(account.rds().describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier)
                .containsExactlyInAnyOrder("orders-prod", NAME);
    }

    @Test
    void refusesToAdoptAnInstanceOfAnotherExecution() {
        SnapshotRef snapshot = manualSnapshot();
        launcher.restoreFromSnapshot(request("exec-1"), snapshot);

        assertThatThrownBy(() -> launcher.restoreFromSnapshot(request("exec-2"), snapshot))
                .isInstanceOf(InstanceConflictException.class)
                .hasMessageContaining(NAME).hasMessageContaining("not made by this drill's execution")
                .hasMessageContaining("exec-1");
        assertThat(describe(NAME).tagList()).extracting(Tag::value).contains("exec-1").doesNotContain("exec-2");
    }

    @Test
    void refusesToAdoptAnInstanceOfAnotherDrillInTheSameExecution() {
        SnapshotRef snapshot = manualSnapshot();
        launcher.restoreFromSnapshot(request("exec-1"), snapshot);
        Request otherDrill = new Request(NAME, account.target(), Map.of(DrillTags.TEMPORARY, "true",
                DrillTags.DRILL, "orders-eu", DrillTags.EXECUTION, "exec-1", DrillTags.EXPIRES_AT, "2026-11-26T09:00:00Z"));
        account.requests().clear();

        assertThatThrownBy(() -> launcher.restoreFromSnapshot(otherDrill, snapshot))
                .isInstanceOf(InstanceConflictException.class)
                .hasMessageContaining(DrillTags.DRILL + "=orders,").hasMessageContaining("expected true, orders-eu");
        // Nothing touched: the failed create and one describe, no modify, tag or delete.
        assertThat(account.requests().actions()).containsExactly("RestoreDBInstanceFromDBSnapshot", "DescribeDBInstances");
    }

    @Test
    void turnsOnTheManagedPasswordWithOnlyIdentifierManageFlagAndApplyImmediately() {
        TemporaryInstance restored = launcher.restoreFromSnapshot(request("exec-1"), manualSnapshot());
        account.requests().clear();

        TemporaryInstance modified = launcher.enableManagedMasterPassword(
                AdoptionGuard.checkOwnInstance(restored, "orders", "exec-1"));

        // IAM cannot restrict ModifyDBInstance beyond rds:ManageMasterUserPassword, so the request itself must carry
        // nothing else (no PubliclyAccessible, VpcSecurityGroupIds, MasterUserPassword, ...).
        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
        assertThat(account.requests().requests("ModifyDBInstance")).singleElement()
                .satisfies(form -> assertThat(form).containsOnlyKeys("Action", "Version", "DBInstanceIdentifier",
                                "ManageMasterUserPassword", "ApplyImmediately")
                        .containsEntry("DBInstanceIdentifier", NAME)
                        .containsEntry("ManageMasterUserPassword", "true")
                        .containsEntry("ApplyImmediately", "true"));
        // moto, as RDS: the secret exists at once and is being created.
        assertThat(modified.secretArn()).hasValueSatisfying(a -> assertThat(a).startsWith("arn:aws:secretsmanager:"));
        assertThat(modified.secretStatus()).contains("creating");
        assertThat(modified.managedSecret()).isEqualTo(TemporaryInstance.ManagedSecret.PENDING);
    }

    @Test
    void addsTheStacksSecurityGroupToTheDrillsOwnWithoutDuplicates() {
        SnapshotRef snapshot = manualSnapshot();
        String stackGroup = "sg-0123456789abcdef0";
        account.requests().clear();

        new RdsInstanceLauncher(account.rds(), Optional.of(stackGroup)).restoreFromSnapshot(request("exec-1"), snapshot);
        new RdsInstanceLauncher(account.rds(), Optional.of(account.securityGroupId()))
                .createBlank(new Request(NAME + "x", account.target(), request("exec-1").tags()));

        assertThat(account.requests().requests("RestoreDBInstanceFromDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form)
                        .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.1", account.securityGroupId())
                        .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.2", stackGroup)
                        .doesNotContainKey("VpcSecurityGroupIds.VpcSecurityGroupId.3"));
        assertThat(account.requests().requests("CreateDBInstance")).singleElement()
                .satisfies(form -> assertThat(form)
                        .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.1", account.securityGroupId())
                        .doesNotContainKey("VpcSecurityGroupIds.VpcSecurityGroupId.2"));
    }

    @Test
    void aDrillWithoutSecurityGroupsGetsTheStacksOneAndWithoutEitherIsRefusedBeforeAnyCall() {
        DrillSpec.RdsTargetSpec noGroups = new DrillSpec.RdsTargetSpec("db.t4g.medium", MotoRdsAccount.SUBNET_GROUP,
                List.of(), java.time.Duration.ofHours(6), Optional.empty(), 20);
        Request request = new Request(NAME, noGroups, request("exec-1").tags());

        assertThatThrownBy(() -> launcher.createBlank(request))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("target.rds.vpcSecurityGroupIds")
                .hasMessageContaining("TEMPORARY_INSTANCE_SECURITY_GROUP_ID");
        assertThat(account.requests().actions()).isEmpty();

        new RdsInstanceLauncher(account.rds(), Optional.of(account.securityGroupId())).createBlank(request);
        assertThat(account.requests().requests("CreateDBInstance")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.1", account.securityGroupId()));
    }

    @Test
    void refusesToAdoptAnUntaggedInstanceWithTheSameName() {
        account.rds().createDBInstance(r -> r.dbInstanceIdentifier(NAME).engine("postgres").dbInstanceClass("db.t4g.micro")
                .masterUsername("app").masterUserPassword("not-a-secret-1").allocatedStorage(20));

        assertThatThrownBy(() -> launcher.createBlank(request("exec-1")))
                .isInstanceOf(InstanceConflictException.class)
                .hasMessageContaining(DrillTags.TEMPORARY + "=(missing)");
    }

    @Test
    void createsABlankEncryptedPostgresInstanceWithoutBackupsAndWithAManagedPassword() {
        TemporaryInstance blank = launcher.createBlank(request("exec-1"));
        TemporaryInstance again = launcher.createBlank(request("exec-1"));

        DBInstance db = describe(NAME);
        assertThat(again.identifier()).isEqualTo(blank.identifier());
        assertThat(db.engine()).isEqualTo("postgres");
        assertThat(db.storageEncrypted()).isTrue();
        assertThat(db.backupRetentionPeriod()).isZero();
        assertThat(db.masterUsername()).isEqualTo("drill");
        assertThat(db.masterUserSecret().secretArn()).isNotBlank();
        assertThat(Boolean.TRUE.equals(db.publiclyAccessible())).isFalse();
        assertThat(Boolean.TRUE.equals(db.multiAZ())).isFalse();
        assertThat(db.allocatedStorage()).isEqualTo(20);
        assertThat(db.tagList()).extracting(Tag::key).contains(DrillTags.TEMPORARY, DrillTags.EXPIRES_AT);
        // CreateDBInstance takes ManageMasterUserPassword for PostgreSQL (its constraints name only "Can't manage the
        // master user password with AWS Secrets Manager if MasterUserPassword is specified").
        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
        assertThat(account.requests().requests("CreateDBInstance")).first().satisfies(form -> assertThat(form)
                .containsEntry("ManageMasterUserPassword", "true")
                .containsEntry("PubliclyAccessible", "false")
                .doesNotContainKey("MasterUserPassword"));
    }

    @Test
    void sendsTheSafeSettingsAndTheArnOfASharedSnapshot() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.answer("RestoreDBInstanceFromDBSnapshot", RdsQueryApiStub.instance(NAME, "creating", Map.of()));
            String arn = "arn:aws:rds:us-east-1:" + RdsQueryApiStub.BACKUP_ACCOUNT + ":snapshot:orders-copy";
            // Unencrypted: a shared snapshot RDS restores directly, by its ARN.
            SnapshotRef shared = new SnapshotRef(arn, arn, SnapshotRef.Kind.SHARED, Instant.now(), "available", false,
                    Optional.empty(), Optional.of(RdsQueryApiStub.BACKUP_ACCOUNT), "15.5");

            TemporaryInstance instance = new RdsInstanceLauncher(stub.client()).restoreFromSnapshot(request("exec-1"), shared);

            assertThat(instance.rdsStatus()).isEqualTo("creating");
            assertThat(stub.requests("RestoreDBInstanceFromDBSnapshot")).singleElement().satisfies(form -> assertThat(form)
                    .containsEntry("DBInstanceIdentifier", NAME)
                    .containsEntry("DBSnapshotIdentifier", arn)
                    .containsEntry("PubliclyAccessible", "false")
                    .containsEntry("MultiAZ", "false")
                    .containsEntry("DeletionProtection", "false")
                    .doesNotContainKey("ManageMasterUserPassword")
                    .containsEntry("CopyTagsToSnapshot", "false")
                    .containsEntry("DBInstanceClass", "db.t4g.medium")
                    .containsEntry("DBSubnetGroupName", MotoRdsAccount.SUBNET_GROUP)
                    .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.1", account.securityGroupId())
                    .containsEntry("Tags.Tag.4.Key", DrillTags.TEMPORARY)
                    .containsEntry("Tags.Tag.4.Value", "true")
                    .doesNotContainKey("MasterUserPassword"));
        }
    }

    @ParameterizedTest
    @CsvSource({"arn:aws:kms:us-east-1:" + RdsQueryApiStub.BACKUP_ACCOUNT + ":key/theirs",
            "arn:aws:kms:us-east-1:123456789012:key/ours"})
    void everySharedEncryptedSnapshotMustBeCopiedFirstWhateverItsKey(String key) {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            String arn = "arn:aws:rds:us-east-1:" + RdsQueryApiStub.BACKUP_ACCOUNT + ":snapshot:orders-copy";
            SnapshotRef shared = new SnapshotRef(arn, arn, SnapshotRef.Kind.SHARED, Instant.now(), "available", true,
                    Optional.of(key), Optional.of(RdsQueryApiStub.BACKUP_ACCOUNT), "15.5");

            // RDS User Guide, "Sharing a DB snapshot": no restore from a snapshot that is shared and encrypted.
            assertThatThrownBy(() -> new RdsInstanceLauncher(stub.client()).restoreFromSnapshot(request("exec-1"), shared))
                    .isInstanceOf(SnapshotNeedsCopyException.class)
                    .hasMessageContaining("must be copied into this account with a KMS key of this account first")
                    .hasMessageContaining("source.rdsSnapshot.copyShared: { kmsKeyId:")
                    .hasMessageContaining("aws rds copy-db-snapshot --source-db-snapshot-identifier " + arn);
            assertThat(stub.requests("RestoreDBInstanceFromDBSnapshot")).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "InvalidDBSnapshotState|not in the available state",
            "InsufficientDBInstanceCapacity|no capacity for instance class db.t4g.medium",
            "KMSKeyNotAccessibleFault|cannot use the snapshot's KMS key",
            "DBSubnetGroupNotFoundFault|DB subnet group \"drill-isolated\" does not exist"})
    void rdsErrorsAPersonMustFixBecomeRestoreFailures(String code, String explanation) {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.fail("RestoreDBInstanceFromDBSnapshot", 400, code, "as RDS says it");

            assertThatThrownBy(() -> new RdsInstanceLauncher(stub.client()).restoreFromSnapshot(request("exec-1"),
                    ownSnapshot()))
                    .isInstanceOf(RestoreFailedException.class)
                    .hasMessageContaining(explanation)
                    .hasMessageContaining(code + ": as RDS says it");
        }
    }

    /**
     * API Reference, RestoreDBInstanceFromDBSnapshot, Errors: InstanceQuotaExceeded ("the request would result in the
     * user exceeding the allowed number of DB instances") and StorageQuotaExceeded (HTTP 400 both).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"InstanceQuotaExceeded|DB instance quota", "StorageQuotaExceeded|storage quota"})
    void aReachedQuotaIsTheErrorTheStateMachineWaitsOut(String code, String quota) {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.fail("RestoreDBInstanceFromDBSnapshot", 400, code, "as RDS says it");

            assertThatThrownBy(() -> new RdsInstanceLauncher(stub.client()).restoreFromSnapshot(request("exec-1"),
                    ownSnapshot()))
                    .isInstanceOf(InstanceQuotaReachedException.class)
                    .hasMessageContaining("the account's RDS " + quota + " is reached")
                    .hasMessageContaining("lower the deployment's maxConcurrency")
                    .hasMessageContaining(code + ": as RDS says it");
        }
    }

    @Test
    void throttlingBecomesTheTransientErrorTheStateMachineRetries() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.fail("RestoreDBInstanceFromDBSnapshot", 400, "Throttling", "Rate exceeded");

            assertThatThrownBy(() -> new RdsInstanceLauncher(stub.client()).restoreFromSnapshot(request("exec-1"),
                    ownSnapshot()))
                    .isInstanceOf(AwsThrottlingException.class)
                    .hasCauseInstanceOf(RdsException.class)
                    .satisfies(e -> assertThat(((RdsException) e.getCause()).isThrottlingException()).isTrue());
            // The SDK retried it itself before giving up.
            assertThat(stub.requests("RestoreDBInstanceFromDBSnapshot")).hasSizeGreaterThan(1);
        }
    }

    private SnapshotRef manualSnapshot() {
        account.productionInstance("orders-prod", true);
        account.manualSnapshot("orders-prod", "orders-nightly-1");
        return new RdsSnapshotCatalog(account.rds()).snapshotsOf("orders-prod").stream()
                .filter(s -> s.kind() == SnapshotRef.Kind.MANUAL).findFirst().orElseThrow();
    }

    private static SnapshotRef ownSnapshot() {
        return new SnapshotRef("orders-1", "arn:aws:rds:us-east-1:123456789012:snapshot:orders-1", SnapshotRef.Kind.MANUAL,
                Instant.now(), "available", false, Optional.empty(), Optional.empty(), "15.5");
    }

    private Request request(String execution) {
        return new Request(NAME, account.target(), Map.of(DrillTags.TEMPORARY, "true", DrillTags.DRILL, "orders",
                DrillTags.EXECUTION, execution, DrillTags.EXPIRES_AT, "2026-11-26T09:00:00Z"));
    }

    private DBInstance describe(String identifier) {
        List<DBInstance> found = account.rds().describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances();
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
