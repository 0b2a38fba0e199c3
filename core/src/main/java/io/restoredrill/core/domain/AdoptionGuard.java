package io.restoredrill.core.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a drill may take over (adopt) or change an RDS resource that already carries its temporary
 * name: an instance (a retried restore finds the one its first attempt created) or a snapshot copy. It may only
 * when the identifier has the drill prefix and the resource is tagged {@code restore-drill:temporary=true} with
 * this execution's {@code restore-drill:execution} and this drill's {@code restore-drill:drill}. Anything else is an
 * {@link InstanceConflictException}: the drill leaves the resource alone. The restore step, the launcher and the
 * status step (before it modifies the instance) all ask this one rule.
 */
public final class AdoptionGuard {

    private AdoptionGuard() {
    }

    /** An instance this drill's execution created. */
    public static AdoptionPermit checkOwnInstance(TemporaryInstance instance, String drill, String executionId) {
        check("instance", instance.identifier(), instance.tags(), drill, executionId);
        return new AdoptionPermit(instance.identifier());
    }

    /** An Aurora cluster this drill's execution restored. */
    public static ClusterAdoptionPermit checkOwnCluster(TemporaryCluster cluster, String drill, String executionId) {
        check("cluster", cluster.identifier(), cluster.tags(), drill, executionId);
        return new ClusterAdoptionPermit(cluster.identifier());
    }

    /**
     * The Aurora cluster an AWS Backup restore testing job restored, to which the drill may add its one instance: the
     * cluster's ARN is the job's {@code createdResourceArn}, and it is neither the production cluster the job restored
     * from ({@code sourceResourceArn}) nor a drill's temporary cluster.
     *
     * @throws InstanceConflictException otherwise: nothing is added to the cluster
     */
    public static RestoredClusterPermit checkRestoredCluster(TemporaryCluster cluster, RestoreJob job) {
        Optional<String> created = job.createdResourceArn();
        if (!created.equals(Optional.of(cluster.arn()))
                || job.sourceResourceArn().equals(Optional.of(cluster.arn()))
                || job.sourceResourceArn().flatMap(RestoreJob::dbClusterIdentifier)
                .equals(Optional.of(cluster.identifier()))
                || TemporaryInstanceName.hasPrefix(cluster.identifier())) {
            throw new InstanceConflictException("Aurora cluster " + cluster.identifier() + " (" + cluster.arn()
                    + ") is not the cluster restore job " + job.restoreJobId() + " restored ("
                    + created.orElse("no createdResourceArn") + ", from " + job.sourceResourceArn().orElse("?")
                    + "); restore-drill adds its instance only to AWS Backup's restored cluster, and leaves this one"
                    + " alone.");
        }
        return new RestoredClusterPermit(cluster.identifier());
    }

    /** A snapshot copy this drill's execution made. */
    public static void checkOwnSnapshotCopy(SnapshotCopy copy, String drill, String executionId) {
        check("snapshot", copy.identifier(), copy.tags(), drill, executionId);
    }

    private static void check(String kind, String identifier, Map<String, String> tags, String drill,
                              String executionId) {
        Objects.requireNonNull(drill, "drill");
        Objects.requireNonNull(executionId, "executionId");
        Optional<String> temporary = Optional.ofNullable(tags.get(DrillTags.TEMPORARY));
        Optional<String> execution = Optional.ofNullable(tags.get(DrillTags.EXECUTION));
        Optional<String> drillTag = Optional.ofNullable(tags.get(DrillTags.DRILL));
        if (!TemporaryInstanceName.hasPrefix(identifier) || !temporary.equals(Optional.of("true"))
                || !execution.equals(Optional.of(executionId)) || !drillTag.equals(Optional.of(drill))) {
            throw new InstanceConflictException("An RDS " + kind + " named " + identifier + " already exists and was"
                    + " not made by this drill's execution (" + DrillTags.TEMPORARY + "=" + temporary.orElse("(missing)")
                    + ", " + DrillTags.DRILL + "=" + drillTag.orElse("(missing)") + ", " + DrillTags.EXECUTION + "="
                    + execution.orElse("(missing)") + "; expected true, " + drill + ", " + executionId
                    + "); the drill leaves it alone.");
        }
    }
}
