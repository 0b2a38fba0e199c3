package io.restoredrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.aws.FunctionCall;
import io.restoredrill.core.aws.FunctionCalls;
import io.restoredrill.infra.RestoreDrillStack.Handler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IAM rules that make deleting a production database impossible, read from the synthesized template's statements.
 * (Whether AWS would allow or deny a given request is the IAM evaluator's job, in the iam package; these tests pin the
 * shape of each statement: which actions, on which resources, under which conditions.) Resource types and condition
 * keys per action: the Service Authorization Reference pages named in {@link DrillPolicies}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeastPrivilegeTest {

    private static final String TEMPORARY_INSTANCES = "arn:${AWS::Partition}:rds:us-east-1:123456789012:db:restore-drill-*";
    private static final String TEMPORARY_COPIES = "arn:${AWS::Partition}:rds:us-east-1:123456789012:snapshot:restore-drill-*";
    private static final String TEMPORARY_CLUSTERS = "arn:${AWS::Partition}:rds:us-east-1:123456789012:cluster:restore-drill-*";
    private static final String TEMPORARY_CLUSTER_COPIES =
            "arn:${AWS::Partition}:rds:us-east-1:123456789012:cluster-snapshot:restore-drill-*";
    private static final String REPORTS_OBJECTS = "${ReportsBucket4E7C5994.Arn}/reports/*";
    private static final String REPORTS_BUCKET = "${ReportsBucket4E7C5994.Arn}";
    private static final String VIA_RDS = "rds.us-east-1.amazonaws.com";
    private Policies policies;

    @BeforeAll
    void synthesize() {
        policies = Policies.of(SynthesizedStack.get());
    }

    @Test
    void everyStatementGrantingDeleteDbInstanceRequiresTheTemporaryTagAndTheDrillPrefix() {
        List<JsonNode> deleting = policies.all().stream()
                .filter(s -> grants(s, "rds:DeleteDBInstance")).toList();
        assertThat(deleting).as("cleanup and reaper delete instances").hasSizeGreaterThanOrEqualTo(2);
        assertThat(deleting).allSatisfy(statement -> {
            assertThat(Policies.condition(statement, "StringEquals", "aws:ResourceTag/restore-drill:temporary")).isEqualTo("true");
            assertThat(Policies.condition(statement, "StringEquals", "rds:db-tag/restore-drill:temporary")).isEqualTo("true");
            assertThat(Policies.resources(statement)).containsExactly(TEMPORARY_INSTANCES);
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        });
    }

    @Test
    void onlyCleanupAndReaperMayDeleteInstances() {
        for (Handler handler : Handler.values()) {
            boolean deletes = policies.of(handler).stream().anyMatch(s -> grants(s, "rds:DeleteDBInstance"));
            assertThat(deletes).as(handler.name()).isEqualTo(handler == Handler.CLEANUP || handler == Handler.REAPER);
        }
    }

    /** Item 8: only the drill's own copies, named restore-drill-* and tagged temporary, may ever be deleted. */
    @Test
    void snapshotsAreDeletedOnlyByCleanupAndReaperAndOnlyWhenNamedAndTaggedAsDrillCopies() {
        for (Handler handler : Handler.values()) {
            List<JsonNode> deleting = policies.of(handler).stream().filter(s -> grants(s, "rds:DeleteDBSnapshot")).toList();
            if (handler != Handler.CLEANUP && handler != Handler.REAPER) {
                assertThat(deleting).as(handler.name()).isEmpty();
                continue;
            }
            assertThat(deleting).as(handler.name()).singleElement().satisfies(statement -> {
                assertThat(Policies.actions(statement)).containsExactly("rds:DeleteDBSnapshot");
                assertThat(Policies.resources(statement)).containsExactly(TEMPORARY_COPIES);
                assertThat(Policies.condition(statement, "StringEquals", "aws:ResourceTag/restore-drill:temporary")).isEqualTo("true");
                assertThat(Policies.condition(statement, "StringEquals", "rds:snapshot-tag/restore-drill:temporary")).isEqualTo("true");
            });
        }
    }

    @Test
    void theOnlyDestructiveRdsActionsAreTagConditionedOnDrillResources() {
        for (JsonNode statement : policies.all()) {
            for (String action : Policies.actions(statement)) {
                assertThat(action).as("wildcard actions hide deletes").isNotIn("*", "rds:*").doesNotEndWith(":*");
                if (statement.get("Effect").asText().equals("Allow")
                        && action.matches("(?i)rds:(Delete|Modify|Remove|Stop|Reboot|Promote|Failover).*")) {
                    assertThat(action).as("the only destructive RDS actions granted")
                            .isIn("rds:DeleteDBInstance", "rds:DeleteDBSnapshot", "rds:ModifyDBInstance",
                                    "rds:DeleteDBCluster", "rds:DeleteDBClusterSnapshot", "rds:ModifyDBCluster");
                    if (isDeleteClusterFinalSnapshotResource(statement)) {
                        // DeleteDBCluster's cluster-snapshot resource is the final snapshot, which does not exist yet
                        // (no tag to ask for); the cluster the same request deletes is tag-conditioned (below).
                        continue;
                    }
                    assertThat(Policies.condition(statement, "StringEquals", "aws:ResourceTag/restore-drill:temporary"))
                            .as(statement.toString()).isEqualTo("true");
                    assertThat(Policies.resources(statement)).as(statement.toString())
                            .allMatch(r -> r.equals(TEMPORARY_INSTANCES) || r.equals(TEMPORARY_COPIES)
                                    || r.equals(TEMPORARY_CLUSTERS) || r.equals(TEMPORARY_CLUSTER_COPIES));
                }
            }
        }
    }

    /** The one unconditioned destructive grant: DeleteDBCluster on the drill-named final snapshot, nothing else. */
    private static boolean isDeleteClusterFinalSnapshotResource(JsonNode statement) {
        return Policies.actions(statement).equals(List.of("rds:DeleteDBCluster"))
                && Policies.resources(statement).equals(List.of(TEMPORARY_CLUSTER_COPIES))
                && statement.get("Condition") == null;
    }

    /** Issue 13: deleting a drill cluster needs the tagged drill cluster; the final-snapshot grant alone deletes nothing. */
    @Test
    void clustersAreDeletedOnlyByCleanupAndReaperAndOnlyWhenNamedAndTaggedAsDrillClusters() {
        for (Handler handler : Handler.values()) {
            List<JsonNode> deleting = policies.of(handler).stream().filter(s -> grants(s, "rds:DeleteDBCluster")).toList();
            if (handler != Handler.CLEANUP && handler != Handler.REAPER) {
                assertThat(deleting).as(handler.name()).isEmpty();
                continue;
            }
            assertThat(deleting).as(handler.name()).hasSize(2);
            assertThat(deleting).filteredOn(s -> !isDeleteClusterFinalSnapshotResource(s)).singleElement()
                    .satisfies(statement -> {
                        assertThat(Policies.resources(statement)).containsExactly(TEMPORARY_CLUSTERS);
                        assertThat(Policies.condition(statement, "StringEquals", "aws:ResourceTag/restore-drill:temporary"))
                                .isEqualTo("true");
                        assertThat(Policies.condition(statement, "StringEquals", "rds:cluster-tag/restore-drill:temporary"))
                                .isEqualTo("true");
                    });
        }
    }

    /** Issue 13: ModifyDBCluster only on tagged drill clusters and only to turn on the managed master password. */
    @Test
    void modifyDbClusterOnlyOnTaggedDrillClustersAndOnlyToManageTheMasterPassword() {
        for (Handler handler : Handler.values()) {
            List<JsonNode> modifying = policies.of(handler).stream().filter(s -> grants(s, "rds:ModifyDBCluster")).toList();
            if (handler != Handler.STATUS) {
                assertThat(modifying).as(handler.name()).isEmpty();
                continue;
            }
            assertThat(modifying).singleElement().satisfies(statement -> {
                assertThat(Policies.actions(statement)).containsExactly("rds:ModifyDBCluster");
                assertThat(Policies.resources(statement)).containsExactly(TEMPORARY_CLUSTERS);
                assertThat(Policies.condition(statement, "Bool", "rds:ManageMasterUserPassword")).isEqualTo("true");
                assertThat(Policies.condition(statement, "StringEquals", "rds:cluster-tag/restore-drill:temporary")).isEqualTo("true");
            });
        }
    }

    /**
     * Item 1: status turns on the managed master password with ModifyDBInstance. SAR: its only condition key is
     * rds:ManageMasterUserPassword; so only on tagged drill instances and only with that key true.
     */
    @Test
    void modifyDbInstanceOnlyOnTaggedDrillInstancesAndOnlyToManageTheMasterPassword() {
        for (Handler handler : Handler.values()) {
            List<JsonNode> modifying = policies.of(handler).stream().filter(s -> grants(s, "rds:ModifyDBInstance")).toList();
            if (handler != Handler.STATUS) {
                assertThat(modifying).as(handler.name()).isEmpty();
                continue;
            }
            assertThat(modifying).singleElement().satisfies(statement -> {
                assertThat(Policies.actions(statement)).containsExactly("rds:ModifyDBInstance");
                assertThat(Policies.resources(statement)).containsExactly(TEMPORARY_INSTANCES);
                assertThat(Policies.condition(statement, "Bool", "rds:ManageMasterUserPassword")).isEqualTo("true");
                assertThat(Policies.condition(statement, "StringEquals", "aws:ResourceTag/restore-drill:temporary")).isEqualTo("true");
                assertThat(Policies.condition(statement, "StringEquals", "rds:db-tag/restore-drill:temporary")).isEqualTo("true");
            });
        }
    }

    @Test
    void noRoleModifiesSharesOrRestoresAnythingElseOfAnySnapshot() {
        // Reading clusters, cluster snapshots and AWS Backup's vaults (the account audit) changes nothing.
        // Issue 13: the Aurora cluster drills' five cluster actions are checked by the tests of their own; any other
        // cluster action (promote, failover, backtrack, modify a cluster snapshot's sharing...) is never granted.
        Pattern snapshotChange = Pattern.compile("(?i)(rds:(Modify|Share)\\w*Snapshot\\w*|rds:DeleteDBInstanceAutomatedBackup"
                + "|rds:(?!Describe|RestoreDBClusterFromSnapshot$|ModifyDBCluster$|DeleteDBCluster$|CopyDBClusterSnapshot$"
                + "|DeleteDBClusterSnapshot$)\\w*DBCluster\\w*|backup:(?!(List|Describe|Get|PutRestoreValidationResult$))\\w*"
                + "|ec2:DeleteSnapshot)");
        // The one AWS Backup write: a restore testing job's validation status, which changes no recovery point.
        assertThat(policies.all()).filteredOn(s -> grants(s, "backup:PutRestoreValidationResult"))
                .allSatisfy(s -> assertThat(policies.of(Handler.RESTORE_TEST_REPORT)).contains(s)).hasSize(1);
        for (JsonNode statement : policies.all()) {
            assertThat(Policies.actions(statement)).noneMatch(a -> snapshotChange.matcher(a).matches());
        }
        for (Handler handler : Handler.values()) {
            boolean copies = policies.of(handler).stream().anyMatch(s -> grants(s, "rds:CopyDBSnapshot")
                    || grants(s, "rds:CopyDBClusterSnapshot"));
            assertThat(copies).as(handler.name()).isEqualTo(handler == Handler.RESTORE);
        }
    }

    /** Item 8: every copy restore makes carries the temporary tag and only the drill's tag keys. */
    @Test
    void snapshotCopiesAreMadeOnlyWithTheTemporaryTagAndTheDrillsTagKeysInTheRequest() {
        List<JsonNode> copying = policies.all().stream().filter(s -> grants(s, "rds:CopyDBSnapshot")).toList();
        assertThat(copying).singleElement().satisfies(statement -> {
            assertThat(Policies.resources(statement)).contains(TEMPORARY_COPIES);
            assertRequestTags(statement);
        });
        List<JsonNode> copyingClusters = policies.all().stream().filter(s -> grants(s, "rds:CopyDBClusterSnapshot")).toList();
        assertThat(copyingClusters).singleElement().satisfies(statement -> {
            assertThat(Policies.resources(statement)).contains(TEMPORARY_CLUSTER_COPIES);
            assertRequestTags(statement);
        });
    }

    @Test
    void instancesAreCreatedOnlyWithTheTemporaryTagAndExplicitlyPrivate() {
        List<JsonNode> creating = policies.all().stream()
                .filter(s -> grants(s, "rds:RestoreDBInstanceFromDBSnapshot") || grants(s, "rds:CreateDBInstance"))
                .filter(s -> Policies.resources(s).stream().anyMatch(r -> r.equals("*") || r.contains(":db:")))
                .toList();
        assertThat(creating).as("restore and status each have one; status one more for a cluster's instance; the"
                + " restore-testing adopt one for the drill instance it adds to AWS Backup's cluster").hasSize(4);
        assertThat(creating).allSatisfy(statement -> {
            assertRequestTags(statement);
            assertThat(Policies.condition(statement, "Bool", "rds:PubliclyAccessible")).isEqualTo("false");
            assertThat(Policies.resources(statement)).containsExactly(TEMPORARY_INSTANCES);
        });
        // The other resources a restore names (snapshot, groups) never include an instance.
        policies.all().stream().filter(s -> grants(s, "rds:RestoreDBInstanceFromDBSnapshot"))
                .flatMap(s -> Policies.resources(s).stream())
                .forEach(resource -> assertThat(resource).isNotEqualTo("*")
                        .matches(r -> !r.contains(":db:") || r.equals(TEMPORARY_INSTANCES), "a drill instance or an input"));
    }

    /** Item 7: the SAR lists rds:PubliclyAccessible on both create actions; deny it, on every role that creates. */
    @Test
    void everyRoleThatCreatesInstancesDeniesPubliclyAccessibleOnes() {
        for (Handler handler : List.of(Handler.RESTORE, Handler.STATUS)) {
            List<JsonNode> denies = policies.of(handler).stream()
                    .filter(s -> s.get("Effect").asText().equals("Deny")).toList();
            assertThat(denies).as(handler.name()).singleElement().satisfies(statement -> {
                assertThat(Policies.actions(statement))
                        .containsExactlyInAnyOrder("rds:CreateDBInstance", "rds:RestoreDBInstanceFromDBSnapshot");
                assertThat(Policies.resources(statement)).containsExactly("*");
                assertThat(Policies.condition(statement, "Bool", "rds:PubliclyAccessible")).isEqualTo("true");
            });
        }
    }

    /**
     * Item 7: tag-on-create is authorized as rds:AddTagsToResource. Only the drill's tag keys with temporary=true, on
     * drill names, and only while the resource carries no restore-drill:temporary tag (aws:ResourceTag is absent while
     * a resource is created, present on everything a drill made): the role cannot re-tag what exists.
     */
    @Test
    void tagOnCreateCannotRetagAResourceThatAlreadyCarriesTheTemporaryTag() {
        List<JsonNode> tagging = policies.all().stream().filter(s -> grants(s, "rds:AddTagsToResource")).toList();
        assertThat(tagging).as("restore and status, for instances and for clusters; the restore-testing adopt for its"
                + " drill instance").hasSize(5);
        assertThat(tagging).allSatisfy(statement -> {
            assertThat(Policies.actions(statement)).containsExactly("rds:AddTagsToResource");
            assertRequestTags(statement);
            assertThat(Policies.condition(statement, "Null", "aws:ResourceTag/restore-drill:temporary")).isEqualTo("true");
            assertThat(Policies.resources(statement)).allMatch(r -> r.equals(TEMPORARY_INSTANCES) || r.equals(TEMPORARY_COPIES)
                    || r.equals(TEMPORARY_CLUSTERS) || r.equals(TEMPORARY_CLUSTER_COPIES));
        });
        assertThat(policies.of(Handler.RESTORE).stream().filter(s -> grants(s, "rds:AddTagsToResource"))
                .flatMap(s -> Policies.resources(s).stream())).containsExactlyInAnyOrder(TEMPORARY_INSTANCES, TEMPORARY_COPIES,
                        TEMPORARY_CLUSTERS, TEMPORARY_CLUSTER_COPIES);
    }

    @Test
    void onlyRestoreAndStatusCreateInstances() {
        for (Handler handler : Handler.values()) {
            boolean creates = policies.of(handler).stream().anyMatch(s ->
                    grants(s, "rds:RestoreDBInstanceFromDBSnapshot") || grants(s, "rds:CreateDBInstance"));
            assertThat(creates).as(handler.name()).isEqualTo(handler == Handler.RESTORE || handler == Handler.STATUS
                    || handler == Handler.RESTORE_TEST_ADOPT);
        }
        // The restore-testing adopt creates only a drill instance (restore-drill-*, tagged, private) in the cluster
        // AWS Backup restored, which IAM knows only as some cluster of the account: so never in the production
        // clusters the drills name, nor in a drill's own cluster (explicit deny), nor a public one.
        assertThat(policies.of(Handler.RESTORE_TEST_ADOPT).stream()
                .filter(s -> s.get("Effect").asText().equals("Allow") && grants(s, "rds:CreateDBInstance"))
                .flatMap(s -> Policies.resources(s).stream()))
                .containsExactlyInAnyOrder(TEMPORARY_INSTANCES, "arn:${AWS::Partition}:rds:us-east-1:123456789012:cluster:*");
        assertThat(policies.of(Handler.RESTORE_TEST_ADOPT).stream()
                .filter(s -> s.get("Effect").asText().equals("Allow") && grants(s, "rds:CreateDBInstance")))
                .allSatisfy(statement -> {
                    assertRequestTags(statement);
                    assertThat(Policies.condition(statement, "Bool", "rds:PubliclyAccessible")).isEqualTo("false");
                });
        assertThat(policies.of(Handler.RESTORE_TEST_ADOPT).stream()
                .filter(s -> s.get("Effect").asText().equals("Deny")
                        && Policies.actions(s).contains("rds:CreateDBInstance"))
                .flatMap(s -> Policies.resources(s).stream()))
                .contains("*", TEMPORARY_CLUSTERS, "arn:${AWS::Partition}:rds:us-east-1:123456789012:cluster:orders-aurora");
        // Status creates an instance only as an Aurora cluster drill's one instance, in a drill cluster.
        assertThat(policies.of(Handler.STATUS).stream().filter(s -> grants(s, "rds:CreateDBInstance"))
                .flatMap(s -> Policies.resources(s).stream()))
                .containsExactlyInAnyOrder(TEMPORARY_INSTANCES, TEMPORARY_CLUSTERS);
        assertThat(policies.of(Handler.STATUS).stream().filter(s -> grants(s, "rds:CreateDBInstance")))
                .allSatisfy(statement -> {
                    assertThat(Policies.actions(statement)).containsExactly("rds:CreateDBInstance");
                    assertRequestTags(statement);
                    assertThat(Policies.condition(statement, "Bool", "rds:PubliclyAccessible")).isEqualTo("false");
                });
    }

    @Test
    void statusRestoresOnlyFromTheDrillsOwnCopies() {
        assertThat(policies.of(Handler.STATUS).stream().filter(s -> grants(s, "rds:RestoreDBInstanceFromDBSnapshot"))
                .flatMap(s -> Policies.resources(s).stream()).filter(r -> r.contains(":snapshot:")))
                .containsExactly(TEMPORARY_COPIES);
        assertThat(policies.of(Handler.STATUS).stream().filter(s -> grants(s, "rds:RestoreDBClusterFromSnapshot"))
                .flatMap(s -> Policies.resources(s).stream()).filter(r -> r.contains(":cluster-snapshot:")))
                .containsExactly(TEMPORARY_CLUSTER_COPIES);
    }

    /** Item 10 and the contract: every role grants exactly the actions its code calls (function-calls.json). */
    @Test
    void everyRoleGrantsExactlyTheActionsItsFunctionCalls() {
        for (Handler handler : Handler.values()) {
            // The function's own calls; calls a service makes with its credentials (RDS creating a secret, using a
            // key) are checked by the evaluator and by the tests below.
            Set<String> called = FunctionCalls.of(handler.function().manifestName()).stream()
                    .filter(call -> !call.context().containsKey("aws:ViaAWSService")
                            && !call.context().containsKey("kms:ViaService"))
                    .map(FunctionCall::action)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> granted = policies.of(handler).stream()
                    .filter(s -> s.get("Effect").asText().equals("Allow"))
                    .filter(s -> !madeByAServiceOnTheRolesBehalf(s))
                    .flatMap(s -> Policies.actions(s).stream())
                    .filter(a -> !a.startsWith("ec2:") && !a.startsWith("logs:"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(granted).as(handler.name()).isEqualTo(called);
        }
        assertThat(policies.all()).noneMatch(s -> Policies.actions(s).stream()
                .anyMatch(a -> a.equals("rds:ListTagsForResource") || a.equals("rds:DescribeDBSnapshotAttributes")));
        assertThat(policies.of(Handler.VALIDATE)).as("validate never calls RDS")
                .noneMatch(s -> Policies.actions(s).stream().anyMatch(a -> a.startsWith("rds:")));
    }

    @Test
    void validateReadsOnlyTheManagedSecretsOfDrillInstancesAndTheLoginSecretsTheDrillsName() {
        List<JsonNode> reading = policies.all().stream().filter(s -> grants(s, "secretsmanager:GetSecretValue")).toList();
        assertThat(reading).as("drill instances' secrets, drill clusters' secrets, the drills' login secrets")
                .hasSize(3);
        // The drills file's login.secretArn (drills.yaml: orders-restore-test), exactly, and nothing else.
        assertThat(reading).filteredOn(s -> s.get("Condition") == null).singleElement().satisfies(login -> {
            assertThat(Policies.resources(login)).containsExactly(
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:restore-drill/orders-reader-AbCdEf");
            assertThat(policies.of(Handler.VALIDATE)).contains(login);
        });
        JsonNode clusters = reading.stream().filter(s -> Policies.resources(s).get(0).endsWith("rds!cluster-*"))
                .findFirst().orElseThrow();
        assertThat(Policies.condition(clusters, "StringLike", "aws:ResourceTag/aws:rds:primaryDBClusterArn"))
                .isEqualTo(TEMPORARY_CLUSTERS);
        assertThat(policies.of(Handler.VALIDATE)).contains(clusters);
        JsonNode statement = reading.stream().filter(s -> s.get("Condition") != null && s != clusters).findFirst()
                .orElseThrow();
        assertThat(Policies.resources(statement)).containsExactly(
                "arn:${AWS::Partition}:secretsmanager:us-east-1:123456789012:secret:rds!db-*");
        assertThat(Policies.condition(statement, "StringLike", "aws:ResourceTag/aws:rds:primaryDBInstanceArn"))
                .isEqualTo(TEMPORARY_INSTANCES);
        assertThat(policies.of(Handler.VALIDATE)).contains(statement);
    }

    @Test
    void validateWritesReportsOnlyUnderTheReportsPrefix() {
        List<JsonNode> puts = policies.of(Handler.VALIDATE).stream().filter(s -> grants(s, "s3:PutObject")).toList();
        assertThat(puts).hasSize(1);
        assertThat(Policies.actions(puts.get(0))).containsExactly("s3:PutObject");
        assertThat(Policies.resources(puts.get(0))).containsExactly(REPORTS_OBJECTS);
        assertThat(policies.all()).noneMatch(s -> Policies.actions(s).stream().anyMatch(a -> a.startsWith("s3:Delete")));
        // Besides the reports, the only writes are the night's documents under runs/, each by its one writer: the
        // plan's items, the Map Run's results (the state machine's ResultWriter), the summary.
        assertThat(policies.all()).filteredOn(s -> grants(s, "s3:PutObject"))
                .allSatisfy(s -> assertThat(Policies.resources(s)).containsAnyOf(REPORTS_OBJECTS, RUNS + "drills.json",
                        RUNS + "results/*", RUNS + "summary.json", AUDIT_OBJECTS, ALARM_TESTS).hasSize(1));
        // Alarm tests are recorded by summarize only, in their own folder beside the drills' reports.
        assertThat(policies.all()).filteredOn(s -> Policies.resources(s).contains(ALARM_TESTS))
                .allSatisfy(s -> assertThat(policies.of(Handler.SUMMARIZE)).contains(s)).hasSize(1);
        // The account audit writes only its own reports, under audit/, never among the drills'.
        assertThat(policies.of(Handler.AUDIT).stream().filter(s -> grants(s, "s3:PutObject"))
                .flatMap(s -> Policies.resources(s).stream())).containsExactly(AUDIT_OBJECTS);
        assertThat(policies.of(Handler.PLAN).stream().filter(s -> grants(s, "s3:PutObject"))
                .flatMap(s -> Policies.resources(s).stream())).containsExactly(RUNS + "drills.json");
        assertThat(policies.of(Handler.SUMMARIZE).stream().filter(s -> grants(s, "s3:PutObject"))
                .flatMap(s -> Policies.resources(s).stream())).containsExactly(RUNS + "summary.json", ALARM_TESTS);
    }

    private static final String RUNS = "${ReportsBucket4E7C5994.Arn}/runs/*/";
    private static final String AUDIT_OBJECTS = "${ReportsBucket4E7C5994.Arn}/audit/*";
    private static final String ALARM_TESTS = "${ReportsBucket4E7C5994.Arn}/reports/_alarm-tests/*";

    /**
     * Item 3: validate reads its baseline (reports/DRILL/latest.json). Without s3:ListBucket S3 answers a missing key
     * with 403 instead of 404 (S3 API Reference, GetObject, "Permissions"), so the first drill would fail: list the
     * reports bucket, but only under reports/.
     */
    @Test
    void validateReadsBaselinesAndListsTheReportsBucketOnlyUnderTheReportsPrefix() {
        List<JsonNode> validate = policies.of(Handler.VALIDATE);
        assertThat(validate.stream().filter(s -> grants(s, "s3:GetObject")).flatMap(s -> Policies.resources(s).stream()))
                .containsExactlyInAnyOrder(REPORTS_OBJECTS, "arn:${AWS::Partition}:s3:::billing-backups/pg/billing/*");
        List<JsonNode> listing = validate.stream().filter(s -> grants(s, "s3:ListBucket"))
                .filter(s -> Policies.resources(s).contains(REPORTS_BUCKET)).toList();
        assertThat(listing).singleElement().satisfies(statement -> {
            assertThat(Policies.actions(statement)).containsExactly("s3:ListBucket");
            assertThat(Policies.resources(statement)).containsExactly(REPORTS_BUCKET);
            assertThat(Policies.condition(statement, "StringLike", "s3:prefix")).isEqualTo("reports/*");
        });
        assertThat(validate).filteredOn(s -> grants(s, "s3:ListBucket"))
                .allSatisfy(s -> assertThat(s.at("/Condition/StringLike/s3:prefix").isMissingNode()).as(s.toString()).isFalse());
    }

    @Test
    void validateReadsTheS3DumpsOfItsDrillsOnly() {
        assertThat(policies.of(Handler.VALIDATE).stream().filter(s -> grants(s, "s3:GetObject"))
                .flatMap(s -> Policies.resources(s).stream()).filter(r -> !r.equals(REPORTS_OBJECTS)))
                .containsExactly("arn:${AWS::Partition}:s3:::billing-backups/pg/billing/*");
    }

    /**
     * Item 2: the RDS User Guide (rds-secrets-manager.html#rds-secrets-manager-permissions) lists kms:DescribeKey,
     * secretsmanager:CreateSecret and secretsmanager:TagResource for whoever creates or modifies an instance with a
     * managed password. RDS does not set aws:CalledVia (the IAM User Guide lists the services that do), so the writes
     * are limited with aws:ViaAWSService: never the role calling Secrets Manager itself.
     */
    @Test
    void managedSecretsAreCreatedOnlyThroughAServiceWithExactlyWhatTheRdsUserGuideLists() {
        for (Handler handler : List.of(Handler.RESTORE, Handler.STATUS)) {
            Set<String> secretWrites = policies.of(handler).stream()
                    .filter(s -> Policies.actions(s).stream().anyMatch(a -> a.startsWith("secretsmanager:")))
                    .flatMap(s -> Policies.actions(s).stream()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(secretWrites).as(handler.name())
                    .containsExactly("secretsmanager:CreateSecret", "secretsmanager:TagResource");
            assertThat(policies.of(handler)).as(handler.name()).anyMatch(s -> grants(s, "kms:DescribeKey"));
        }
        policies.all().stream()
                .filter(s -> Policies.actions(s).stream().anyMatch(a -> a.matches("secretsmanager:(Create|Delete|Tag|Rotate|Put|Update|Describe).*")))
                .forEach(s -> {
                    assertThat(Policies.condition(s, "Bool", "aws:ViaAWSService")).as(s.toString()).isEqualTo("true");
                    assertThat(Policies.resources(s)).singleElement().isIn(
                            "arn:${AWS::Partition}:secretsmanager:us-east-1:123456789012:secret:rds!db-*",
                            "arn:${AWS::Partition}:secretsmanager:us-east-1:123456789012:secret:rds!cluster-*");
                });
        assertThat(policies.all()).as("aws:CalledVia never names RDS: it would never match")
                .noneMatch(s -> s.toString().contains("aws:CalledVia"));
    }

    /**
     * Items 8 and 10: restoring (restore, status) or copying (restore) a snapshot encrypted with a customer managed key
     * needs kms:CreateGrant and kms:DescribeKey (RDS User Guide, Overview.Encryption.Keys), only through RDS; a grant
     * only for an AWS resource.
     */
    @Test
    void snapshotKeysAreUsedOnlyThroughRdsAndOnlyByTheFunctionsThatRestoreOrCopy() {
        for (Handler handler : Handler.values()) {
            List<JsonNode> kms = policies.of(handler).stream()
                    .filter(s -> Policies.actions(s).stream().anyMatch(a -> a.startsWith("kms:"))).toList();
            if (handler != Handler.RESTORE && handler != Handler.STATUS) {
                assertThat(kms).as(handler.name()).isEmpty();
                continue;
            }
            assertThat(kms.stream().flatMap(s -> Policies.actions(s).stream()))
                    .containsExactlyInAnyOrder("kms:DescribeKey", "kms:CreateGrant");
            assertThat(kms).allSatisfy(s -> assertThat(Policies.condition(s, "StringEquals", "kms:ViaService")).isEqualTo(VIA_RDS));
            assertThat(kms).filteredOn(s -> grants(s, "kms:CreateGrant"))
                    .allSatisfy(s -> assertThat(Policies.condition(s, "Bool", "kms:GrantIsForAWSResource")).isEqualTo("true"));
        }
    }

    @Test
    void unconditionedWildcardResourcesCarryOnlyReadOrNetworkActions() {
        for (JsonNode statement : policies.all()) {
            if (Policies.resources(statement).contains("*") && statement.get("Condition") == null) {
                assertThat(Policies.actions(statement)).allMatch(a -> a.matches(
                        // backup:PutRestoreValidationResult has no resource type (SAR): "*" is as narrow as it gets.
                        "rds:(Describe|List).*|backup:List.*|backup:PutRestoreValidationResult"
                                + "|ec2:(Describe|Create|Delete)NetworkInterface.*|ec2:DescribeSubnets"
                                + "|ec2:(Assign|Unassign)PrivateIpAddresses|xray:.*|logs:.*Delivery.*|logs:(Describe|Get|List|Put).*"),
                        statement.toString());
            }
        }
    }

    private static void assertRequestTags(JsonNode statement) {
        assertThat(Policies.condition(statement, "StringEquals", "aws:RequestTag/restore-drill:temporary")).isEqualTo("true");
        assertThat(Policies.strings(statement.at("/Condition/ForAllValues:StringEquals/aws:TagKeys")))
                .containsExactlyInAnyOrder("restore-drill:temporary", "restore-drill:drill", "restore-drill:execution",
                        "restore-drill:expires-at");
    }

    /** Statements for calls an AWS service makes with the role's credentials (RDS creating a secret, using a key). */
    private static boolean madeByAServiceOnTheRolesBehalf(JsonNode statement) {
        return "true".equals(Policies.condition(statement, "Bool", "aws:ViaAWSService"))
                || Policies.condition(statement, "StringEquals", "kms:ViaService") != null;
    }

    private static boolean grants(JsonNode statement, String action) {
        return statement.get("Effect").asText().equals("Allow") && Policies.actions(statement).contains(action);
    }
}
