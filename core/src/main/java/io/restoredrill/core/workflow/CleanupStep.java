package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.ClusterDeletionPermit;
import io.restoredrill.core.domain.DeletionGuard;
import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.domain.DeletionPermit;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.SnapshotCopy;
import io.restoredrill.core.domain.SnapshotDeletionGuard;
import io.restoredrill.core.domain.SnapshotDeletionPermit;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.domain.UnsafeDeletionException;
import io.restoredrill.core.port.SnapshotCopies;
import io.restoredrill.core.port.TemporaryInstances;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The cleanup step of the state machine: deletes the drill's temporary instance, and nothing else. It runs after a
 * successful drill and after a failed one (then {@code $.instance} may be missing).
 *
 * <p>Every deletion goes through {@link DeletionGuard#checkOwnInstance}: the identifier has the drill prefix, the
 * instance is tagged {@code restore-drill:temporary=true} and its execution tag is this state's execution. An
 * identifier without the prefix is refused before any AWS call. A refusal is an {@link UnsafeDeletionException}
 * and nothing is deleted.
 *
 * <p>Results ({@code $.cleanup.result}): {@code deleted} (this step started the deletion), {@code deleting} (RDS
 * was already deleting it), {@code already-gone}, {@code nothing-to-delete} (the drill never created an instance).
 *
 * <p>Then, after the instance, the drill's temporary snapshot copy (a shared encrypted snapshot copied into this
 * account), when the state names one or the spec allows copies (the state may have lost it: a restore that failed
 * after RDS accepted the copy). It is deleted only through {@link SnapshotDeletionGuard#checkOwnCopy}: drill prefix,
 * {@code restore-drill:temporary=true}, this execution's tag. {@code $.cleanup.snapshotCopy} says what became of it:
 * {@code deleted}, {@code already-gone} or {@code nothing-to-delete}.
 *
 * <p>An Aurora cluster drill (its spec's source is {@code auroraCluster}, or the state names a {@code cluster}):
 * the instance first as above (the cluster's one instance), then the cluster through
 * {@link DeletionGuard#checkOwnCluster}, then its cluster snapshot copy; {@code $.cleanup.cluster} says what became of
 * the cluster.
 *
 * <p>An AWS Backup restore test (its spec's source is {@code awsBackupRestoreTest}): only the state's instance, through
 * the same guard. For an Aurora cluster that is the instance the adopt step added; the state's {@code cluster} is AWS
 * Backup's and is never deleted (nor looked up). For a DB instance the state names AWS Backup's instance, which the
 * guard refuses: the restore-testing workflow runs cleanup for cluster tests only.
 */
public final class CleanupStep {

    private static final Logger log = LoggerFactory.getLogger(CleanupStep.class);

    private final TemporaryInstances instances;
    private final SnapshotCopies copies;
    private final Optional<ClusterPorts> clusters;
    private final Clock clock;

    /** A cleanup step for instance drills and S3 dumps only: an Aurora cluster drill's state is refused. */
    public CleanupStep(TemporaryInstances instances, SnapshotCopies copies, Clock clock) {
        this(instances, copies, Optional.empty(), clock);
    }

    public CleanupStep(TemporaryInstances instances, SnapshotCopies copies, ClusterPorts clusters, Clock clock) {
        this(instances, copies, Optional.of(clusters), clock);
    }

    private CleanupStep(TemporaryInstances instances, SnapshotCopies copies, Optional<ClusterPorts> clusters,
                        Clock clock) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.copies = Objects.requireNonNull(copies, "copies");
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @return the state with {@code cleanup} set (and {@code instance.status} {@code deleted} when there was one)
     * @throws UnsafeDeletionException when the instance is not provably this drill's own; nothing was deleted
     */
    public DrillState cleanup(DrillState state) {
        if (ClusterStatuses.isClusterDrill(state)) {
            return cleanupClusterDrill(state);
        }
        DrillState cleaned = cleanupInstance(state);
        Optional<DrillState.CopyCleanup> copy = cleanupSnapshotCopy(state, copies);
        if (copy.isEmpty()) {
            return cleaned;
        }
        DrillState.Cleanup instanceCleanup = cleaned.cleanup().orElseThrow();
        return cleaned.withCleanup(new DrillState.Cleanup(instanceCleanup.result(), instanceCleanup.instanceId(),
                instanceCleanup.at(), copy));
    }

    /**
     * An Aurora cluster drill: its DB instance first (as any drill instance), then the cluster (DeleteDBCluster
     * without a final snapshot, through {@link DeletionGuard#checkOwnCluster}), then its cluster snapshot copy. The
     * cluster is deleted even when its instance is already gone or was never created. RDS refuses to delete a
     * cluster that still has instances not being deleted; then the step fails with InstanceBusyException, which the
     * state machine retries.
     */
    private DrillState cleanupClusterDrill(DrillState state) {
        ClusterPorts ports = clusters.orElseThrow(() -> new UnsafeDeletionException("the state is an Aurora cluster"
                + " drill's, and this deployment's cleanup function was not built for clusters; nothing was deleted"));
        DrillState cleaned = cleanupInstance(state);
        DrillState.Cleanup instanceCleanup = cleaned.cleanup().orElseThrow();
        Optional<DrillState.CopyCleanup> cluster = cleanupCluster(state, ports);
        Optional<DrillState.CopyCleanup> copy = cleanupSnapshotCopy(state, ports.copies());
        DrillState result = cleaned.withCleanup(new DrillState.Cleanup(instanceCleanup.result(),
                instanceCleanup.instanceId(), instanceCleanup.at(), copy, cluster));
        return cluster.map(c -> result.withCluster(new DrillState.Cluster(c.id(),
                c.result() == CleanupResult.NOTHING_TO_DELETE || c.result() == CleanupResult.ALREADY_GONE
                        ? StatusStep.NOT_FOUND : "deleting"))).orElse(result);
    }

    private Optional<DrillState.CopyCleanup> cleanupCluster(DrillState state, ClusterPorts ports) {
        Optional<DrillState.Cluster> named = state.cluster();
        Optional<String> id = named.map(DrillState.Cluster::id).or(() -> deterministicName(state));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (!TemporaryInstanceName.hasPrefix(id.get())) {
            throw new UnsafeDeletionException("refusing to delete cluster " + id.get() + ": the state document names a"
                    + " cluster whose identifier does not start with \"" + TemporaryInstanceName.PREFIX + "\";"
                    + " restore-drill deletes only the temporary clusters it created; nothing was deleted");
        }
        Optional<TemporaryCluster> found = ports.clusters().find(id.get());
        if (found.isEmpty()) {
            boolean neverCreated = named.isEmpty()
                    || named.get().rdsStatus().equals(InstanceStatuses.AWAITING_SNAPSHOT_COPY);
            CleanupResult result = neverCreated ? CleanupResult.NOTHING_TO_DELETE : CleanupResult.ALREADY_GONE;
            log.info("temporary cluster {}: {}", id.get(), result);
            return Optional.of(new DrillState.CopyCleanup(result, id.get()));
        }
        if (named.isEmpty()) {
            log.warn("the state names no cluster, but {} exists under this execution's name (the restore failed after"
                    + " RDS accepted it?): cleaning it up if the guard allows", id.get());
        }
        ClusterDeletionPermit permit = DeletionGuard.checkOwnCluster(found.get(), state.executionId());
        CleanupResult result = ClusterDeletion.delete(ports.clusters(), permit);
        log.info("cleanup of temporary cluster {}: {}", permit.identifier(), result);
        return Optional.of(new DrillState.CopyCleanup(result, id.get()));
    }

    private DrillState cleanupInstance(DrillState state) {
        if (state.instance().isPresent()) {
            return cleanupNamed(state, state.instance().get());
        }
        // The restore may have failed after RDS accepted the create (a timeout, a crash): the instance exists under
        // its deterministic name although the state never learnt of it.
        Optional<String> expected = ClusterStatuses.isClusterDrill(state)
                ? state.drill().valid().map(spec -> TemporaryInstanceName.clusterInstance(spec.name(), state.executionId()))
                : deterministicName(state);
        if (expected.isEmpty()) {
            log.info("no temporary instance to delete: the drill spec is invalid, so none was created");
            return state.withCleanup(new DrillState.Cleanup(CleanupResult.NOTHING_TO_DELETE, Optional.empty(), clock.instant()));
        }
        Optional<TemporaryInstance> found = instances.find(expected.get());
        if (found.isEmpty()) {
            log.info("no temporary instance to delete: {} does not exist", expected.get());
            return state.withCleanup(new DrillState.Cleanup(CleanupResult.NOTHING_TO_DELETE, Optional.empty(), clock.instant()));
        }
        log.warn("the state names no instance, but {} exists under this execution's name (the restore failed after"
                + " RDS accepted the create?): cleaning it up if the guard allows", expected.get());
        GuardedDeletion.Outcome outcome = deleteOwn(found.get(), state.executionId());
        return state.withCleanup(new DrillState.Cleanup(result(outcome), expected, clock.instant()));
    }

    private DrillState cleanupNamed(DrillState state, DrillState.Instance named) {
        String id = named.id();
        if (!TemporaryInstanceName.hasPrefix(id)) {
            // Refused before any AWS call: nothing about this instance is worth asking RDS.
            throw new UnsafeDeletionException("refusing to delete " + id + ": the state document names an instance"
                    + " whose identifier does not start with \"" + TemporaryInstanceName.PREFIX + "\"; restore-drill"
                    + " deletes only the temporary instances it created; nothing was deleted");
        }
        Optional<TemporaryInstance> found = instances.find(id);
        // Named but never created: its snapshot copy was still being made when the drill ended.
        boolean neverCreated = named.rdsStatus().equals(InstanceStatuses.AWAITING_SNAPSHOT_COPY)
                || named.rdsStatus().equals(ClusterStatuses.AWAITING_CLUSTER);
        CleanupResult result = found.map(instance -> result(deleteOwn(instance, state.executionId())))
                .orElse(neverCreated ? CleanupResult.NOTHING_TO_DELETE : CleanupResult.ALREADY_GONE);
        if (found.isEmpty()) {
            log.info("temporary instance {} {}", id, neverCreated ? "was never created" : "is already gone");
        }
        DrillState.Instance deleted = new DrillState.Instance(id, InstanceStatus.DELETED,
                found.isEmpty() ? "not-found" : "deleting", named.endpoint(), named.secretArn(),
                named.masterUsername(), named.expiresAt());
        return state.withInstance(deleted)
                .withCleanup(new DrillState.Cleanup(result, Optional.of(id), clock.instant()));
    }

    private GuardedDeletion.Outcome deleteOwn(TemporaryInstance instance, String executionId) {
        DeletionPermit permit = DeletionGuard.checkOwnInstance(instance, executionId);
        GuardedDeletion.Outcome outcome = GuardedDeletion.delete(instances, permit);
        log.info("cleanup of temporary instance {}: {}", permit.identifier(), result(outcome));
        return outcome;
    }

    private Optional<DrillState.CopyCleanup> cleanupSnapshotCopy(DrillState state, SnapshotCopies copies) {
        Optional<String> named = state.snapshotCopy().map(DrillState.SnapshotCopy::id);
        Optional<String> id = named.or(() -> specAllowsCopies(state)
                ? deterministicName(state) : Optional.empty());
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (!TemporaryInstanceName.hasPrefix(id.get())) {
            throw new UnsafeDeletionException("refusing to delete snapshot " + id.get() + ": the state document names"
                    + " a snapshot copy whose identifier does not start with \"" + TemporaryInstanceName.PREFIX
                    + "\"; restore-drill deletes only the temporary copies it made; nothing was deleted");
        }
        Optional<SnapshotCopy> found = copies.find(id.get());
        if (found.isEmpty()) {
            CleanupResult result = named.isPresent() ? CleanupResult.ALREADY_GONE : CleanupResult.NOTHING_TO_DELETE;
            log.info("temporary snapshot copy {}: {}", id.get(), result);
            return Optional.of(new DrillState.CopyCleanup(result, id.get()));
        }
        if (named.isEmpty()) {
            log.warn("the state names no snapshot copy, but {} exists under this execution's name (the restore failed"
                    + " after RDS accepted the copy?): cleaning it up if the guard allows", id.get());
        }
        SnapshotDeletionPermit permit = SnapshotDeletionGuard.checkOwnCopy(found.get(), state.executionId());
        CleanupResult result = copies.delete(permit) ? CleanupResult.DELETED : CleanupResult.ALREADY_GONE;
        log.info("cleanup of temporary snapshot copy {}: {}", permit.identifier(), result);
        return Optional.of(new DrillState.CopyCleanup(result, id.get()));
    }

    private static boolean specAllowsCopies(DrillState state) {
        // An invalid spec: the restore step refused it before copying anything.
        return state.drill().valid().map(spec -> spec.source() instanceof DrillSpec.RdsSnapshots rds
                ? rds.copyShared().isPresent()
                : spec.source() instanceof DrillSpec.AuroraCluster aurora && aurora.copyShared().isPresent())
                .orElse(false);
    }

    private static Optional<String> deterministicName(DrillState state) {
        return switch (state.drill()) {
            case DrillInput.Valid valid ->
                    Optional.of(TemporaryInstanceName.of(valid.spec().name(), state.executionId()));
            case DrillInput.Invalid invalid -> {
                // The restore step validates the same spec before creating anything: with this spec it created nothing.
                log.info("drill spec is invalid ({}): no instance can exist", invalid.reason().getMessage());
                yield Optional.empty();
            }
        };
    }

    private static CleanupResult result(GuardedDeletion.Outcome outcome) {
        return switch (outcome) {
            case DELETED -> CleanupResult.DELETED;
            case ALREADY_DELETING -> CleanupResult.DELETING;
            case ALREADY_GONE -> CleanupResult.ALREADY_GONE;
        };
    }
}
