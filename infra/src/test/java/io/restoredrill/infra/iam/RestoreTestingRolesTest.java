package io.restoredrill.infra.iam;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restoredrill.infra.iam.SynthesizedRoles.arn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The roles of AWS Backup restore testing (deployment option awsBackupRestoreTesting, on in the test stack), evaluated:
 * the adopt function may describe the restored instance and nothing more, and for an Aurora cluster add one drill
 * instance to it and nothing more; the report function may report a validation and nothing else of AWS Backup's; the
 * restore-testing workflow may invoke its own functions and the drill workflow's status, validate and cleanup only; no
 * role may delete or modify AWS Backup's restored cluster.
 * Each allowed row is a call the code makes (function-calls.json has them, FunctionCallsAllowedTest evaluates them);
 * each denied row one it must never be able to make.
 */
class RestoreTestingRolesTest {

    private static final String RESTORED = arn("rds", "db:testinginstance1a2bcd34-567e-8901-23f4-5g6hijkl7890");
    private static final String PRODUCTION = arn("rds", "db:orders-prod");

    private static boolean allowed(String function, AuthorizationRequest request) {
        return SynthesizedRoles.get().evaluate(function, request).allowed();
    }

    @Test
    void adoptDescribesTheRestoredInstanceAndNothingMore() {
        assertThat(allowed("restore-test-adopt", AuthorizationRequest.of("rds:DescribeDBInstances", RESTORED))).isTrue();
        for (String action : List.of("rds:DeleteDBInstance", "rds:ModifyDBInstance", "rds:RebootDBInstance",
                "rds:StopDBInstance", "rds:AddTagsToResource", "rds:CreateDBSnapshot")) {
            for (String instance : List.of(RESTORED, PRODUCTION)) {
                assertThat(allowed("restore-test-adopt", AuthorizationRequest.of(action, instance)
                        .withResourceTags(Map.of("restore-drill:temporary", "true"))))
                        .as("%s on %s", action, instance).isFalse();
            }
        }
        assertThat(allowed("restore-test-adopt", AuthorizationRequest.of("secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:restore-drill/orders-reader-AbCdEf"))).isFalse();
    }

    @Test
    void reportReportsValidationsAndTouchesNoBackup() {
        // SAR: PutRestoreValidationResult has no resource type: IAM authorizes it against "*".
        assertThat(allowed("restore-test-report", AuthorizationRequest.of("backup:PutRestoreValidationResult", "*")))
                .isTrue();
        String plan = arn("backup", "restore-testing-plan:nightly_orders-4e5f6a7b-1111-2222-3333-0a1b2c3d4e5f");
        for (AuthorizationRequest request : List.of(
                AuthorizationRequest.of("backup:DeleteBackupVault", arn("backup", "backup-vault:ExampleVault")),
                AuthorizationRequest.of("backup:UpdateRestoreTestingPlan", plan),
                AuthorizationRequest.of("backup:DeleteRestoreTestingPlan", plan))) {
            assertThat(allowed("restore-test-report", request)).as(request.toString()).isFalse();
        }
        assertThat(allowed("restore-test-report", AuthorizationRequest.of("rds:DescribeDBInstances", RESTORED)))
                .isFalse();
        for (String function : List.of("restore", "status", "validate", "cleanup", "reaper", "plan", "summarize",
                "audit", "restore-test-adopt")) {
            assertThat(allowed(function, AuthorizationRequest.of("backup:PutRestoreValidationResult", "*")))
                    .as(function).isFalse();
        }
    }

    @Test
    void validateReadsExactlyTheLoginSecretsTheDrillsName() {
        assertThat(allowed("validate", AuthorizationRequest.of("secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:restore-drill/orders-reader-AbCdEf"))).isTrue();
        assertThat(allowed("validate", AuthorizationRequest.of("secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:restore-drill/orders-reader-XyZaBc"))).isFalse();
    }

    private static final String RESTORED_CLUSTER = arn("rds", "cluster:testingcluster1a2bcd34-567e-8901-23f4-5g6hijkl7890");
    private static final String PRODUCTION_CLUSTER = arn("rds", "cluster:orders-aurora");
    private static final String DRILL_INSTANCE = arn("rds", "db:restore-drill-orders-aurora-restore-test-0123456789ab");
    private static final Map<String, String> DRILL_TAGS = Map.of("restore-drill:temporary", "true",
            "restore-drill:drill", "orders-aurora-restore-test",
            "restore-drill:execution", "arn:aws:states:us-east-1:123456789012:execution:restore-testing:1",
            "restore-drill:expires-at", "2026-11-26T07:10:01Z");

    @Test
    void adoptAddsOnlyAPrivateDrillTaggedInstanceToTheRestoredClusterAndNeverToProductionsOrADrillsCluster() {
        AuthorizationRequest add = AuthorizationRequest.of("rds:CreateDBInstance", DRILL_INSTANCE)
                .withRequestTags(DRILL_TAGS).with("rds:PubliclyAccessible", "false");
        AuthorizationRequest join = AuthorizationRequest.of("rds:CreateDBInstance", RESTORED_CLUSTER)
                .withRequestTags(DRILL_TAGS).with("rds:PubliclyAccessible", "false");
        assertThat(allowed("restore-test-adopt", add)).isTrue();
        assertThat(allowed("restore-test-adopt", join)).isTrue();
        assertThat(allowed("restore-test-adopt", AuthorizationRequest.of("rds:DescribeDBClusters", RESTORED_CLUSTER)))
                .isTrue();
        // Production's cluster (the drills name it: the explicit deny) and the drills' own clusters (status's).
        for (String cluster : List.of(PRODUCTION_CLUSTER, arn("rds", "cluster:restore-drill-orders-aurora-0123456789ab"))) {
            assertThat(allowed("restore-test-adopt", AuthorizationRequest.of("rds:CreateDBInstance", cluster)
                    .withRequestTags(DRILL_TAGS).with("rds:PubliclyAccessible", "false"))).as(cluster).isFalse();
        }
        // Not without the drill's tags, nor public, nor under another name.
        assertThat(allowed("restore-test-adopt", AuthorizationRequest.of("rds:CreateDBInstance", DRILL_INSTANCE)
                .with("rds:PubliclyAccessible", "false"))).isFalse();
        assertThat(allowed("restore-test-adopt", AuthorizationRequest.of("rds:CreateDBInstance", DRILL_INSTANCE)
                .withRequestTags(DRILL_TAGS).with("rds:PubliclyAccessible", "true"))).isFalse();
        assertThat(allowed("restore-test-adopt", AuthorizationRequest.of("rds:CreateDBInstance",
                arn("rds", "db:orders-aurora-reader")).withRequestTags(DRILL_TAGS)
                .with("rds:PubliclyAccessible", "false"))).isFalse();
    }

    @Test
    void noRoleMayDeleteOrModifyTheRestoredClusterNorDeleteAnInstanceWithoutTheDrillTags() {
        for (String function : List.of("restore-test-adopt", "restore-test-report", "status", "validate", "cleanup",
                "reaper", "restore")) {
            for (String action : List.of("rds:DeleteDBCluster", "rds:ModifyDBCluster", "rds:RebootDBCluster",
                    "rds:StopDBCluster", "rds:AddTagsToResource")) {
                assertThat(allowed(function, AuthorizationRequest.of(action, RESTORED_CLUSTER)))
                        .as("%s %s", function, action).isFalse();
            }
            assertThat(allowed(function, AuthorizationRequest.of("rds:ModifyDBCluster", RESTORED_CLUSTER)
                    .with("rds:ManageMasterUserPassword", "true"))).as(function).isFalse();
            assertThat(allowed(function, AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_INSTANCE)))
                    .as("%s deletes an untagged instance", function).isFalse();
            assertThat(allowed(function, AuthorizationRequest.of("rds:DeleteDBInstance",
                    arn("rds", "db:testingcluster-instance-1")).withResourceTags(Map.of("restore-drill:drill", "x"))))
                    .as("%s deletes an instance of AWS Backup's", function).isFalse();
        }
        // What cleanup deletes after the report: the drill instance, by its tags.
        assertThat(allowed("cleanup", AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_INSTANCE)
                .withResourceTags(DRILL_TAGS))).isTrue();
    }

    @Test
    void theRestoreTestingWorkflowInvokesItsFunctionsAndTheDrillsStatusValidateAndCleanupOnly() {
        StackPolicies policies = SynthesizedRoles.get().policies;
        List<Statement> role = policies.ofStateMachine("RestoreTestingStateMachine");
        PolicyEvaluator evaluator = SynthesizedRoles.get().evaluator;
        for (String function : List.of("restore-test-adopt", "status", "validate", "restore-test-report", "cleanup")) {
            assertThat(evaluator.evaluate(role, AuthorizationRequest.of("lambda:InvokeFunction",
                    policies.functionArn(function))).allowed()).as(function).isTrue();
        }
        for (String function : List.of("restore", "reaper", "plan", "summarize", "audit")) {
            assertThat(evaluator.evaluate(role, AuthorizationRequest.of("lambda:InvokeFunction",
                    policies.functionArn(function))).allowed()).as(function).isFalse();
        }
    }
}
