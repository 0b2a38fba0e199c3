package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.RestoreJob;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.domain.ValidationWindowClosedException;
import io.restoredrill.core.domain.AdoptionGuard;
import io.restoredrill.core.domain.RestoredClusterPermit;
import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.port.InstanceLauncher;
import io.restoredrill.core.port.RestoredClusters;
import io.restoredrill.core.port.RestoredInstances;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The first step of the restore-testing workflow: checks that a completed restore testing job is the one its drill
 * validates and adopts the instance AWS Backup restored, as the state document's instance, for the validate step. It
 * describes that instance and nothing more: the instance is AWS Backup's, which deletes it when the selection's
 * validation window ends, and is no drill instance (no {@code restore-drill-} prefix, no temporary tag), so the
 * deletion guard refuses it too.
 *
 * <p>An Aurora cluster (the job's {@code resourceType} {@code Aurora}): AWS Backup restores the cluster without any DB
 * instance, so this step adds one of the drill's own (a drill instance: prefix, the four tags) to the cluster the job
 * created, through {@link AdoptionGuard#checkRestoredCluster}, and names both in the state document: {@code cluster}
 * (AWS Backup's, never modified or deleted) and {@code instance} ({@code creating}; the drill workflow's status step
 * waits for it, its cleanup step deletes it).
 *
 * <p>The drill comes with the event: the stack's EventBridge rule for each {@code source.awsBackupRestoreTest} drill
 * matches its plan and production instance ({@code restoreTestingPlanArn}, {@code sourceResourceArn}) and passes the
 * drill's spec beside the event. This step checks the event against the spec again. The state document's
 * {@code instance.expiresAt} is the job's creation plus the validation window: never later than AWS Backup's deletion
 * (it counts the window from the restore's end), and what makes validate's RestoreSeconds the time from the restore
 * job's start to the start of validation, as for a drill's own restore.
 */
public final class RestoreTestAdoption {

    private static final Logger log = LoggerFactory.getLogger(RestoreTestAdoption.class);

    /** What validation may take at most: its rounds. A window with less left is not started. */
    public static final Duration VALIDATION_TIME = DrillSpec.VALIDATE_TIMEOUT.multipliedBy(DrillSpec.VALIDATE_ROUNDS);

    private final RestoredInstances instances;
    private final Optional<RestoredClusters> clusters;
    private final Clock clock;

    /** An adopt step for restored DB instances only: a restore job of an Aurora cluster is refused. */
    public RestoreTestAdoption(RestoredInstances instances, Clock clock) {
        this(instances, Optional.empty(), clock);
    }

    /** An adopt step for restored DB instances and Aurora clusters. */
    public RestoreTestAdoption(RestoredInstances instances, RestoredClusters clusters, Clock clock) {
        this(instances, Optional.of(clusters), clock);
    }

    private RestoreTestAdoption(RestoredInstances instances, Optional<RestoredClusters> clusters, Clock clock) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param drill       the drill the stack's rule passed with the event
     * @param executionId the restore-testing execution: names the report
     * @throws InvalidConfigurationException    when the drill's spec is invalid, or the job is no completed restore
     *                                          testing job of the drill's plan and production instance or cluster
     * @throws TemporaryDatabaseException       when the restored instance (cluster) is gone, not available or has no
     *                                          endpoint
     * @throws ValidationWindowClosedException  when the validation window leaves less than {@link #VALIDATION_TIME}
     * @throws io.restoredrill.core.domain.InstanceConflictException when the job's created cluster is production's or
     *                                          a drill's, or an instance under the drill instance's name is not this
     *                                          execution's: nothing is created
     */
    public DrillState adopt(RestoreJob job, DrillInput drill, String executionId) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(drill, "drill");
        Objects.requireNonNull(executionId, "executionId");
        if (!RestoreJob.COMPLETED.equals(job.status())) {
            throw new InvalidConfigurationException("restore job " + job.restoreJobId() + " is " + job.status()
                    + ", not " + RestoreJob.COMPLETED + ": only a completed restore has an instance to validate");
        }
        boolean cluster = RestoreJob.AURORA.equals(job.resourceType());
        if (!RestoreJob.RDS.equals(job.resourceType()) && !cluster) {
            throw new InvalidConfigurationException("restore job " + job.restoreJobId() + " restored a resource of type "
                    + job.resourceType() + "; restore-drill validates restored RDS DB instances (" + RestoreJob.RDS
                    + ") and Aurora clusters (" + RestoreJob.AURORA + ")");
        }
        if (cluster && clusters.isEmpty()) {
            throw new InvalidConfigurationException("restore job " + job.restoreJobId() + " restored an Aurora cluster,"
                    + " which this deployment's adopt function was not built for");
        }
        String kind = cluster ? "DB cluster" : "DB instance";
        java.util.function.Function<String, Optional<String>> identifier = cluster
                ? RestoreJob::dbClusterIdentifier : RestoreJob::dbInstanceIdentifier;
        String plan = job.restoreTestingPlanName().orElseThrow(() -> new InvalidConfigurationException(
                "restore job " + job.restoreJobId() + " names no restore testing plan (detail.restoreTestingPlanArn is "
                        + job.restoreTestingPlanArn().orElse("missing") + "): restore-drill validates only the jobs of"
                        + " a restore testing plan"));
        String production = job.sourceResourceArn().flatMap(identifier)
                .orElseThrow(() -> new InvalidConfigurationException("restore job " + job.restoreJobId()
                        + " names no source " + kind + " (detail.sourceResourceArn is "
                        + job.sourceResourceArn().orElse("missing") + ")"));
        String restored = job.createdResourceArn().flatMap(identifier)
                .orElseThrow(() -> new InvalidConfigurationException("restore job " + job.restoreJobId()
                        + " names no restored " + kind + " (detail.createdResourceArn is "
                        + job.createdResourceArn().orElse("missing") + ")"));
        DrillSpec spec = drill.spec();
        if (!(spec.source() instanceof DrillSpec.AwsBackupRestoreTest test)) {
            throw new InvalidConfigurationException("drill " + spec.name() + " validates no AWS Backup restore test"
                    + " (its source is no awsBackupRestoreTest)");
        }
        if (!test.restoreTestingPlan().equals(plan) || test.ofAuroraCluster() != cluster
                || !test.production().equals(production)) {
            throw new InvalidConfigurationException("restore job " + job.restoreJobId() + " restored " + kind + " "
                    + production + " for restore testing plan " + plan + ", but drill " + spec.name() + " validates "
                    + (test.ofAuroraCluster() ? "DB cluster " : "DB instance ") + test.production() + " for plan "
                    + test.restoreTestingPlan());
        }

        Instant now = clock.instant();
        Instant created = job.creationDate().orElse(now);
        Instant windowEnds = job.completionDate().orElse(now).plus(test.validationWindow());
        if (now.plus(VALIDATION_TIME).isAfter(windowEnds)) {
            throw new ValidationWindowClosedException("the validation window of restore job " + job.restoreJobId()
                    + " (" + test.validationWindow().toHours() + " h from its completion) ends at " + windowEnds
                    + ", less than the " + VALIDATION_TIME.toMinutes() + " minutes validation may take from now ("
                    + now + "): AWS Backup would delete " + restored + " while it is being validated");
        }

        if (cluster) {
            return adoptCluster(job, drill, executionId, test, restored, created.plus(test.validationWindow()));
        }
        TemporaryInstance instance = instances.find(restored).orElseThrow(() -> new TemporaryDatabaseException(
                "the instance restore job " + job.restoreJobId() + " restored, " + restored + ", does not exist (any"
                        + " more): AWS Backup deletes it when the validation window ends"));
        // Its managed secret, if any, is production's: not asked about, never read. The spec's login is used.
        if (instance.state() != io.restoredrill.core.domain.InstanceState.AVAILABLE || instance.endpoint().isEmpty()) {
            throw new TemporaryDatabaseException("the instance restore job " + job.restoreJobId() + " restored, "
                    + restored + ", is " + instance.rdsStatus() + (instance.endpoint().isEmpty() ? " without an endpoint"
                    : "") + ", not available");
        }
        TemporaryInstance.Endpoint endpoint = instance.endpoint().get();
        DrillState.Instance adopted = new DrillState.Instance(instance.identifier(), InstanceStatus.AVAILABLE,
                instance.rdsStatus(),
                Optional.of(new DrillState.Endpoint(endpoint.host(), endpoint.port())), Optional.empty(),
                instance.masterUsername(), created.plus(test.validationWindow()));
        log.info("drill {} validates {}, restored by restore job {} of plan {} from {}", spec.name(), restored,
                job.restoreJobId(), plan, production);
        return DrillState.start(drill, executionId).withInstance(adopted);
    }

    /**
     * An Aurora cluster AWS Backup restored without any DB instance: the drill adds one of its own (a drill instance:
     * the {@code restore-drill-} name and the four drill tags, its expiry the state's), through a permit that
     * {@link AdoptionGuard#checkRestoredCluster} gives only for the job's created cluster. The state names the cluster
     * (AWS Backup's: cleanup never deletes it) and the instance, {@code creating}; the poll waits for it, and the
     * endpoint becomes the cluster's writer endpoint.
     */
    private DrillState adoptCluster(RestoreJob job, DrillInput drill, String executionId,
                                    DrillSpec.AwsBackupRestoreTest test, String restored, Instant expiresAt) {
        DrillSpec spec = drill.spec();
        RestoredClusters restoredClusters = clusters.orElseThrow();
        TemporaryCluster found = restoredClusters.find(restored).orElseThrow(() -> new TemporaryDatabaseException(
                "the cluster restore job " + job.restoreJobId() + " restored, " + restored + ", does not exist (any"
                        + " more): AWS Backup deletes it when the validation window ends"));
        if (found.state() != io.restoredrill.core.domain.InstanceState.AVAILABLE) {
            throw new TemporaryDatabaseException("the cluster restore job " + job.restoreJobId() + " restored, "
                    + restored + ", is " + found.rdsStatus() + ", not available: RDS adds an instance only to an"
                    + " available cluster");
        }
        RestoredClusterPermit permit = AdoptionGuard.checkRestoredCluster(found, job);
        InstanceLauncher.Request request = TemporaryInstanceRequests.of(spec, executionId, expiresAt);
        TemporaryInstance added = restoredClusters.addInstance(request, permit);
        log.info("drill {} validates cluster {}, restored by restore job {} of plan {} from {}, on its own instance {}",
                spec.name(), restored, job.restoreJobId(), test.restoreTestingPlan(), test.production(),
                added.identifier());
        DrillState.Instance instance = new DrillState.Instance(added.identifier(), InstanceStatus.CREATING,
                added.rdsStatus(), Optional.empty(), Optional.empty(), Optional.empty(), expiresAt);
        return DrillState.start(drill, executionId).withCluster(new DrillState.Cluster(found.identifier(),
                found.rdsStatus())).withInstance(instance);
    }
}
