package io.restoredrill.infra.iam;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nightly account audit reads the whole account and changes none of it: denied every change to a database, a
 * snapshot, a vault or a report, and any role but the deployment's backup-account roles (evaluated on the synthesized
 * policies).
 */
class AuditRoleTest {

    static Stream<Arguments> forbidden() {
        SynthesizedRoles roles = SynthesizedRoles.get();
        String reports = "arn:aws:s3:::" + roles.reportsBucket + "/";
        String db = "arn:aws:rds:us-east-1:123456789012:db:orders-prod";
        return Stream.of(
                Arguments.of("delete a production instance", AuthorizationRequest.of("rds:DeleteDBInstance", db)),
                Arguments.of("turn deletion protection off", AuthorizationRequest.of("rds:ModifyDBInstance", db)),
                Arguments.of("delete a cluster", AuthorizationRequest.of("rds:DeleteDBCluster",
                        "arn:aws:rds:us-east-1:123456789012:cluster:orders-aurora")),
                Arguments.of("delete a snapshot", AuthorizationRequest.of("rds:DeleteDBSnapshot",
                        "arn:aws:rds:us-east-1:123456789012:snapshot:orders-manual-1")),
                Arguments.of("remove a vault lock", AuthorizationRequest.of("backup:DeleteBackupVaultLockConfiguration",
                        "arn:aws:backup:us-east-1:123456789012:backup-vault:prod-vault")),
                Arguments.of("write a drill's report", AuthorizationRequest.of("s3:PutObject",
                        reports + "reports/orders/latest.json")),
                Arguments.of("write the night's summary", AuthorizationRequest.of("s3:PutObject",
                        reports + "runs/nightly-2026-11-26/summary.json")),
                Arguments.of("delete an audit report", AuthorizationRequest.of("s3:DeleteObject",
                        reports + "audit/latest.json")),
                Arguments.of("read a drill's dated report", AuthorizationRequest.of("s3:GetObject",
                        reports + "reports/orders/2026/11/26/nightly.json")),
                Arguments.of("assume another role", AuthorizationRequest.of("sts:AssumeRole",
                        "arn:aws:iam::111122223333:role/admin")));
    }

    @ParameterizedTest(name = "audit may not {0}")
    @MethodSource("forbidden")
    void theAuditChangesNothing(String what, AuthorizationRequest request) {
        PolicyEvaluator.Result result = SynthesizedRoles.get().evaluate("audit", request);

        assertThat(result.allowed()).as("audit may not %s: %s", what, result).isFalse();
    }
}
