package io.restoredrill.infra.iam;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restoredrill.infra.iam.SynthesizedRoles.arn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The roles of AWS Backup restore testing (deployment option awsBackupRestoreTesting, on in the test stack), evaluated:
 * the adopt function may describe the restored instance and nothing more; the report function may report a
 * validation and nothing else of AWS Backup's; the restore-testing workflow may invoke its three functions only.
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

    @Test
    void theRestoreTestingWorkflowInvokesItsThreeFunctionsOnly() {
        StackPolicies policies = SynthesizedRoles.get().policies;
        List<Statement> role = policies.ofStateMachine("RestoreTestingStateMachine");
        PolicyEvaluator evaluator = SynthesizedRoles.get().evaluator;
        for (String function : List.of("restore-test-adopt", "validate", "restore-test-report")) {
            assertThat(evaluator.evaluate(role, AuthorizationRequest.of("lambda:InvokeFunction",
                    policies.functionArn(function))).allowed()).as(function).isTrue();
        }
        for (String function : List.of("restore", "status", "cleanup", "reaper", "plan", "summarize", "audit")) {
            assertThat(evaluator.evaluate(role, AuthorizationRequest.of("lambda:InvokeFunction",
                    policies.functionArn(function))).allowed()).as(function).isFalse();
        }
    }
}
