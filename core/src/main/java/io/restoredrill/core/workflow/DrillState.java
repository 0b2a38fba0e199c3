package io.restoredrill.core.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state document: the JSON that flows through the state machine, one per drill. Each Lambda handler takes
 * it and returns it enriched; every step adds its own part and keeps the others as they were. Documented with
 * an example in the README ("The state document").
 *
 * @param drill       the drill spec of the state machine's input (same format as a drill spec file, checks
 *                    included), parsed; the document carries it exactly as given, which its edge
 *                    ({@code adapter.in.lambda.StateJson}) writes back unchanged
 * @param executionId the Step Functions execution (its ARN or name): tags the temporary instance, names the report
 * @param backup      the backup the restore step chose
 * @param instance    the temporary instance, once created (or named, while the snapshot copy it is to be restored
 *                    from is still being made)
 * @param snapshotCopy the temporary copy of a shared encrypted snapshot, when the drill restores one
 * @param audit       the guardrail audit of the production instance
 * @param proving     while validate's proofs take more than one round: how far they got (README, "The state
 *                    document"); kept after the last round, saying how many rounds it took
 * @param validation  what the validate step found
 * @param cleanup     what the cleanup step did
 * @param error       set by the state machine's Catch (ResultPath {@code $.error}) when a step failed
 * @param cluster     for an Aurora cluster drill: the temporary cluster ({@code instance} is then its one DB
 *                    instance, with the cluster's writer endpoint and managed secret)
 */
public record DrillState(
        DrillInput drill,
        String executionId,
        Optional<Backup> backup,
        Optional<Instance> instance,
        Optional<SnapshotCopy> snapshotCopy,
        Optional<Audit> audit,
        Optional<Proving> proving,
        Optional<Validation> validation,
        Optional<Cleanup> cleanup,
        Optional<StepError> error,
        Optional<Cluster> cluster) {

    public DrillState {
        Objects.requireNonNull(drill, "drill");
        Objects.requireNonNull(executionId, "executionId");
        backup = Objects.requireNonNullElse(backup, Optional.empty());
        instance = Objects.requireNonNullElse(instance, Optional.empty());
        snapshotCopy = Objects.requireNonNullElse(snapshotCopy, Optional.empty());
        audit = Objects.requireNonNullElse(audit, Optional.empty());
        proving = Objects.requireNonNullElse(proving, Optional.empty());
        validation = Objects.requireNonNullElse(validation, Optional.empty());
        cleanup = Objects.requireNonNullElse(cleanup, Optional.empty());
        error = Objects.requireNonNullElse(error, Optional.empty());
        cluster = Objects.requireNonNullElse(cluster, Optional.empty());
    }

    /** A state of an instance drill (no cluster). */
    public DrillState(DrillInput drill, String executionId, Optional<Backup> backup, Optional<Instance> instance,
                      Optional<SnapshotCopy> snapshotCopy, Optional<Audit> audit, Optional<Proving> proving,
                      Optional<Validation> validation, Optional<Cleanup> cleanup, Optional<StepError> error) {
        this(drill, executionId, backup, instance, snapshotCopy, audit, proving, validation, cleanup, error,
                Optional.empty());
    }

    /** A state before validate's proofs took rounds, or of a drill whose proofs took one. */
    public DrillState(DrillInput drill, String executionId, Optional<Backup> backup, Optional<Instance> instance,
                      Optional<SnapshotCopy> snapshotCopy, Optional<Audit> audit, Optional<Validation> validation,
                      Optional<Cleanup> cleanup, Optional<StepError> error) {
        this(drill, executionId, backup, instance, snapshotCopy, audit, Optional.empty(), validation, cleanup, error);
    }

    /** The first state of a drill: its spec and the execution, nothing else yet. */
    public static DrillState start(DrillInput drill, String executionId) {
        return new DrillState(drill, executionId, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public DrillState withProving(Proving value) {
        return new DrillState(drill, executionId, backup, instance, snapshotCopy, audit, Optional.of(value), validation,
                cleanup, error, cluster);
    }

    public DrillState withBackup(Backup value) {
        return new DrillState(drill, executionId, Optional.of(value), instance, snapshotCopy, audit, proving, validation, cleanup, error, cluster);
    }

    public DrillState withInstance(Instance value) {
        return new DrillState(drill, executionId, backup, Optional.of(value), snapshotCopy, audit, proving, validation, cleanup, error, cluster);
    }

    public DrillState withSnapshotCopy(SnapshotCopy value) {
        return new DrillState(drill, executionId, backup, instance, Optional.of(value), audit, proving, validation, cleanup, error, cluster);
    }

    public DrillState withAudit(Audit value) {
        return new DrillState(drill, executionId, backup, instance, snapshotCopy, Optional.of(value), proving, validation, cleanup, error, cluster);
    }

    public DrillState withValidation(Validation value) {
        return new DrillState(drill, executionId, backup, instance, snapshotCopy, audit, proving, Optional.of(value), cleanup, error, cluster);
    }

    public DrillState withCleanup(Cleanup value) {
        return new DrillState(drill, executionId, backup, instance, snapshotCopy, audit, proving, validation, Optional.of(value), error, cluster);
    }

    public DrillState withCluster(Cluster value) {
        return new DrillState(drill, executionId, backup, instance, snapshotCopy, audit, proving, validation, cleanup,
                error, Optional.of(value));
    }

    /**
     * The backup the drill restores.
     *
     * @param kind         {@code rds-snapshot} or {@code s3-dump}
     * @param identifier   the snapshot identifier, or the dump's file name
     * @param location     the snapshot ARN, or {@code s3://bucket/key}
     * @param type         for snapshots: manual, shared, aws-backup or automated; for dumps: the format
     * @param independent  whether it survives the deletion of the production instance
     */
    public record Backup(String kind, String identifier, String location, String type, Instant createdAt,
                         double ageHours, boolean independent, Optional<Long> sizeBytes) {
    }

    /**
     * The temporary instance.
     *
     * @param status    {@code creating}, {@code available}, {@code failed} (also when the instance is gone: then
     *                  {@code rdsStatus} is {@code not-found}) or {@code deleted}: what the poll loop
     *                  acts on
     * @param rdsStatus the status RDS reported, for people
     */
    public record Instance(String id, InstanceStatus status, String rdsStatus, Optional<Endpoint> endpoint,
                           Optional<String> secretArn, Optional<String> masterUsername, Instant expiresAt) {
    }

    public record Endpoint(String host, int port) {
    }

    /**
     * An Aurora cluster drill's temporary cluster. Its identifier is the drill's temporary name; its one DB instance
     * ({@code instance.id}) is that name with {@code -1}.
     *
     * @param rdsStatus the cluster's status as RDS reported it at the last poll ({@code awaiting-snapshot-copy} while
     *                  the shared snapshot it is to be restored from is still being copied; {@code not-found} once
     *                  gone, {@code deleting} after cleanup)
     */
    public record Cluster(String id, String rdsStatus) {
        public Cluster {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(rdsStatus, "rdsStatus");
        }
    }

    /**
     * The drill's temporary copy (in this account) of a shared encrypted snapshot, which RDS cannot restore
     * directly. Its identifier is the instance's.
     *
     * @param sourceArn the shared snapshot it copies
     * @param status    the copy's RDS status ({@code creating}, {@code copying}, {@code available}...) until the
     *                  instance has been restored from it, then {@code restored}
     */
    public record SnapshotCopy(String id, String sourceArn, String status) {

        public static final String RESTORED = "restored";

        public SnapshotCopy withStatus(String value) {
            return new SnapshotCopy(id, sourceArn, value);
        }
    }

    /**
     * The guardrail audit: the causes of the incident, checked every night.
     *
     * @param findings one sentence per problem found; empty when all is well
     */
    public record Audit(String productionInstance, boolean productionInstanceExists,
                        Optional<Boolean> deletionProtection, Optional<Double> newestIndependentBackupAgeHours,
                        boolean onlyAutomatedBackups, List<String> findings) {
    }

    /**
     * How far validate's proofs got while they take more than one round (each round is one invocation of the
     * validate function, within its 15 minutes). Compact on purpose: the state document passes through every state
     * of the execution (256 KB at most); what the rounds found (row counts, check results, findings) is in the
     * object at {@code workFile}.
     *
     * @param round     the rounds done
     * @param startedAt when the first round started: what the report's timings count from
     * @param database  the database on the instance that holds the data under proof (for an S3 dump: the one the
     *                  first round loaded it into; later rounds never load it again)
     * @param workFile  where the rounds' findings so far are, {@code s3://bucket/key}
     * @param proofs    each resumable proof's progress, for people
     */
    public record Proving(int round, Instant startedAt, String database, String workFile, List<ProofCursor> proofs) {
        public Proving {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(workFile, "workFile");
            proofs = List.copyOf(proofs);
        }
    }

    /**
     * @param checked  relations (units) checked so far
     * @param of       relations the proof has to check; 0 until it has listed them
     * @param finished nothing is left for this proof
     */
    public record ProofCursor(String name, int checked, int of, long spentMillis, boolean finished) {
    }

    /**
     * What validation found; the full report is at {@code reportLocation}.
     */
    public record Validation(String verdict, Optional<String> failureReason, Optional<String> reportLocation,
                             int checksPassed, int checksFailed, long tablesRead, long restoreMillis) {
    }

    /**
     * @param result       {@code deleted}, {@code deleting} (RDS was already deleting it), {@code already-gone} or
     *                     {@code nothing-to-delete}
     * @param snapshotCopy what became of the drill's temporary snapshot copy; absent when the drill makes none
     * @param cluster      for an Aurora cluster drill: what became of its temporary cluster, deleted after the
     *                     instance ({@code deleted}, {@code deleting}, {@code already-gone} or {@code nothing-to-delete})
     */
    public record Cleanup(CleanupResult result, Optional<String> instanceId, Instant at,
                          Optional<CopyCleanup> snapshotCopy, Optional<CopyCleanup> cluster) {

        public Cleanup {
            instanceId = Objects.requireNonNullElse(instanceId, Optional.empty());
            snapshotCopy = Objects.requireNonNullElse(snapshotCopy, Optional.empty());
            cluster = Objects.requireNonNullElse(cluster, Optional.empty());
        }

        public Cleanup(CleanupResult result, Optional<String> instanceId, Instant at,
                       Optional<CopyCleanup> snapshotCopy) {
            this(result, instanceId, at, snapshotCopy, Optional.empty());
        }

        public Cleanup(CleanupResult result, Optional<String> instanceId, Instant at) {
            this(result, instanceId, at, Optional.empty());
        }
    }

    /**
     * What cleanup did with one resource besides the instance: the snapshot copy, or a cluster drill's cluster.
     *
     * @param result {@code deleted}, {@code deleting} (clusters), {@code already-gone} or {@code nothing-to-delete}
     * @param id     the copy's (cluster's) identifier
     */
    public record CopyCleanup(CleanupResult result, String id) {
    }

    /**
     * What Step Functions puts at {@code $.error} when a Catch fires: the error name and its cause (in JSON
     * {@code Error} and {@code Cause}).
     */
    public record StepError(String error, String cause) {
    }
}
