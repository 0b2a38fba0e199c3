package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.RestoreJob;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.domain.ValidationWindowClosedException;
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
    private final Clock clock;

    public RestoreTestAdoption(RestoredInstances instances, Clock clock) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param drill       the drill the stack's rule passed with the event
     * @param executionId the restore-testing execution: names the report
     * @throws InvalidConfigurationException    when the drill's spec is invalid, or the job is no completed restore
     *                                          testing job of the drill's plan and production instance
     * @throws TemporaryDatabaseException       when the restored instance is gone, not available or has no endpoint
     * @throws ValidationWindowClosedException  when the validation window leaves less than {@link #VALIDATION_TIME}
     */
    public DrillState adopt(RestoreJob job, DrillInput drill, String executionId) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(drill, "drill");
        Objects.requireNonNull(executionId, "executionId");
        if (!RestoreJob.COMPLETED.equals(job.status())) {
            throw new InvalidConfigurationException("restore job " + job.restoreJobId() + " is " + job.status()
                    + ", not " + RestoreJob.COMPLETED + ": only a completed restore has an instance to validate");
        }
        if (!RestoreJob.RDS.equals(job.resourceType())) {
            throw new InvalidConfigurationException("restore job " + job.restoreJobId() + " restored a resource of type "
                    + job.resourceType() + "; restore-drill validates restored RDS DB instances (" + RestoreJob.RDS
                    + ")");
        }
        String plan = job.restoreTestingPlanName().orElseThrow(() -> new InvalidConfigurationException(
                "restore job " + job.restoreJobId() + " names no restore testing plan (detail.restoreTestingPlanArn is "
                        + job.restoreTestingPlanArn().orElse("missing") + "): restore-drill validates only the jobs of"
                        + " a restore testing plan"));
        String production = job.sourceResourceArn().flatMap(RestoreJob::dbInstanceIdentifier)
                .orElseThrow(() -> new InvalidConfigurationException("restore job " + job.restoreJobId()
                        + " names no source DB instance (detail.sourceResourceArn is "
                        + job.sourceResourceArn().orElse("missing") + ")"));
        String restored = job.createdResourceArn().flatMap(RestoreJob::dbInstanceIdentifier)
                .orElseThrow(() -> new InvalidConfigurationException("restore job " + job.restoreJobId()
                        + " names no restored DB instance (detail.createdResourceArn is "
                        + job.createdResourceArn().orElse("missing") + ")"));
        DrillSpec spec = drill.spec();
        if (!(spec.source() instanceof DrillSpec.AwsBackupRestoreTest test)) {
            throw new InvalidConfigurationException("drill " + spec.name() + " validates no AWS Backup restore test"
                    + " (its source is no awsBackupRestoreTest)");
        }
        if (!test.restoreTestingPlan().equals(plan) || !test.dbInstanceIdentifier().equals(production)) {
            throw new InvalidConfigurationException("restore job " + job.restoreJobId() + " restored " + production
                    + " for restore testing plan " + plan + ", but drill " + spec.name() + " validates "
                    + test.dbInstanceIdentifier() + " for plan " + test.restoreTestingPlan());
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
}
