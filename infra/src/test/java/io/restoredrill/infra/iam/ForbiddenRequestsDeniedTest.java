package io.restoredrill.infra.iam;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restoredrill.infra.iam.SynthesizedRoles.arn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The denied matrix: requests no role of the stack may ever have allowed, whatever the code does. Each is
 * evaluated against every role of the synthesized template (the five functions' and the workflow's). Each row is
 * one resource of a request; IAM denies a request when any of its resources is denied, so the row names the
 * resource that must be refused (the new instance of a restore, not the snapshot or subnet group it reads).
 */
class ForbiddenRequestsDeniedTest {

    private static final String PRODUCTION = arn("rds", "db:orders-prod");
    private static final String DRILL_INSTANCE = arn("rds", "db:restore-drill-orders-0123456789ab");
    private static final String DRILL_COPY = arn("rds", "snapshot:restore-drill-orders-0123456789ab");
    private static final Map<String, String> TEMPORARY = Map.of("restore-drill:temporary", "true");
    private static final Map<String, String> DRILL_TAGS = Map.of("restore-drill:temporary", "true",
            "restore-drill:drill", "orders", "restore-drill:execution", "nightly", "restore-drill:expires-at",
            "2026-11-26T09:00:00Z");
    private static final String PRODUCTION_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-11112222-3333-4444-5555-666677778888-XyZaBc";

    // Issue 13: Aurora clusters.
    private static final String PRODUCTION_CLUSTER = arn("rds", "cluster:orders-aurora");
    private static final String PRODUCTION_CLUSTER_INSTANCE = arn("rds", "db:orders-aurora-instance-1");
    private static final String DRILL_CLUSTER = arn("rds", "cluster:restore-drill-orders-aurora-0123456789ab");
    private static final String DRILL_CLUSTER_COPY = arn("rds", "cluster-snapshot:restore-drill-orders-aurora-0123456789ab");
    private static final String PRODUCTION_CLUSTER_SECRET =
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-11112222-3333-4444-5555-666677778888-XyZaBc";

    record Forbidden(String what, AuthorizationRequest request) {
        @Override
        public String toString() {
            return what;
        }
    }

    static List<Forbidden> forbidden() {
        List<Forbidden> rows = new ArrayList<>();
        // Production instances, tagged or not (a production instance carrying the temporary tag by mistake is
        // still not a drill instance: the name prefix protects it).
        for (Map<String, String> tags : List.of(Map.<String, String>of(), TEMPORARY)) {
            String tagged = tags.isEmpty() ? "untagged" : "tagged temporary=true";
            rows.add(new Forbidden("delete the " + tagged + " production instance",
                    AuthorizationRequest.of("rds:DeleteDBInstance", PRODUCTION).withResourceTags(tags)));
            rows.add(new Forbidden("modify the " + tagged + " production instance",
                    AuthorizationRequest.of("rds:ModifyDBInstance", PRODUCTION).withResourceTags(tags)));
            rows.add(new Forbidden("modify the " + tagged + " production instance, even to turn on the managed password",
                    AuthorizationRequest.of("rds:ModifyDBInstance", PRODUCTION).withResourceTags(tags)
                            .with("rds:ManageMasterUserPassword", "true")));
        }
        // Drill-named instances without the temporary tag.
        rows.add(new Forbidden("delete a drill-named instance without tags",
                AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_INSTANCE)));
        rows.add(new Forbidden("delete a drill-named instance tagged temporary=false",
                AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_INSTANCE)
                        .withResourceTags(Map.of("restore-drill:temporary", "false"))));
        rows.add(new Forbidden("delete a drill-named instance whose tag value differs in case (True)",
                AuthorizationRequest.of("rds:DeleteDBInstance", DRILL_INSTANCE)
                        .withResourceTags(Map.of("restore-drill:temporary", "True"))));
        // The instance an AWS Backup restore testing job restored (named as in the Developer Guide's COMPLETED event):
        // AWS Backup's, never changed or deleted by any role, whatever its tags.
        String restored = arn("rds", "db:testinginstance1a2bcd34-567e-8901-23f4-5g6hijkl7890");
        for (Map<String, String> tags : List.of(Map.<String, String>of(), TEMPORARY)) {
            String tagged = tags.isEmpty() ? "untagged" : "tagged temporary=true";
            rows.add(new Forbidden("delete the " + tagged + " instance an AWS Backup restore test restored",
                    AuthorizationRequest.of("rds:DeleteDBInstance", restored).withResourceTags(tags)));
            rows.add(new Forbidden("modify the " + tagged + " instance an AWS Backup restore test restored",
                    AuthorizationRequest.of("rds:ModifyDBInstance", restored).withResourceTags(tags)
                            .with("rds:ManageMasterUserPassword", "true")));
        }
        // Login secrets other than the ones the drills name.
        rows.add(new Forbidden("read a login secret no drill names",
                AuthorizationRequest.of("secretsmanager:GetSecretValue",
                        "arn:aws:secretsmanager:us-east-1:123456789012:secret:restore-drill/billing-reader-XyZaBc")));
        // Snapshots other than the drill's tagged copies.
        rows.add(new Forbidden("delete a manual production snapshot",
                AuthorizationRequest.of("rds:DeleteDBSnapshot", arn("rds", "snapshot:orders-prod-manual-2026-11-25"))));
        rows.add(new Forbidden("delete a production snapshot tagged temporary=true",
                AuthorizationRequest.of("rds:DeleteDBSnapshot", arn("rds", "snapshot:orders-prod-manual-2026-11-25"))
                        .withResourceTags(TEMPORARY)));
        rows.add(new Forbidden("delete an automated snapshot",
                AuthorizationRequest.of("rds:DeleteDBSnapshot", arn("rds", "snapshot:rds:orders-prod-2026-11-25-03-10"))
                        .withResourceTags(TEMPORARY)));
        rows.add(new Forbidden("delete a drill-named snapshot without tags",
                AuthorizationRequest.of("rds:DeleteDBSnapshot", DRILL_COPY)));
        rows.add(new Forbidden("delete a drill-named snapshot tagged temporary=false",
                AuthorizationRequest.of("rds:DeleteDBSnapshot", DRILL_COPY)
                        .withResourceTags(Map.of("restore-drill:temporary", "false"))));
        rows.add(new Forbidden("delete a tagged drill-named snapshot of another account",
                AuthorizationRequest.of("rds:DeleteDBSnapshot",
                        "arn:aws:rds:us-east-1:111122223333:snapshot:restore-drill-orders-0123456789ab")
                        .withResourceTags(TEMPORARY)));
        // Publicly accessible instances, even drill-named and tagged as the guard wants.
        rows.add(new Forbidden("restore into a publicly accessible instance",
                AuthorizationRequest.of("rds:RestoreDBInstanceFromDBSnapshot", DRILL_INSTANCE).withRequestTags(DRILL_TAGS)
                        .with("rds:PubliclyAccessible", "true")));
        rows.add(new Forbidden("create a publicly accessible instance",
                AuthorizationRequest.of("rds:CreateDBInstance", DRILL_INSTANCE).withRequestTags(DRILL_TAGS)
                        .with("rds:PubliclyAccessible", "true").with("rds:ManageMasterUserPassword", "true")));
        rows.add(new Forbidden("restore into an instance not named restore-drill-*",
                AuthorizationRequest.of("rds:RestoreDBInstanceFromDBSnapshot", arn("rds", "db:orders-prod-restored"))
                        .withRequestTags(DRILL_TAGS).with("rds:PubliclyAccessible", "false")));
        // Tag-on-create grants must not let a role mark production as temporary (and so deletable).
        rows.add(new Forbidden("tag the production instance temporary=true",
                AuthorizationRequest.of("rds:AddTagsToResource", PRODUCTION).withRequestTags(TEMPORARY)));
        rows.add(new Forbidden("tag a production snapshot temporary=true",
                AuthorizationRequest.of("rds:AddTagsToResource", arn("rds", "snapshot:orders-prod-manual-2026-11-25"))
                        .withRequestTags(TEMPORARY)));
        // ModifyDBInstance only to turn the managed password on.
        rows.add(new Forbidden("modify a tagged drill instance without ManageMasterUserPassword",
                AuthorizationRequest.of("rds:ModifyDBInstance", DRILL_INSTANCE).withResourceTags(DRILL_TAGS)));
        rows.add(new Forbidden("modify a tagged drill instance with ManageMasterUserPassword=false",
                AuthorizationRequest.of("rds:ModifyDBInstance", DRILL_INSTANCE).withResourceTags(DRILL_TAGS)
                        .with("rds:ManageMasterUserPassword", "false")));
        rows.add(new Forbidden("modify an untagged drill-named instance, even to turn on the managed password",
                AuthorizationRequest.of("rds:ModifyDBInstance", DRILL_INSTANCE)
                        .with("rds:ManageMasterUserPassword", "true")));
        // Secrets that are not a drill instance's.
        rows.add(new Forbidden("read the managed secret of the production instance",
                AuthorizationRequest.of("secretsmanager:GetSecretValue", PRODUCTION_SECRET)
                        .withResourceTags(Map.of("aws:rds:primaryDBInstanceArn", PRODUCTION))));
        rows.add(new Forbidden("read an RDS-named secret that carries no instance tag",
                AuthorizationRequest.of("secretsmanager:GetSecretValue", PRODUCTION_SECRET)));
        rows.add(new Forbidden("read an application secret",
                AuthorizationRequest.of("secretsmanager:GetSecretValue",
                        "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/orders/db-AbCdEf")));
        rows.add(new Forbidden("read a drill instance's secret of another account",
                AuthorizationRequest.of("secretsmanager:GetSecretValue",
                        "arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!db-0a1b2c3d-4e5f-6789-abcd-ef0123456789-AbCdEf")
                        .withResourceTags(Map.of("aws:rds:primaryDBInstanceArn",
                                "arn:aws:rds:us-east-1:111122223333:db:restore-drill-orders-0123456789ab"))));
        // Aurora clusters (issue 13): production's cluster, its instances and its cluster snapshots, tagged or not.
        for (Map<String, String> tags : List.of(Map.<String, String>of(), TEMPORARY)) {
            String tagged = tags.isEmpty() ? "untagged" : "tagged temporary=true";
            rows.add(new Forbidden("delete the " + tagged + " production cluster",
                    AuthorizationRequest.of("rds:DeleteDBCluster", PRODUCTION_CLUSTER).withResourceTags(tags)));
            rows.add(new Forbidden("modify the " + tagged + " production cluster, even to turn on the managed password",
                    AuthorizationRequest.of("rds:ModifyDBCluster", PRODUCTION_CLUSTER).withResourceTags(tags)
                            .with("rds:ManageMasterUserPassword", "true")));
            rows.add(new Forbidden("modify the " + tagged + " production cluster",
                    AuthorizationRequest.of("rds:ModifyDBCluster", PRODUCTION_CLUSTER).withResourceTags(tags)));
            // The API Reference: "DB instances in a DB cluster can be deleted even when deletion protection is enabled
            // for the DB cluster": only IAM stands between a drill role and production's writer.
            rows.add(new Forbidden("delete the " + tagged + " writer instance of the production cluster",
                    AuthorizationRequest.of("rds:DeleteDBInstance", PRODUCTION_CLUSTER_INSTANCE).withResourceTags(tags)));
            rows.add(new Forbidden("delete a " + tagged + " production cluster snapshot",
                    AuthorizationRequest.of("rds:DeleteDBClusterSnapshot", arn("rds", "cluster-snapshot:orders-aurora-manual-2026-11-25"))
                            .withResourceTags(tags)));
        }
        rows.add(new Forbidden("delete an automated cluster snapshot",
                AuthorizationRequest.of("rds:DeleteDBClusterSnapshot", arn("rds", "cluster-snapshot:rds:orders-aurora-2026-11-25-03-10"))
                        .withResourceTags(TEMPORARY)));
        rows.add(new Forbidden("delete a drill-named cluster without tags",
                AuthorizationRequest.of("rds:DeleteDBCluster", DRILL_CLUSTER)));
        rows.add(new Forbidden("delete a drill-named cluster tagged temporary=false",
                AuthorizationRequest.of("rds:DeleteDBCluster", DRILL_CLUSTER)
                        .withResourceTags(Map.of("restore-drill:temporary", "false"))));
        rows.add(new Forbidden("delete a drill-named cluster snapshot without tags",
                AuthorizationRequest.of("rds:DeleteDBClusterSnapshot", DRILL_CLUSTER_COPY)));
        rows.add(new Forbidden("modify a tagged drill cluster without ManageMasterUserPassword",
                AuthorizationRequest.of("rds:ModifyDBCluster", DRILL_CLUSTER).withResourceTags(DRILL_TAGS)));
        rows.add(new Forbidden("restore a cluster snapshot without the drill's tags",
                AuthorizationRequest.of("rds:RestoreDBClusterFromSnapshot", DRILL_CLUSTER)));
        rows.add(new Forbidden("restore a cluster snapshot tagged temporary=false",
                AuthorizationRequest.of("rds:RestoreDBClusterFromSnapshot", DRILL_CLUSTER)
                        .withRequestTags(Map.of("restore-drill:temporary", "false"))));
        rows.add(new Forbidden("restore a cluster snapshot with a tag key the drill never sets",
                AuthorizationRequest.of("rds:RestoreDBClusterFromSnapshot", DRILL_CLUSTER)
                        .withRequestTags(Map.of("restore-drill:temporary", "true", "owner", "someone"))));
        rows.add(new Forbidden("restore a cluster snapshot into a cluster not named restore-drill-*",
                AuthorizationRequest.of("rds:RestoreDBClusterFromSnapshot", arn("rds", "cluster:orders-aurora-restored"))
                        .withRequestTags(DRILL_TAGS)));
        rows.add(new Forbidden("copy a cluster snapshot without the drill's tags",
                AuthorizationRequest.of("rds:CopyDBClusterSnapshot", DRILL_CLUSTER_COPY)));
        rows.add(new Forbidden("add a publicly accessible instance to a drill cluster",
                AuthorizationRequest.of("rds:CreateDBInstance", DRILL_INSTANCE).withRequestTags(DRILL_TAGS)
                        .with("rds:PubliclyAccessible", "true")));
        rows.add(new Forbidden("add an instance to the production cluster",
                AuthorizationRequest.of("rds:CreateDBInstance", PRODUCTION_CLUSTER).withRequestTags(DRILL_TAGS)
                        .with("rds:PubliclyAccessible", "false")));
        rows.add(new Forbidden("tag the production cluster temporary=true",
                AuthorizationRequest.of("rds:AddTagsToResource", PRODUCTION_CLUSTER).withRequestTags(TEMPORARY)));
        rows.add(new Forbidden("re-tag a drill cluster that already carries the temporary tag",
                AuthorizationRequest.of("rds:AddTagsToResource", DRILL_CLUSTER).withRequestTags(DRILL_TAGS)
                        .withResourceTags(TEMPORARY)));
        rows.add(new Forbidden("read the managed secret of the production cluster",
                AuthorizationRequest.of("secretsmanager:GetSecretValue", PRODUCTION_CLUSTER_SECRET)
                        .withResourceTags(Map.of("aws:rds:primaryDBClusterArn", PRODUCTION_CLUSTER))));
        rows.add(new Forbidden("read a cluster secret that carries no cluster tag",
                AuthorizationRequest.of("secretsmanager:GetSecretValue", PRODUCTION_CLUSTER_SECRET)));
        rows.add(new Forbidden("delete the production cluster's managed secret, even through RDS",
                AuthorizationRequest.of("secretsmanager:DeleteSecret", PRODUCTION_CLUSTER_SECRET)
                        .with("aws:ViaAWSService", "true")
                        .withResourceTags(Map.of("aws:rds:primaryDBClusterArn", PRODUCTION_CLUSTER))));
        // AWS Backup restore testing of Aurora clusters (issue 13): AWS Backup's restored cluster is never a drill's.
        String restoredCluster = arn("rds", "cluster:testingcluster1a2bcd34-567e-8901-23f4-5g6hijkl7890");
        rows.add(new Forbidden("delete AWS Backup's restored cluster",
                AuthorizationRequest.of("rds:DeleteDBCluster", restoredCluster)));
        rows.add(new Forbidden("modify AWS Backup's restored cluster",
                AuthorizationRequest.of("rds:ModifyDBCluster", restoredCluster)));
        rows.add(new Forbidden("turn on a managed password on AWS Backup's restored cluster",
                AuthorizationRequest.of("rds:ModifyDBCluster", restoredCluster).with("rds:ManageMasterUserPassword", "true")));
        rows.add(new Forbidden("delete a drill-named instance in AWS Backup's cluster without the drill's tags",
                AuthorizationRequest.of("rds:DeleteDBInstance", arn("rds", "db:restore-drill-orders-aurora-restore-test-0123456789ab"))));
        rows.add(new Forbidden("add an instance without the drill's tags to AWS Backup's restored cluster",
                AuthorizationRequest.of("rds:CreateDBInstance", restoredCluster).with("rds:PubliclyAccessible", "false")));
        // Writes outside the reports prefix.
        String bucket = SynthesizedRoles.get().reportsBucket;
        for (String key : List.of("latest.json", "reports-archive/orders/latest.json", "other/reports/orders.json")) {
            rows.add(new Forbidden("write " + key + " in the reports bucket",
                    AuthorizationRequest.of("s3:PutObject", "arn:aws:s3:::" + bucket + "/" + key)));
        }
        rows.add(new Forbidden("write reports/ in another bucket",
                AuthorizationRequest.of("s3:PutObject", "arn:aws:s3:::billing-backups/reports/orders/latest.json")));
        rows.add(new Forbidden("overwrite a dump in the drill's backup bucket",
                AuthorizationRequest.of("s3:PutObject", "arn:aws:s3:::billing-backups/pg/billing/billing-2026-11-26.dump")));
        rows.add(new Forbidden("delete a report",
                AuthorizationRequest.of("s3:DeleteObject", "arn:aws:s3:::" + bucket + "/reports/orders/latest.json")));
        return rows;
    }

    static Stream<Arguments> roleAndRequest() {
        List<Arguments> arguments = new ArrayList<>();
        for (String role : SynthesizedRoles.get().policies.byRole().keySet()) {
            for (Forbidden row : forbidden()) {
                arguments.add(Arguments.of(role, row));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} may not {1}")
    @MethodSource("roleAndRequest")
    void noRoleOfTheStackIsAllowedTheForbiddenRequests(String role, Forbidden forbidden) {
        SynthesizedRoles roles = SynthesizedRoles.get();
        PolicyEvaluator.Result result = roles.evaluator.evaluate(roles.policies.byRole().get(role), forbidden.request());

        assertThat(result.allowed()).as("%s may not %s: %s", role, forbidden.what(), result).isFalse();
    }
}
