package io.restoredrill.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The "Restore Job State Change" event of a completed restore job, verbatim from the AWS Backup Developer Guide
 * ("Monitoring AWS Backup events using Amazon EventBridge", Restore Job events, State: COMPLETED,
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html), in src/test/resources/events. The page
 * says "if your restore job is part of a restore testing plan, the parameter restoreTestingPlanArn is included"; its
 * example has none, so {@link #ofRestoreTestingPlan} adds it, with the ARN format of the Service Authorization
 * Reference (restoreTestingPlan: {@code arn:${Partition}:backup:${Region}:${Account}:restore-testing-plan:${Name}-${Id}}).
 * Shared with the Lambda and state machine tests through core's test-jar.
 */
public final class RestoreTestEvents {

    public static final String RESOURCE = "/events/restore-job-completed.json";
    /** The example's restore job, production instance and restored instance. */
    public static final String RESTORE_JOB_ID = "AB123456-78C9-0123-456D-789012E34567";
    public static final String PRODUCTION = "example-database";
    public static final String RESTORED = "testinginstance1a2bcd34-567e-8901-23f4-5g6hijkl7890";
    public static final String CREATED_AT = "2020-07-15T03:10:01.742Z";
    public static final String COMPLETED_AT = "2020-07-15T03:14:53.128Z";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RestoreTestEvents() {
    }

    /** The documented example, as it is. */
    public static ObjectNode documented() {
        try (InputStream in = RestoreTestEvents.class.getResourceAsStream(RESOURCE)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documented example as a job of the restore testing plan {@code plan} sends it. */
    public static ObjectNode ofRestoreTestingPlan(String plan) {
        ObjectNode event = documented();
        ((ObjectNode) event.path("detail")).put("restoreTestingPlanArn",
                "arn:aws:backup:us-west-2:1112233445566:restore-testing-plan:" + plan + "-4e5f6a7b-1111-2222-3333-0a1b2c3d4e5f");
        return event;
    }

    /** The production Aurora cluster of {@link #ofAuroraClusterRestoreTest}. */
    public static final String PRODUCTION_CLUSTER = "example-aurora";
    /** The cluster AWS Backup restored, in {@link #ofAuroraClusterRestoreTest}: a made-up name, as AWS Backup chooses. */
    public static final String RESTORED_CLUSTER = "testingcluster1a2bcd34-567e-8901-23f4-5g6hijkl7890";

    /**
     * The documented example adapted to a restore testing job of an Aurora cluster: {@code resourceType} {@code Aurora}
     * (the ProtectedResourceType AWS Backup gives Amazon Aurora, API_RestoreTestingSelectionForCreate.html), the source
     * and the created resource as RDS {@code cluster} ARNs ("The format of the ARN depends on the resource type",
     * API_RestoreJobsListMember.html), under {@code rdsArnPrefix} ({@code arn:aws:rds:<region>:<account>:}, the
     * emulator's account, so that the created ARN is the restored cluster's own). The page shows no Aurora example.
     */
    public static ObjectNode ofAuroraClusterRestoreTest(String plan, String rdsArnPrefix) {
        ObjectNode event = ofRestoreTestingPlan(plan);
        ObjectNode detail = (ObjectNode) event.path("detail");
        detail.put("resourceType", "Aurora");
        detail.put("sourceResourceArn", rdsArnPrefix + "cluster:" + PRODUCTION_CLUSTER);
        detail.put("createdResourceArn", rdsArnPrefix + "cluster:" + RESTORED_CLUSTER);
        return event;
    }

    /** A drill that validates the Aurora restores of {@link #ofAuroraClusterRestoreTest} for {@code plan}. */
    public static ObjectNode clusterDrill(String name, String plan, String loginSecretArn, JsonNode checks) {
        ObjectNode drill = JSON.createObjectNode().put("name", name);
        drill.putObject("source").putObject("awsBackupRestoreTest").put("restoreTestingPlan", plan)
                .put("dbClusterIdentifier", PRODUCTION_CLUSTER).put("validationWindowHours", 4);
        drill.putObject("login").put("secretArn", loginSecretArn);
        drill.set("checks", checks);
        return drill;
    }

    /** A drill that validates the example's restores for {@code plan}. */
    public static ObjectNode drill(String name, String plan, String loginSecretArn, JsonNode checks) {
        ObjectNode drill = JSON.createObjectNode().put("name", name);
        drill.putObject("source").putObject("awsBackupRestoreTest").put("restoreTestingPlan", plan)
                .put("dbInstanceIdentifier", PRODUCTION).put("validationWindowHours", 4);
        drill.putObject("login").put("secretArn", loginSecretArn);
        drill.set("checks", checks);
        return drill;
    }
}
