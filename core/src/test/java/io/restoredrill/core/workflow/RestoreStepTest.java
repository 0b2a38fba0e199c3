package io.restoredrill.core.workflow;

import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.rds.RdsInstanceLauncher;
import io.restoredrill.core.adapter.rds.RdsQueryApiStub;
import io.restoredrill.core.adapter.rds.RdsSnapshotCatalog;
import io.restoredrill.core.adapter.rds.RdsSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.domain.BackupTooOldException;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.InstanceConflictException;
import io.restoredrill.core.domain.NoIndependentBackupException;
import io.restoredrill.core.domain.SnapshotNeedsCopyException;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.TemporaryInstanceName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class RestoreStepTest {

    private MotoRdsAccount account;
    private final Instant now = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void emptyAccount() {
        account = MotoRdsAccount.create();
    }

    @AfterEach
    void close() {
        account.close();
    }

    @Test
    void theNewestManualSnapshotWinsOverANewerAutomatedOne() {
        account.productionInstance("orders-prod", false);
        account.manualSnapshot("orders-prod", "orders-nightly-1");
        account.recreateWithFreshAutomatedSnapshot("orders-prod");
        var snapshots = new RdsSnapshotCatalog(account.rds()).snapshotsOf("orders-prod");
        Instant manualAt = snapshots.stream().filter(s -> s.kind() == SnapshotRef.Kind.MANUAL).findFirst().orElseThrow().createdAt();
        assertThat(snapshots).anySatisfy(s -> {
            assertThat(s.kind()).isEqualTo(SnapshotRef.Kind.AUTOMATED);
            assertThat(s.createdAt()).isAfter(manualAt);
        });

        DrillState restored = step(account.rds(), now).restore(state("exec-1"));

        assertThat(restored.backup()).hasValueSatisfying(b -> {
            assertThat(b.identifier()).isEqualTo("orders-nightly-1");
            assertThat(b.type()).isEqualTo("manual");
            assertThat(b.kind()).isEqualTo("rds-snapshot");
            assertThat(b.independent()).isTrue();
            assertThat(b.location()).endsWith(":snapshot:orders-nightly-1");
        });
        assertThat(restored.audit()).hasValueSatisfying(a -> {
            assertThat(a.productionInstanceExists()).isTrue();
            assertThat(a.onlyAutomatedBackups()).isFalse();
            assertThat(a.newestIndependentBackupAgeHours()).hasValueSatisfying(h -> assertThat(h).isBetween(0.0, 1.0));
        });
        assertThat(restored.instance()).hasValueSatisfying(i -> {
            assertThat(i.id()).isEqualTo(TemporaryInstanceName.of("orders", "exec-1"));
            // RDS says available, but the managed secret is the status step's to turn on: not usable yet.
            assertThat(i.status()).isEqualTo(InstanceStatus.CREATING);
            assertThat(i.rdsStatus()).isEqualTo("available");
            assertThat(i.secretArn()).isEmpty();
            assertThat(i.expiresAt()).isEqualTo(now.plus(Duration.ofHours(6)));
        });
    }

    @Test
    void theTemporaryInstanceCarriesTheDrillTagsAndIsPrivateAndSingleAz() {
        account.productionInstance("orders-prod", true);
        account.manualSnapshot("orders-prod", "orders-nightly-1");

        step(account.rds(), now).restore(state("exec-1"));

        DBInstance db = account.rds().describeDBInstances(r -> r.dbInstanceIdentifier(TemporaryInstanceName.of("orders",
                "exec-1"))).dbInstances().get(0);
        assertThat(db.tagList()).extracting(Tag::key, Tag::value).contains(
                tuple(DrillTags.TEMPORARY, "true"), tuple(DrillTags.DRILL, "orders"),
                tuple(DrillTags.EXECUTION, "exec-1"), tuple(DrillTags.EXPIRES_AT, now.plus(Duration.ofHours(6)).toString()));
        assertThat(Boolean.TRUE.equals(db.publiclyAccessible())).isFalse();
        assertThat(Boolean.TRUE.equals(db.multiAZ())).isFalse();
        assertThat(db.masterUserSecret()).isNull(); // turned on by the status step, once the instance is available
        assertThat(db.dbInstanceClass()).isEqualTo("db.t4g.medium");
        assertThat(account.requests().requests("RestoreDBInstanceFromDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("PubliclyAccessible", "false")
                        .doesNotContainKey("ManageMasterUserPassword"));
    }

    @Test
    void twoDrillsWithALongSharedNamePrefixGetTheirOwnInstancesInOneExecution() {
        String a = "orders-replica-eu-west-1-nightly-full-a";
        String b = "orders-replica-eu-west-1-nightly-full-b";
        account.productionInstance("orders-prod", true);
        account.manualSnapshot("orders-prod", "orders-nightly-1");

        String idA = step(account.rds(), now).restore(DrillStates.snapshotDrill(a, "orders-prod", "", "",
                account.securityGroupId(), "exec-1")).instance().orElseThrow().id();
        String idB = step(account.rds(), now).restore(DrillStates.snapshotDrill(b, "orders-prod", "", "",
                account.securityGroupId(), "exec-1")).instance().orElseThrow().id();

        // Both names are cut to the same prefix; the hash of drill and execution tells them apart.
        assertThat(idA).isNotEqualTo(idB);
        assertThat(idA.substring(0, idA.lastIndexOf('-'))).isEqualTo(idB.substring(0, idB.lastIndexOf('-')));
        assertThat(account.rds().describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier)
                .containsExactlyInAnyOrder("orders-prod", idA, idB);
        assertThat(account.rds().describeDBInstances(r -> r.dbInstanceIdentifier(idB)).dbInstances().get(0).tagList())
                .extracting(Tag::key, Tag::value).contains(tuple(DrillTags.DRILL, b));
    }

    @Test
    void anInstanceOfAnotherDrillUnderTheDrillsNameIsRefusedAndLeftAlone() {
        account.productionInstance("orders-prod", true);
        account.manualSnapshot("orders-prod", "orders-nightly-1");
        String id = TemporaryInstanceName.of("orders", "exec-1");
        account.rds().createDBInstance(r -> r.dbInstanceIdentifier(id).engine("postgres").dbInstanceClass("db.t4g.micro")
                .masterUsername("app").masterUserPassword("not-a-secret-1").allocatedStorage(20).tags(
                        Tag.builder().key(DrillTags.TEMPORARY).value("true").build(),
                        Tag.builder().key(DrillTags.DRILL).value("billing").build(),
                        Tag.builder().key(DrillTags.EXECUTION).value("exec-1").build()));
        account.requests().clear();

        assertThatThrownBy(() -> step(account.rds(), now).restore(state("exec-1")))
                .isInstanceOf(InstanceConflictException.class)
                .hasMessageContaining(id).hasMessageContaining(DrillTags.DRILL + "=billing");
        assertThat(account.requests().actions()).allSatisfy(action -> assertThat(action).startsWith("Describe"));
        assertThat(account.rds().describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0).tagList())
                .extracting(Tag::key, Tag::value).contains(tuple(DrillTags.DRILL, "billing"));
    }

    @Test
    void restoresTheSurvivingSnapshotOfADeletedProductionInstanceAndTheAuditSaysItIsGone() {
        account.productionInstance("orders-prod", false);
        account.manualSnapshot("orders-prod", "orders-nightly-1");
        account.rds().deleteDBInstance(r -> r.dbInstanceIdentifier("orders-prod").skipFinalSnapshot(true)
                .deleteAutomatedBackups(true));

        DrillState restored = step(account.rds(), now).restore(state("exec-1"));

        assertThat(restored.backup().orElseThrow().identifier()).isEqualTo("orders-nightly-1");
        assertThat(restored.instance().orElseThrow().id()).isEqualTo(TemporaryInstanceName.of("orders", "exec-1"));
        assertThat(restored.audit()).hasValueSatisfying(a -> {
            assertThat(a.productionInstanceExists()).isFalse();
            assertThat(a.deletionProtection()).isEmpty();
            assertThat(a.findings()).anySatisfy(f -> assertThat(f)
                    .contains("Production instance orders-prod does not exist (any more)"));
        });
        // Found with the db-instance-id filter (moto would also answer DBInstanceIdentifier; RDS documents that
        // parameter as requiring an existing instance).
        assertThat(account.requests().requests("DescribeDBSnapshots")).allSatisfy(r -> assertThat(r)
                .containsEntry("Filters.Filter.1.Name", "db-instance-id").doesNotContainKey("DBInstanceIdentifier"));
    }

    @Test
    void onlyAutomatedSnapshotsAreRefusedAndTheAuditSaysWhy() {
        account.productionInstance("orders-prod", false);

        assertThatThrownBy(() -> step(account.rds(), now).restore(state("exec-1")))
                .isInstanceOf(NoIndependentBackupException.class)
                .hasMessageContaining("automated snapshots die with the instance")
                .hasMessageContaining("allowAutomated: true")
                .hasMessageContaining("Deletion protection is off on orders-prod")
                .hasMessageContaining("The only backups of orders-prod are automated snapshots");
        assertThat(account.rds().describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier)
                .containsExactly("orders-prod");
    }

    @Test
    void automatedSnapshotsAreRestoredWhenTheSpecAllowsThem() {
        account.productionInstance("orders-prod", true);

        DrillState restored = step(account.rds(), now).restore(DrillStates.snapshotDrill("orders", "orders-prod",
                ", \"allowAutomated\": true", "", account.securityGroupId(), "exec-1"));

        assertThat(restored.backup()).hasValueSatisfying(b -> {
            assertThat(b.type()).isEqualTo("automated");
            assertThat(b.independent()).isFalse();
        });
        assertThat(restored.audit()).hasValueSatisfying(a -> {
            assertThat(a.onlyAutomatedBackups()).isTrue();
            assertThat(a.findings()).anySatisfy(f -> assertThat(f).contains("allowAutomated is on"));
        });
        assertThat(restored.instance()).isPresent();
    }

    @Test
    void retryingTheRestoreCreatesNoSecondInstance() {
        account.productionInstance("orders-prod", true);
        account.manualSnapshot("orders-prod", "orders-nightly-1");
        RestoreStep step = step(account.rds(), now);

        DrillState first = step.restore(state("exec-1"));
        DrillState second = step(account.rds(), now.plusSeconds(90)).restore(state("exec-1"));

        assertThat(second.instance().orElseThrow().id()).isEqualTo(first.instance().orElseThrow().id());
        // The adopted instance keeps the expiry its first attempt gave it.
        assertThat(second.instance().orElseThrow().expiresAt()).isEqualTo(first.instance().orElseThrow().expiresAt());
        assertThat(account.rds().describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier)
                .containsExactlyInAnyOrder("orders-prod", first.instance().orElseThrow().id());
    }

    @Test
    void aBackupOlderThanAllowedFailsSayingHowOld() {
        account.productionInstance("orders-prod", true);
        account.manualSnapshot("orders-prod", "orders-nightly-1");
        DrillState state = DrillStates.snapshotDrill("orders", "orders-prod", "", ", \"maxBackupAgeHours\": 26",
                account.securityGroupId(), "exec-1");

        assertThatThrownBy(() -> step(account.rds(), now.plus(Duration.ofHours(30))).restore(state))
                .isInstanceOf(BackupTooOldException.class)
                .hasMessageMatching("(?s).*orders-nightly-1 \\(manual, created .*\\), is 30\\.\\d+ hours old; the drill"
                        + " allows at most 26\\.0 hours.*")
                .hasMessageContaining("older than the allowed 26.0 hours");
        assertThat(account.rds().describeDBInstances().dbInstances()).hasSize(1);
    }

    @Test
    void anAwsBackupSnapshotNewerThanASharedOneIsChosen() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            String sharedArn = "arn:aws:rds:us-east-1:" + RdsQueryApiStub.BACKUP_ACCOUNT + ":snapshot:orders-copy";
            stub.snapshots("shared", RdsQueryApiStub.snapshot(sharedArn, sharedArn, "shared",
                    now.minus(Duration.ofHours(5)), "available", "orders-prod", null));
            String backupArn = "arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-0a1b2c";
            stub.snapshots("awsbackup", RdsQueryApiStub.snapshot("awsbackup:job-0a1b2c", backupArn, "awsbackup",
                    now.minus(Duration.ofHours(2)), "available", "orders-prod", null));
            stub.snapshots("automated", RdsQueryApiStub.snapshot("rds:orders-prod-x", "arn:aws:rds:us-east-1:123456789012:snapshot:rds:orders-prod-x",
                    "automated", now.minus(Duration.ofHours(1)), "available", "orders-prod", null));
            stub.answer("RestoreDBInstanceFromDBSnapshot", RdsQueryApiStub.instance("x", "creating", Map.of()));

            DrillState restored = step(stub.client(), now).restore(state("exec-1"));

            assertThat(restored.backup()).hasValueSatisfying(b -> {
                assertThat(b.type()).isEqualTo("aws-backup");
                assertThat(b.ageHours()).isEqualTo(2.0);
            });
            assertThat(restored.instance().orElseThrow().status()).isEqualTo(InstanceStatus.CREATING);
            assertThat(restored.audit().orElseThrow().findings()).anySatisfy(f -> assertThat(f)
                    .contains("Production instance orders-prod does not exist"));
            assertThat(stub.requests("RestoreDBInstanceFromDBSnapshot")).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("DBSnapshotIdentifier", "awsbackup:job-0a1b2c"));
        }
    }

    @Test
    void aNewerSharedSnapshotIsChosenAndRestoredByItsArn() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            String sharedArn = "arn:aws:rds:us-east-1:" + RdsQueryApiStub.BACKUP_ACCOUNT + ":snapshot:orders-copy";
            stub.snapshots("shared", RdsQueryApiStub.snapshot(sharedArn, sharedArn, "shared",
                    now.minus(Duration.ofHours(1)), "available", "orders-prod", null));
            stub.snapshots("manual", RdsQueryApiStub.snapshot("orders-old", "arn:aws:rds:us-east-1:123456789012:snapshot:orders-old",
                    "manual", now.minus(Duration.ofHours(20)), "available", "orders-prod", null));
            stub.answer("RestoreDBInstanceFromDBSnapshot", RdsQueryApiStub.instance("x", "creating", Map.of()));

            DrillState restored = step(stub.client(), now).restore(state("exec-1"));

            assertThat(restored.backup().orElseThrow().type()).isEqualTo("shared");
            assertThat(stub.requests("RestoreDBInstanceFromDBSnapshot")).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("DBSnapshotIdentifier", sharedArn));
        }
    }

    @Test
    void aSharedSnapshotEncryptedWithAForeignKeyFailsNamingTheCopyStep() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            String sharedArn = "arn:aws:rds:us-east-1:" + RdsQueryApiStub.BACKUP_ACCOUNT + ":snapshot:orders-copy";
            stub.snapshots("shared", RdsQueryApiStub.snapshot(sharedArn, sharedArn, "shared",
                    now.minus(Duration.ofHours(1)), "available", "orders-prod",
                    "arn:aws:kms:us-east-1:" + RdsQueryApiStub.BACKUP_ACCOUNT + ":key/theirs"));

            assertThatThrownBy(() -> step(stub.client(), now).restore(state("exec-1")))
                    .isInstanceOf(SnapshotNeedsCopyException.class)
                    .hasMessageContaining("aws rds copy-db-snapshot")
                    .hasMessageContaining("--kms-key-id");
            assertThat(stub.requests("RestoreDBInstanceFromDBSnapshot")).isEmpty();
        }
    }

    @Test
    void s3DumpsGetABlankInstanceAndNoSnapshotAudit() {
        DrillState restored = step(account.rds(), now).restore(DrillStates.dumpDrill(account.securityGroupId(), "exec-9"));

        assertThat(restored.backup()).isEmpty();
        assertThat(restored.audit()).isEmpty();
        assertThat(restored.instance()).hasValueSatisfying(i -> {
            assertThat(i.id()).isEqualTo(TemporaryInstanceName.of("shop", "exec-9"));
            assertThat(i.masterUsername()).contains("drill");
        });
        DBInstance db = account.rds().describeDBInstances(r -> r.dbInstanceIdentifier(TemporaryInstanceName.of("shop",
                "exec-9"))).dbInstances().get(0);
        assertThat(db.storageEncrypted()).isTrue();
        assertThat(db.backupRetentionPeriod()).isZero();
    }

    @Test
    void theIdentifierIsAValidRdsNameForLongDrillNamesAndOddExecutionIds() {
        String longName = "a-very-long-drill-name-of-forty-chars-xy";
        String oddExecution = "arn:aws:states:us-east-1:123456789012:execution:Nightly_Drill:2026-11-26T03:00:00Z/Ü#1";
        account.productionInstance("orders-prod", true);
        account.manualSnapshot("orders-prod", "orders-nightly-1");

        DrillState restored = step(account.rds(), now).restore(DrillStates.snapshotDrill(longName, "orders-prod", "", "",
                account.securityGroupId(), oddExecution));

        String id = restored.instance().orElseThrow().id();
        assertThat(longName).hasSize(40);
        assertThat(id).hasSizeLessThanOrEqualTo(63)
                .matches("[a-z][a-z0-9-]*[a-z0-9]")
                .doesNotContain("--")
                .startsWith(TemporaryInstanceName.PREFIX)
                .isEqualTo(TemporaryInstanceName.of(longName, oddExecution));
        assertThat(account.rds().describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances()).hasSize(1);
    }

    private DrillState state(String execution) {
        return DrillStates.snapshotDrill("orders-prod", account.securityGroupId(), execution);
    }

    private static RestoreStep step(RdsClient rds, Instant now) {
        return new RestoreStep(new RdsSnapshotCatalog(rds), new RdsInstanceLauncher(rds), new RdsTemporaryInstances(rds),
                new RdsSnapshotCopies(rds), Clock.fixed(now, ZoneOffset.UTC));
    }
}
