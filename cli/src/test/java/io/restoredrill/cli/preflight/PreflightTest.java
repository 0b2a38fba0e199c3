package io.restoredrill.cli.preflight;

import io.restoredrill.cli.preflight.PermissionSimulator.AccessQuestion;
import io.restoredrill.cli.preflight.PermissionSimulator.Evaluation;
import io.restoredrill.cli.preflight.SnapshotListing.SnapshotType;
import io.restoredrill.cli.preflight.SnapshotListing.VisibleSnapshot;
import io.restoredrill.core.aws.FunctionCall;
import io.restoredrill.core.domain.RdsCapacity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the preflight over in-memory ports: what AWS states moto cannot produce (shared snapshots of another
 * account, keys pending deletion, unconfirmed subscriptions, SCP denials) and how each becomes a line with a fix.
 */
class PreflightTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final String ACCOUNT = "123456789012";
    private static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/backup";
    private static final String COPY_KEY = "arn:aws:kms:eu-west-1:123456789012:key/drill-copies";

    private final Map<SnapshotType, List<VisibleSnapshot>> snapshots = new EnumMap<>(SnapshotType.class);
    private final Map<String, KeyDescriptions.KeyState> keys = new HashMap<>();
    private final List<AccessQuestion> questions = new ArrayList<>();
    private final Map<String, String> decisions = new HashMap<>();
    private final List<String> deniedResources = new ArrayList<>();
    private TopicSubscriptions.Count subscriptions = new TopicSubscriptions.Count(1, 0);
    private final Map<String, String> validateEnvironment = new HashMap<>();
    private final Map<String, String> planEnvironment = new HashMap<>(Map.of(Preflight.MAX_CONCURRENCY, "10"));
    private RdsCapacity capacity = new RdsCapacity(OptionalLong.of(40), 3, OptionalLong.of(100_000), 500);
    private RuntimeException snapshotFailure;
    /** Functions the stack under test lacks (a stack without awsBackupRestoreTesting has no restore-test ones). */
    private final java.util.Set<String> undeployed = new java.util.HashSet<>();

    @Test
    void aSharedEncryptedSnapshotWithoutCopyFailsNamingTheCopyStep() {
        snapshots.put(SnapshotType.SHARED, List.of(snapshot("orders-backup-1", SnapshotType.SHARED, 2, Optional.of(KEY))));

        List<CheckResult> results = run(drill(Optional.empty(), false));

        CheckResult key = only(results, "orders", "snapshot key usable");
        assertThat(key.passed()).isFalse();
        assertThat(key.detail()).contains("orders-backup-1 is shared and encrypted")
                .contains("only from a copy in this account");
        assertThat(key.fix()).hasValueSatisfying(fix -> assertThat(fix)
                .contains("source.rdsSnapshot.copyShared: { kmsKeyId: <a key of account " + ACCOUNT + "> }"));
    }

    @Test
    void aSharedEncryptedSnapshotWithACopyKeyAsksAboutBothKeysAndTheRolesThatUseThem() {
        snapshots.put(SnapshotType.SHARED, List.of(snapshot("orders-backup-1", SnapshotType.SHARED, 2, Optional.of(KEY))));
        keys.put(KEY, new KeyDescriptions.KeyState(KEY, "Enabled"));
        keys.put(COPY_KEY, new KeyDescriptions.KeyState(COPY_KEY, "Enabled"));

        List<CheckResult> results = run(drill(Optional.of(COPY_KEY), false));

        assertThat(only(results, "orders", "snapshot key usable").passed()).isTrue();
        assertThat(only(results, "orders", "copy key usable").passed()).isTrue();
        assertThat(questions).filteredOn(q -> q.resources().equals(List.of(COPY_KEY)))
                .extracting(q -> q.principalArn() + " " + q.action())
                .containsExactlyInAnyOrder(role("restore") + " kms:CreateGrant", role("restore") + " kms:DescribeKey",
                        role("status") + " kms:CreateGrant", role("status") + " kms:DescribeKey");
        // RDS uses the key on the role's behalf: the question carries the context of a forward access session.
        assertThat(questions).filteredOn(q -> q.action().startsWith("kms:")).allSatisfy(q -> assertThat(q.context())
                .containsEntry("kms:ViaService", List.of("rds.eu-west-1.amazonaws.com"))
                .containsEntry("aws:CalledVia", List.of("rds.amazonaws.com"))
                .containsEntry("kms:CallerAccount", List.of(ACCOUNT)));
    }

    @Test
    void aKeyPendingDeletionFailsWithHowToCancelIt() {
        snapshots.put(SnapshotType.MANUAL, List.of(snapshot("orders-1", SnapshotType.MANUAL, 3, Optional.of(KEY))));
        keys.put(KEY, new KeyDescriptions.KeyState(KEY, "PendingDeletion"));

        CheckResult key = only(run(drill(Optional.empty(), false)), "orders", "snapshot key usable");

        assertThat(key.passed()).isFalse();
        assertThat(key.detail()).isEqualTo("KMS key " + KEY + " is PendingDeletion");
        assertThat(key.fix()).contains("aws kms cancel-key-deletion --key-id " + KEY + ", then aws kms enable-key");
    }

    @Test
    void aKeyThisAccountCannotDescribeFailsNamingTheKeyPolicy() {
        snapshots.put(SnapshotType.MANUAL, List.of(snapshot("orders-1", SnapshotType.MANUAL, 3, Optional.of(KEY))));

        CheckResult key = only(run(drill(Optional.empty(), false)), "orders", "snapshot key usable");

        assertThat(key.passed()).isFalse();
        assertThat(key.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("its key policy must allow account "
                + ACCOUNT));
    }

    @Test
    void aKeyTheRestoreRoleMayNotUseFailsWithTheGrantToAdd() {
        snapshots.put(SnapshotType.MANUAL, List.of(snapshot("orders-1", SnapshotType.MANUAL, 3, Optional.of(KEY))));
        keys.put(KEY, new KeyDescriptions.KeyState(KEY, "Enabled"));
        decisions.put("kms:CreateGrant", "implicitDeny");

        CheckResult key = only(run(drill(Optional.empty(), false)), "orders", "snapshot key usable");

        assertThat(key.passed()).isFalse();
        assertThat(key.detail()).contains("restore kms:CreateGrant: implicitDeny on " + KEY);
        assertThat(key.fix()).hasValueSatisfying(fix -> assertThat(fix).startsWith("grant the roles kms:CreateGrant"));
    }

    @Test
    void theNewestAvailableSnapshotIsTheOneTheDrillWouldRestore() {
        snapshots.put(SnapshotType.MANUAL, List.of(
                snapshot("orders-old", SnapshotType.MANUAL, 50, Optional.of("arn:aws:kms:eu-west-1:123456789012:key/old")),
                new VisibleSnapshot("orders-creating", "arn:aws:rds:eu-west-1:123456789012:snapshot:orders-creating",
                        SnapshotType.MANUAL, "creating", Optional.of(NOW), true, Optional.of("other"))));
        snapshots.put(SnapshotType.AWS_BACKUP, List.of(snapshot("awsbackup:job-1", SnapshotType.AWS_BACKUP, 5,
                Optional.empty())));

        CheckResult visible = only(run(drill(Optional.empty(), false)), "orders", "snapshots visible");

        assertThat(visible.passed()).isTrue();
        assertThat(visible.detail()).isEqualTo("1 manual, 1 awsbackup of orders-prod; newest awsbackup:job-1"
                + " (awsbackup, 5.0 h old)");
    }

    @Test
    void automatedSnapshotsCountOnlyWhenTheDrillAllowsThem() {
        snapshots.put(SnapshotType.AUTOMATED, List.of(snapshot("rds:orders-1", SnapshotType.AUTOMATED, 1, Optional.empty())));

        assertThat(only(run(drill(Optional.empty(), false)), "orders", "snapshots visible").passed()).isFalse();
        assertThat(only(run(drill(Optional.empty(), true)), "orders", "snapshots visible").passed()).isTrue();
    }

    @Test
    void aSubscriptionPendingConfirmationIsNotConfirmed() {
        subscriptions = new TopicSubscriptions.Count(0, 1);

        CheckResult alarm = only(run(drill(Optional.empty(), false)), "stack", "alarm subscription");

        assertThat(alarm.passed()).isFalse();
        assertThat(alarm.detail()).startsWith("0 confirmed, 1 pending confirmation");
        assertThat(alarm.fix()).hasValueSatisfying(fix -> assertThat(fix).startsWith("confirm the subscription"));
    }

    @Test
    void aDeniedManifestCallFailsAndItsQuestionCarriesTheResolvedArnAndTheTargetsTags() {
        FunctionCall call = new FunctionCall("cleanup", "rds:DeleteDBInstance",
                List.of("arn:${Partition}:rds:${Region}:${Account}:db:restore-drill-x"), Map.of(),
                Map.of("restore-drill:temporary", "true"), "deletes the temporary instance");
        decisions.put("rds:DeleteDBInstance", "explicitDeny");

        List<CheckResult> results = run(List.of(call), drill(Optional.empty(), false));

        CheckResult delete = only(results, "cleanup", "rds:DeleteDBInstance");
        assertThat(delete.passed()).isFalse();
        assertThat(delete.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("an explicit Deny decides it"));
        assertThat(questions).filteredOn(q -> q.action().equals("rds:DeleteDBInstance")).singleElement()
                .satisfies(q -> {
                    assertThat(q.resources()).containsExactly("arn:aws:rds:eu-west-1:" + ACCOUNT + ":db:restore-drill-x");
                    assertThat(q.context()).containsEntry("aws:ResourceTag/restore-drill:temporary", List.of("true"));
                });
    }

    @Test
    void aDrillsOwnSubnetGroupOutsideTheRestoreGrantFailsForThatDrill() {
        snapshots.put(SnapshotType.MANUAL, List.of(snapshot("orders-1", SnapshotType.MANUAL, 3, Optional.empty())));
        FunctionCall restore = new FunctionCall("restore", "rds:RestoreDBInstanceFromDBSnapshot", List.of(
                "arn:${Partition}:rds:${Region}:${Account}:db:restore-drill-orders-0123456789ab",
                "arn:${Partition}:rds:${Region}:${Account}:snapshot:orders-manual-2026-11-25",
                "arn:${Partition}:rds:${Region}:${Account}:subgrp:restore-drill-subnets"),
                Map.of("rds:PubliclyAccessible", List.of("false")), Map.of(), "restores the snapshot");
        deniedResources.add(":subgrp:drill-own");

        List<CheckResult> results = run(List.of(restore), new PreflightDrill("orders", Optional.of(
                new PreflightDrill.SnapshotSource("orders-prod", false, Optional.empty())), "drill-own", List.of()));

        // The manifest's own question (the stack's subnet group) passes; the drill's, with its own group, does not.
        assertThat(only(results, "restore", "rds:RestoreDBInstanceFromDBSnapshot").passed()).isTrue();
        CheckResult drill = only(results, "orders", "restore may RestoreDBInstanceFromDBSnapshot");
        assertThat(drill.passed()).isFalse();
        assertThat(drill.detail()).contains("implicitDeny on arn:aws:rds:eu-west-1:123456789012:subgrp:drill-own");
        assertThat(questions).filteredOn(q -> q.resources().stream().anyMatch(r -> r.contains("drill-own")))
                .singleElement().satisfies(q -> {
                    assertThat(q.resources()).containsExactly(
                            "arn:aws:rds:eu-west-1:123456789012:db:" + io.restoredrill.core.domain.TemporaryInstanceName
                                    .of("orders", "preflight"),
                            "arn:aws:rds:eu-west-1:123456789012:snapshot:orders-1",
                            "arn:aws:rds:eu-west-1:123456789012:subgrp:drill-own");
                    assertThat(q.context()).containsEntry("rds:PubliclyAccessible", List.of("false"));
                });
        assertThat(drill.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("leave target.rds.dbSubnetGroupName out"));
    }

    @Test
    void aManifestPlaceholderThePreflightCannotFillFailsInsteadOfAskingAboutIt() {
        FunctionCall call = new FunctionCall("restore", "kms:CreateGrant", List.of("arn:${Partition}:kms:${Region}:"
                + "${Account}:key/${DrillKey}"), Map.of(), Map.of(), "uses the drill's key");

        CheckResult grant = only(run(List.of(call), drill(Optional.empty(), false)), "restore", "kms:CreateGrant");

        assertThat(grant.passed()).isFalse();
        assertThat(grant.detail()).contains("${DrillKey}");
        assertThat(questions).noneMatch(q -> q.action().equals("kms:CreateGrant"));
    }

    @Test
    void aCheckThatCannotAskAwsFailsWithTheErrorAndTheOtherChecksStillRun() {
        snapshotFailure = new IllegalStateException("AccessDenied: not authorized to perform rds:DescribeDBSnapshots");

        List<CheckResult> results = run(drill(Optional.empty(), false));

        CheckResult visible = only(results, "orders", "snapshots visible");
        assertThat(visible.passed()).isFalse();
        assertThat(visible.detail()).isEqualTo("could not check: IllegalStateException: AccessDenied: not authorized to"
                + " perform rds:DescribeDBSnapshots");
        assertThat(only(results, "orders", "subnet group covers two AZs").passed()).isTrue();
    }

    @Test
    void aCaBundleNamedInsideThePackageIsLookedForThere() {
        validateEnvironment.put("RDS_CA_BUNDLE", "/var/task/certs/rds.pem");

        assertThat(only(run(drill(Optional.empty(), false)), "stack", "RDS CA bundle in validate").detail())
                .startsWith("certs/rds.pem in validate-fn (1 certificates)");

        validateEnvironment.put("RDS_CA_BUNDLE", "/opt/rds.pem");
        CheckResult outside = only(run(drill(Optional.empty(), false)), "stack", "RDS CA bundle in validate");
        assertThat(outside.passed()).isFalse();
        assertThat(outside.detail()).contains("outside the deployment package");
    }

    @Test
    void aQuotaThatLeavesRoomForTheConfiguredConcurrencyPasses() {
        capacity = new RdsCapacity(OptionalLong.of(40), 22, OptionalLong.of(100_000), 3_500);

        CheckResult quota = only(run(drill(Optional.empty(), false)), "stack", "RDS quota leaves room");

        assertThat(quota.status()).isEqualTo(CheckResult.Status.PASS);
        assertThat(quota.detail()).isEqualTo("the RDS quota of 40 DB instances leaves 18 now (22 in use); storage quota"
                + " 100000 GiB, 3500 GiB in use: room for 10 drills at a time (MAX_CONCURRENCY)");
    }

    @Test
    void aQuotaThatLeavesLessThanTheConcurrencyWarnsThatDrillsQueueAndHowMany() {
        planEnvironment.put(Preflight.MAX_CONCURRENCY, "40");
        capacity = new RdsCapacity(OptionalLong.of(40), 22, OptionalLong.empty(), 0);

        List<CheckResult> results = run(drill(Optional.empty(), false));
        CheckResult quota = only(results, "stack", "RDS quota leaves room");

        assertThat(quota.status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(quota.passed()).as("a warning is not a failure").isTrue();
        assertThat(quota.detail()).isEqualTo("the RDS quota of 40 DB instances leaves 18 now (22 in use): drills will"
                + " queue, 18 at a time instead of 40 (MAX_CONCURRENCY)");
        assertThat(quota.fix()).hasValueSatisfying(fix -> assertThat(fix)
                .contains("\"DB instances\" quota in Service Quotas (Amazon RDS; at least 62 runs 40 drills at a time)")
                .contains("-c maxConcurrency=18"));
    }

    @Test
    void aQuotaUsedUpFailsBecauseNoDrillCouldStart() {
        capacity = new RdsCapacity(OptionalLong.of(40), 40, OptionalLong.empty(), 0);

        CheckResult quota = only(run(drill(Optional.empty(), false)), "stack", "RDS quota leaves room");

        assertThat(quota.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(quota.detail()).isEqualTo("the RDS quota of 40 DB instances leaves 0 now (40 in use): no drill can"
                + " start; the night fails at its plan step");
        assertThat(quota.fix()).hasValueSatisfying(fix -> assertThat(fix).startsWith("delete DB instances no longer"
                + " needed, or ask for a higher \"DB instances\" quota"));
    }

    @Test
    void storageUsedUpFailsEvenWithInstancesLeft() {
        capacity = new RdsCapacity(OptionalLong.of(40), 3, OptionalLong.of(1_000), 1_000);

        CheckResult quota = only(run(drill(Optional.empty(), false)), "stack", "RDS quota leaves room");

        assertThat(quota.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(quota.detail()).isEqualTo("the RDS quota of 40 DB instances leaves 37 now (3 in use); storage quota"
                + " 1000 GiB, 1000 GiB in use: the storage quota is used up, no instance can be created");
        assertThat(quota.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("Total storage for all DB instances"));
    }

    @Test
    void noInstanceQuotaReportedPassesAtTheConfiguredConcurrency() {
        capacity = new RdsCapacity(OptionalLong.empty(), 7, OptionalLong.empty(), 0);

        CheckResult quota = only(run(drill(Optional.empty(), false)), "stack", "RDS quota leaves room");

        assertThat(quota.status()).isEqualTo(CheckResult.Status.PASS);
        assertThat(quota.detail()).isEqualTo("RDS reports no DB instance quota: room for 10 drills at a time"
                + " (MAX_CONCURRENCY)");
    }

    @Test
    void storageForTheLargestBlankInstanceLowersTheConcurrencyAsThePlanDoes() {
        capacity = new RdsCapacity(OptionalLong.of(40), 3, OptionalLong.of(1_000), 700);
        PreflightDrill s3Dumps = new PreflightDrill("billing", Optional.empty(), "subnets", List.of(), 100);

        CheckResult quota = only(run(List.of(), s3Dumps), "stack", "RDS quota leaves room");

        // 300 GiB left / 100 GiB a blank instance: 3 at a time, though the instance quota leaves 37.
        assertThat(quota.status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(quota.detail()).isEqualTo("the RDS quota of 40 DB instances leaves 37 now (3 in use); storage quota"
                + " 1000 GiB, 700 GiB in use, 100 GiB a blank instance: drills will queue, 3 at a time instead of 10"
                + " (MAX_CONCURRENCY) (storage)");
        assertThat(quota.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("Total storage for all DB instances")
                .contains("-c maxConcurrency=3"));
    }

    @Test
    void storageThatCannotHoldOneBlankInstanceFails() {
        capacity = new RdsCapacity(OptionalLong.of(40), 3, OptionalLong.of(1_000), 950);
        PreflightDrill s3Dumps = new PreflightDrill("billing", Optional.empty(), "subnets", List.of(), 100);

        CheckResult quota = only(run(List.of(), s3Dumps), "stack", "RDS quota leaves room");

        assertThat(quota.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(quota.detail()).endsWith(": no drill can start; the night fails at its plan step (storage)");
    }

    @Test
    void aPlanFunctionWithoutMaxConcurrencyFailsWithTheDeployStep() {
        planEnvironment.remove(Preflight.MAX_CONCURRENCY);

        CheckResult quota = only(run(drill(Optional.empty(), false)), "stack", "RDS quota leaves room");

        assertThat(quota.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(quota.detail()).isEqualTo("the plan function's MAX_CONCURRENCY is not set");
        assertThat(quota.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("-c maxConcurrency=N"));
    }

    @Test
    void aCallOnTheDeployedDrillListAsksAboutTheListThePlanFunctionReads() {
        planEnvironment.put(Preflight.DRILL_LIST_BUCKET, "cdk-assets-123456789012-eu-west-1");
        planEnvironment.put(Preflight.DRILL_LIST_KEY, "0a1b2c.json");
        FunctionCall read = new FunctionCall("plan", "s3:GetObject",
                List.of("arn:${Partition}:s3:::${DrillListBucket}/${DrillListKey}"), Map.of(), Map.of(), "reads the list");

        CheckResult result = only(run(List.of(read), drill(Optional.empty(), false)), "plan", "s3:GetObject");

        assertThat(result.status()).isEqualTo(CheckResult.Status.PASS);
        assertThat(questions).filteredOn(q -> q.action().equals("s3:GetObject")).singleElement()
                .satisfies(q -> {
                    assertThat(q.principalArn()).isEqualTo(role("plan"));
                    assertThat(q.resources()).containsExactly("arn:aws:s3:::cdk-assets-123456789012-eu-west-1/0a1b2c.json");
                });
    }

    @Test
    void aCallOnTheDrillListFailsWhenNothingSaysWhereTheListIs() {
        FunctionCall read = new FunctionCall("plan", "s3:GetObject",
                List.of("arn:${Partition}:s3:::${DrillListBucket}/${DrillListKey}"), Map.of(), Map.of(), "reads the list");

        CheckResult result = only(run(List.of(read), drill(Optional.empty(), false)), "plan", "s3:GetObject");

        assertThat(result.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(result.detail()).contains("neither the plan function (DRILL_LIST_BUCKET, DRILL_LIST_KEY) nor the"
                + " schedule says where it is");
        assertThat(questions).noneMatch(q -> q.action().equals("s3:GetObject"));
    }

    @Test
    void aStackWithoutAwsBackupRestoreTestingPassesTheRestoreTestFunctionsCallsButAMissingDrillFunctionFails() {
        undeployed.addAll(List.of("restore-test-adopt", "restore-test-report", "cleanup"));
        List<FunctionCall> manifest = List.of(
                new FunctionCall("restore-test-report", "backup:PutRestoreValidationResult", List.of("*"), Map.of(),
                        Map.of(), "reports"),
                new FunctionCall("cleanup", "rds:DeleteDBInstance",
                        List.of("arn:${Partition}:rds:${Region}:${Account}:db:restore-drill-orders-0123456789ab"),
                        Map.of(), Map.of(), "deletes"));

        List<CheckResult> results = run(manifest, drill(Optional.empty(), false));

        CheckResult report = only(results, "restore-test-report", "backup:PutRestoreValidationResult");
        assertThat(report.status()).isEqualTo(CheckResult.Status.PASS);
        assertThat(report.detail()).contains("awsBackupRestoreTesting is off");
        assertThat(only(results, "cleanup", "rds:DeleteDBInstance").status()).isEqualTo(CheckResult.Status.FAIL);
    }

    private List<CheckResult> run(PreflightDrill drill) {
        return run(List.of(), drill);
    }

    private List<CheckResult> run(List<FunctionCall> manifest, PreflightDrill drill) {
        Map<String, DeployedStack.DeployedFunction> functions = new LinkedHashMap<>();
        for (String function : FunctionCall.FUNCTIONS) {
            if (undeployed.contains(function)) {
                continue;
            }
            functions.put(function, new DeployedStack.DeployedFunction(function + "-fn", "x::handleRequest",
                    role(function), function.equals("validate") ? List.of("sg-validate") : List.of(),
                    function.equals("validate") ? validateEnvironment
                            : function.equals("plan") ? planEnvironment : Map.of()));
        }
        DeployedStack stack = new DeployedStack("restore-drill", "UPDATE_COMPLETE", "aws", "eu-west-1", ACCOUNT,
                Map.of(DeployedStack.STATE_MACHINE_ARN, "arn:aws:states:eu-west-1:123456789012:stateMachine:x",
                        DeployedStack.REPORTS_BUCKET_NAME, "reports",
                        DeployedStack.TEMPORARY_INSTANCE_SECURITY_GROUP_ID, "sg-instances",
                        DeployedStack.TEMPORARY_INSTANCE_SUBNET_GROUP_NAME, "subnets",
                        DeployedStack.ALARM_TOPIC_ARN, "arn:aws:sns:eu-west-1:123456789012:alarms"),
                functions, Optional.of(new DeployedStack.ScheduleRule("nightly", "ENABLED", List.of(drill))));
        SecurityGroups.Rule postgresFromValidate = new SecurityGroups.Rule("tcp", Optional.of(5432), Optional.of(5432),
                List.of("sg-validate"), List.of());
        SecurityGroups.Rule postgresToInstances = new SecurityGroups.Rule("tcp", Optional.of(5432), Optional.of(5432),
                List.of("sg-instances"), List.of());
        Map<String, SecurityGroups.SecurityGroup> groups = Map.of(
                "sg-instances", new SecurityGroups.SecurityGroup("sg-instances", "vpc-1", List.of(postgresFromValidate), List.of()),
                "sg-validate", new SecurityGroups.SecurityGroup("sg-validate", "vpc-1", List.of(), List.of(postgresToInstances)));
        questions.clear();
        Preflight.Ports ports = new Preflight.Ports(
                name -> stack,
                (instance, type) -> {
                    if (snapshotFailure != null) {
                        throw snapshotFailure;
                    }
                    assertThat(instance).isEqualTo("orders-prod");
                    return snapshots.getOrDefault(type, List.of());
                },
                key -> Optional.ofNullable(keys.get(key)),
                name -> Optional.of(new SubnetGroups.SubnetGroup(name, "vpc-1", List.of("eu-west-1a", "eu-west-1b"))),
                id -> Optional.ofNullable(groups.get(id)),
                question -> {
                    questions.add(question);
                    List<Evaluation> evaluations = new ArrayList<>();
                    question.resources().forEach(r -> evaluations.add(new Evaluation(question.action(), r,
                            deniedResources.stream().anyMatch(r::contains) ? "implicitDeny"
                                    : decisions.getOrDefault(question.action(), "allowed"), List.of(), List.of())));
                    return evaluations;
                },
                (function, entry) -> Optional.of("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
                bucket -> true,
                topic -> subscriptions,
                () -> capacity);
        return new Preflight(ports, manifest, () -> NOW).run("restore-drill").results();
    }

    private static PreflightDrill drill(Optional<String> copyKey, boolean allowAutomated) {
        return new PreflightDrill("orders", Optional.of(new PreflightDrill.SnapshotSource("orders-prod", allowAutomated,
                copyKey)), "subnets", List.of());
    }

    private static VisibleSnapshot snapshot(String id, SnapshotType type, int hoursOld, Optional<String> key) {
        String account = type == SnapshotType.SHARED ? "111122223333" : ACCOUNT;
        return new VisibleSnapshot(id, "arn:aws:rds:eu-west-1:" + account + ":snapshot:" + id, type, "available",
                Optional.of(NOW.minusSeconds(hoursOld * 3600L)), key.isPresent(), key);
    }

    private static String role(String function) {
        return "arn:aws:iam::" + ACCOUNT + ":role/restore-drill-" + function;
    }

    private static CheckResult only(List<CheckResult> results, String subject, String check) {
        List<CheckResult> matching = results.stream().filter(r -> r.subject().equals(subject) && r.check().equals(check))
                .toList();
        assertThat(matching).as(subject + " / " + check + " in " + results).hasSize(1);
        return matching.get(0);
    }
}
