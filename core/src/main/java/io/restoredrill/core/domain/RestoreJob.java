package io.restoredrill.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An AWS Backup restore job, as its "Restore Job State Change" event describes it (AWS Backup Developer Guide,
 * "Restore Job events": https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html). "If your restore job
 * is part of a restore testing plan, the parameter restoreTestingPlanArn is included"; the page's COMPLETED example
 * is a restore of an RDS instance without it.
 *
 * @param restoreJobId          {@code detail.restoreJobId}: what PutRestoreValidationResult names
 * @param status                {@code detail.status}, e.g. {@code COMPLETED}
 * @param resourceType          {@code detail.resourceType}, {@code RDS} for a DB instance
 * @param restoreTestingPlanArn {@code detail.restoreTestingPlanArn}, for a restore testing job
 * @param sourceResourceArn     {@code detail.sourceResourceArn}: the production resource of the recovery point
 * @param createdResourceArn    {@code detail.createdResourceArn}: what AWS Backup restored
 * @param creationDate          {@code detail.creationDate}: when the job started
 * @param completionDate        {@code detail.completionDate}
 */
public record RestoreJob(String restoreJobId, String status, String resourceType,
                         Optional<String> restoreTestingPlanArn, Optional<String> sourceResourceArn,
                         Optional<String> createdResourceArn, Optional<Instant> creationDate,
                         Optional<Instant> completionDate) {

    public static final String COMPLETED = "COMPLETED";
    /** The resource type of an RDS DB instance in AWS Backup's events (the documented COMPLETED example). */
    public static final String RDS = "RDS";
    /**
     * The resource type of an Aurora cluster: AWS Backup's ProtectedResourceType for Amazon Aurora ("Aurora for Amazon
     * Aurora", RestoreTestingSelectionForCreate,
     * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html). The event page
     * shows no Aurora example; a restore job's ResourceType is that same vocabulary.
     */
    public static final String AURORA = "Aurora";

    public RestoreJob {
        Objects.requireNonNull(restoreJobId, "restoreJobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(restoreTestingPlanArn, "restoreTestingPlanArn");
        Objects.requireNonNull(sourceResourceArn, "sourceResourceArn");
        Objects.requireNonNull(createdResourceArn, "createdResourceArn");
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(completionDate, "completionDate");
    }

    /**
     * The plan's name: its ARN is {@code arn:<partition>:backup:<region>:<account>:restore-testing-plan:<name>-<id>}
     * (Service Authorization Reference, AWS Backup, resource type restoreTestingPlan), and a name holds no hyphen
     * ("only alphanumeric characters and underscores").
     */
    public Optional<String> restoreTestingPlanName() {
        return restoreTestingPlanArn.flatMap(arn -> {
            int at = arn.indexOf(":restore-testing-plan:");
            if (at < 0) {
                return Optional.empty();
            }
            String rest = arn.substring(at + ":restore-testing-plan:".length());
            int dash = rest.indexOf('-');
            return Optional.of(dash < 0 ? rest : rest.substring(0, dash)).filter(n -> !n.isEmpty());
        });
    }

    /**
     * The DB cluster identifier of an RDS {@code cluster} ARN ({@code arn:<partition>:rds:<region>:<account>:cluster:<id>},
     * the Service Authorization Reference's resource type {@code cluster}): an Aurora restore job's source and created
     * resource ("The format of the ARN depends on the resource type", RestoreJobsListMember, CreatedResourceArn).
     */
    public static Optional<String> dbClusterIdentifier(String arn) {
        String[] parts = arn.split(":", 7);
        return parts.length == 7 && parts[0].equals("arn") && parts[2].equals("rds") && parts[5].equals("cluster")
                && !parts[6].isEmpty() ? Optional.of(parts[6]) : Optional.empty();
    }

    /** The DB instance identifier of an RDS {@code db} ARN ({@code arn:<partition>:rds:<region>:<account>:db:<id>}). */
    public static Optional<String> dbInstanceIdentifier(String arn) {
        String[] parts = arn.split(":", 7);
        return parts.length == 7 && parts[0].equals("arn") && parts[2].equals("rds") && parts[5].equals("db")
                && !parts[6].isEmpty() ? Optional.of(parts[6]) : Optional.empty();
    }
}
