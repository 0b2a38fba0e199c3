package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.AdoptionGuard;
import io.restoredrill.core.domain.AdoptionPermit;
import io.restoredrill.core.domain.ClusterAdoptionPermit;
import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.InstanceBusyException;
import io.restoredrill.core.domain.InstanceState;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.SnapshotCopy;
import io.restoredrill.core.domain.SnapshotCopyFailedException;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.domain.ValidationWindowClosedException;
import io.restoredrill.core.port.InstanceLauncher;
import io.restoredrill.core.port.SnapshotCopies;
import io.restoredrill.core.port.TemporaryInstances;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The state machine's poll: how far is the temporary instance, and what does it need next? Reports
 * {@code creating}, {@code available} (with its endpoint and managed secret) or {@code failed}; an instance that has
 * disappeared is {@code failed} with RDS status {@code not-found}.
 *
 * <p>The poll advances the drill, in this order:
 * <ol>
 *   <li>While the state has a {@code snapshotCopy} not restored yet (a shared encrypted snapshot the restore step
 *       copied): polls the copy; once it is {@code available}, restores the instance from it (the same request as
 *       any restore); a copy that failed or vanished fails the drill ({@link SnapshotCopyFailedException}).</li>
 *   <li>A restored instance RDS reports {@code available} that has no managed master secret yet gets one:
 *       ModifyDBInstance with ManageMasterUserPassword (only for an instance {@link AdoptionGuard} finds this
 *       drill's own); it is reported {@code creating} meanwhile.</li>
 *   <li>It is {@code available} once its secret is usable ({@code active}; see
 *       {@link TemporaryInstance#managedSecret()}).</li>
 * </ol>
 *
 * <p>An instance still not available when its {@code expires-at} has passed is reported {@code failed}: the
 * reaper deletes it from then on, so waiting longer could only end with the instance gone under the drill.
 */
public final class StatusStep {

    private static final Logger log = LoggerFactory.getLogger(StatusStep.class);
    static final String NOT_FOUND = "not-found";

    private final TemporaryInstances instances;
    private final InstanceLauncher launcher;
    private final SnapshotCopies copies;
    private final Optional<ClusterPorts> clusters;
    private final Clock clock;

    /** A status step for instance drills and S3 dumps only: an Aurora cluster drill is refused. */
    public StatusStep(TemporaryInstances instances, InstanceLauncher launcher, SnapshotCopies copies, Clock clock) {
        this(instances, launcher, copies, Optional.empty(), clock);
    }

    public StatusStep(TemporaryInstances instances, InstanceLauncher launcher, SnapshotCopies copies,
                      ClusterPorts clusters, Clock clock) {
        this(instances, launcher, copies, Optional.of(clusters), clock);
    }

    private StatusStep(TemporaryInstances instances, InstanceLauncher launcher, SnapshotCopies copies,
                       Optional<ClusterPorts> clusters, Clock clock) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.copies = Objects.requireNonNull(copies, "copies");
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws InvalidConfigurationException when the state document has no instance (status runs after restore)
     * @throws SnapshotCopyFailedException   when the drill's snapshot copy failed or vanished before the restore
     * @throws io.restoredrill.core.domain.InstanceConflictException when the instance or copy with the drill's name
     *                                       is not this drill's own: nothing is modified or restored
     */
    public DrillState status(DrillState state) {
        DrillState.Instance known = state.instance().orElseThrow(() -> new InvalidConfigurationException(
                "the state document has no \"instance\": the status step runs after the restore step"));
        if (state.cluster().isPresent() && ClusterStatuses.isRestoreTest(state)) {
            return restoreTestClusterStatus(state, known, state.cluster().get());
        }
        if (state.cluster().isPresent()) {
            return giveUpAfterExpiry(clusterStatus(state, known, state.cluster().get()));
        }
        Optional<DrillState.SnapshotCopy> pendingCopy = state.snapshotCopy()
                .filter(c -> !c.status().equals(DrillState.SnapshotCopy.RESTORED));
        if (pendingCopy.isPresent()) {
            return giveUpAfterExpiry(advanceCopy(state, known, pendingCopy.get()));
        }
        Optional<TemporaryInstance> found = instances.find(known.id());
        if (found.isEmpty()) {
            log.info("instance {} is gone", known.id());
            return state.withInstance(new DrillState.Instance(known.id(), InstanceStatus.FAILED, NOT_FOUND,
                    Optional.empty(), known.secretArn(), known.masterUsername(), known.expiresAt()));
        }
        TemporaryInstance instance = found.get();
        if (instance.state() == InstanceState.AVAILABLE
                && instance.managedSecret() == TemporaryInstance.ManagedSecret.NONE) {
            if (known.secretArn().isPresent()) {
                // An earlier poll's modify already made the secret; RDS's describe has not caught up yet.
                log.info("instance {} shows no managed secret yet, after the modify that created {}", known.id(),
                        known.secretArn().get());
                return giveUpAfterExpiry(state.withInstance(InstanceStatuses.creating(instance, known.expiresAt())));
            }
            TemporaryInstance modified = enableManagedPassword(state, instance);
            return giveUpAfterExpiry(state.withInstance(InstanceStatuses.creating(modified, known.expiresAt())));
        }
        return giveUpAfterExpiry(state.withInstance(InstanceStatuses.of(instance, known.expiresAt())));
    }

    /**
     * RestoreDBInstanceFromDBSnapshot cannot turn on a managed password for PostgreSQL, so the poll does it once
     * the instance is available. The instance then keeps the production master user name; RDS sets a new
     * password and keeps it in Secrets Manager.
     */
    private TemporaryInstance enableManagedPassword(DrillState state, TemporaryInstance instance) {
        DrillSpec spec = state.drill().spec();
        AdoptionPermit permit = AdoptionGuard.checkOwnInstance(instance, spec.name(), state.executionId());
        try {
            TemporaryInstance modified = launcher.enableManagedMasterPassword(permit);
            log.info("instance {} is available; RDS now creates its managed master secret", instance.identifier());
            return modified;
        } catch (InstanceBusyException e) {
            log.info("instance {} cannot be modified yet ({}); the next poll tries again", instance.identifier(),
                    e.getMessage());
            return instance;
        }
    }

    private DrillState advanceCopy(DrillState state, DrillState.Instance known, DrillState.SnapshotCopy named) {
        SnapshotCopy copy = copies.find(named.id()).orElseThrow(() -> new SnapshotCopyFailedException("the drill's"
                + " temporary copy " + named.id() + " of shared snapshot " + named.sourceArn() + " no longer exists"
                + " (deleted while it was being made?), so there is nothing to restore; the drill fails"));
        DrillSpec spec = state.drill().spec();
        AdoptionGuard.checkOwnSnapshotCopy(copy, spec.name(), state.executionId());
        if (copy.inProgress()) {
            log.info("snapshot copy {} is {}", copy.identifier(), copy.status());
            return state.withSnapshotCopy(named.withStatus(copy.status()));
        }
        if (!copy.available()) {
            throw new SnapshotCopyFailedException("the drill's temporary copy " + copy.identifier() + " of shared"
                    + " snapshot " + named.sourceArn() + " ended in status " + copy.status() + ", not available, so"
                    + " it cannot be restored; its RDS events say why (often: this account may not use the source"
                    + " snapshot's KMS key, or the copy's key in source.rdsSnapshot.copyShared.kmsKeyId is unusable)");
        }
        InstanceLauncher.Request request = TemporaryInstanceRequests.of(spec, state.executionId(), known.expiresAt());
        SnapshotRef restorable = new SnapshotRef(copy.identifier(), copy.arn(), SnapshotRef.Kind.MANUAL,
                Instant.EPOCH, copy.status(), true, Optional.empty(), Optional.empty(), "");
        log.info("snapshot copy {} is available: restoring it into {}", copy.identifier(), request.identifier());
        TemporaryInstance instance = TemporaryInstanceRequests.existingOwn(instances, request)
                .orElseGet(() -> launcher.restoreFromSnapshot(request, restorable));
        return state.withSnapshotCopy(named.withStatus(DrillState.SnapshotCopy.RESTORED))
                .withInstance(InstanceStatuses.of(instance, known.expiresAt()));
    }

    /**
     * An Aurora cluster drill's poll, in this order: restore the cluster from the drill's snapshot copy once it is
     * available (as for instances); once the cluster is available, turn on its managed master password
     * (ModifyDBCluster, only for a cluster {@link AdoptionGuard} finds this drill's own); then create the drill's DB
     * instance in it (CreateDBInstance with DBClusterIdentifier, which RDS accepts only once the cluster is
     * available); then wait for both and the secret.
     */
    private DrillState clusterStatus(DrillState state, DrillState.Instance known, DrillState.Cluster named) {
        ClusterPorts ports = clusters.orElseThrow(() -> new InvalidConfigurationException("the state names Aurora"
                + " cluster " + named.id() + ", which this deployment's status function was not built for"));
        DrillSpec spec = state.drill().spec();
        Optional<DrillState.SnapshotCopy> pendingCopy = state.snapshotCopy()
                .filter(c -> !c.status().equals(DrillState.SnapshotCopy.RESTORED));
        if (pendingCopy.isPresent()) {
            return advanceClusterCopy(state, known, pendingCopy.get(), ports);
        }
        Optional<TemporaryCluster> found = ports.clusters().find(named.id());
        if (found.isEmpty()) {
            log.info("cluster {} is gone", named.id());
            return state.withCluster(new DrillState.Cluster(named.id(), NOT_FOUND))
                    .withInstance(new DrillState.Instance(known.id(), InstanceStatus.FAILED, NOT_FOUND,
                            Optional.empty(), known.secretArn(), known.masterUsername(), known.expiresAt()));
        }
        TemporaryCluster cluster = found.get();
        DrillState withCluster = state.withCluster(new DrillState.Cluster(cluster.identifier(), cluster.rdsStatus()));
        boolean clusterAvailable = cluster.state() == InstanceState.AVAILABLE;
        if (clusterAvailable && cluster.managedSecret() == TemporaryInstance.ManagedSecret.NONE) {
            if (known.secretArn().isPresent()) {
                log.info("cluster {} shows no managed secret yet, after the modify that created {}", named.id(),
                        known.secretArn().get());
                return withCluster.withInstance(ClusterStatuses.creating(known, cluster, Optional.empty()));
            }
            TemporaryCluster modified = enableClusterPassword(spec, state.executionId(), cluster, ports);
            return withCluster.withInstance(ClusterStatuses.creating(known, modified, Optional.empty()));
        }
        Optional<TemporaryInstance> member = instances.find(known.id());
        if (member.isEmpty()) {
            if (ClusterStatuses.failedOrLeaving(cluster.state())) {
                return withCluster.withInstance(new DrillState.Instance(known.id(), InstanceStatus.FAILED,
                        ClusterStatuses.AWAITING_CLUSTER, Optional.empty(), cluster.secretArn(),
                        cluster.masterUsername(), known.expiresAt()));
            }
            if (!clusterAvailable) {
                log.info("cluster {} is {}: its instance is created once it is available", named.id(),
                        cluster.rdsStatus());
                return withCluster.withInstance(ClusterStatuses.creating(known, cluster, Optional.empty()));
            }
            Optional<TemporaryInstance> created = createClusterInstance(spec, state.executionId(), known, cluster,
                    ports);
            return withCluster.withInstance(ClusterStatuses.creating(known, cluster, created));
        }
        return withCluster.withInstance(ClusterStatuses.of(known, cluster, member.get()));
    }

    private TemporaryCluster enableClusterPassword(DrillSpec spec, String executionId, TemporaryCluster cluster,
                                                   ClusterPorts ports) {
        ClusterAdoptionPermit permit = AdoptionGuard.checkOwnCluster(cluster, spec.name(), executionId);
        try {
            TemporaryCluster modified = ports.launcher().enableManagedMasterPassword(permit);
            log.info("cluster {} is available; RDS now creates its managed master secret", cluster.identifier());
            return modified;
        } catch (InstanceBusyException e) {
            log.info("cluster {} cannot be modified yet ({}); the next poll tries again", cluster.identifier(),
                    e.getMessage());
            return cluster;
        }
    }

    private Optional<TemporaryInstance> createClusterInstance(DrillSpec spec, String executionId,
                                                              DrillState.Instance known, TemporaryCluster cluster,
                                                              ClusterPorts ports) {
        ClusterAdoptionPermit permit = AdoptionGuard.checkOwnCluster(cluster, spec.name(), executionId);
        try {
            TemporaryInstance created = ports.launcher().createInstance(
                    ClusterStatuses.instanceRequest(spec, executionId, known.expiresAt()), permit);
            log.info("cluster {} is available: created its instance {}", cluster.identifier(), created.identifier());
            return Optional.of(created);
        } catch (InstanceBusyException e) {
            log.info("cluster {} cannot take an instance yet ({}); the next poll tries again", cluster.identifier(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private DrillState advanceClusterCopy(DrillState state, DrillState.Instance known, DrillState.SnapshotCopy named,
                                          ClusterPorts ports) {
        SnapshotCopy copy = ports.copies().find(named.id()).orElseThrow(() -> new SnapshotCopyFailedException("the"
                + " drill's temporary copy " + named.id() + " of shared cluster snapshot " + named.sourceArn()
                + " no longer exists (deleted while it was being made?), so there is nothing to restore; the drill"
                + " fails"));
        DrillSpec spec = state.drill().spec();
        AdoptionGuard.checkOwnSnapshotCopy(copy, spec.name(), state.executionId());
        if (copy.inProgress()) {
            log.info("cluster snapshot copy {} is {}", copy.identifier(), copy.status());
            return state.withSnapshotCopy(named.withStatus(copy.status()));
        }
        if (!copy.available()) {
            throw new SnapshotCopyFailedException("the drill's temporary copy " + copy.identifier() + " of shared"
                    + " cluster snapshot " + named.sourceArn() + " ended in status " + copy.status() + ", not"
                    + " available, so it cannot be restored; its RDS events say why (often: this account may not use"
                    + " the source snapshot's KMS key, or the key in source.auroraCluster.copyShared.kmsKeyId is"
                    + " unusable)");
        }
        InstanceLauncher.Request request = TemporaryInstanceRequests.of(spec, state.executionId(), known.expiresAt());
        SnapshotRef restorable = new SnapshotRef(copy.identifier(), copy.arn(), SnapshotRef.Kind.MANUAL,
                Instant.EPOCH, copy.status(), true, Optional.empty(), Optional.empty(), "");
        log.info("cluster snapshot copy {} is available: restoring it into cluster {}", copy.identifier(),
                request.identifier());
        TemporaryCluster cluster = ClusterStatuses.existingOwn(ports.clusters(), request)
                .orElseGet(() -> ports.launcher().restoreFromSnapshot(request, restorable));
        return state.withSnapshotCopy(named.withStatus(DrillState.SnapshotCopy.RESTORED))
                .withCluster(new DrillState.Cluster(cluster.identifier(), cluster.rdsStatus()))
                .withInstance(known);
    }

    /**
     * The poll of an AWS Backup restore test of an Aurora cluster: the cluster is AWS Backup's (described, never
     * modified: it keeps production's master password, validate logs in with the spec's login), the instance the one
     * the adopt step added. {@code available} once both are, with the cluster's writer endpoint; {@code failed} when
     * either is failed, being deleted or gone. While the instance is not available and the validation window no longer
     * leaves validation its time ({@link RestoreTestAdoption#VALIDATION_TIME} before {@code expiresAt}, the job's
     * creation plus the window), the poll ends with {@link ValidationWindowClosedException}: AWS Backup reports that as
     * TIMED_OUT, and the instance is deleted as on every path.
     */
    private DrillState restoreTestClusterStatus(DrillState state, DrillState.Instance known, DrillState.Cluster named) {
        ClusterPorts ports = clusters.orElseThrow(() -> new InvalidConfigurationException("the state names Aurora"
                + " cluster " + named.id() + ", which this deployment's status function was not built for"));
        Optional<TemporaryCluster> cluster = ports.clusters().find(named.id());
        Optional<TemporaryInstance> instance = instances.find(known.id());
        DrillState withCluster = state.withCluster(new DrillState.Cluster(named.id(),
                cluster.map(TemporaryCluster::rdsStatus).orElse(NOT_FOUND)));
        if (cluster.isEmpty() || instance.isEmpty()) {
            log.info("{} {} is gone", cluster.isEmpty() ? "cluster" : "instance",
                    cluster.isEmpty() ? named.id() : known.id());
            return withCluster.withInstance(new DrillState.Instance(known.id(), InstanceStatus.FAILED,
                    instance.map(TemporaryInstance::rdsStatus).orElse(NOT_FOUND), Optional.empty(), Optional.empty(),
                    Optional.empty(), known.expiresAt()));
        }
        boolean broken = ClusterStatuses.failedOrLeaving(cluster.get().state())
                || ClusterStatuses.failedOrLeaving(instance.get().state());
        boolean ready = cluster.get().state() == InstanceState.AVAILABLE
                && instance.get().state() == InstanceState.AVAILABLE && cluster.get().writerEndpoint().isPresent();
        InstanceStatus status = broken ? InstanceStatus.FAILED : ready ? InstanceStatus.AVAILABLE
                : InstanceStatus.CREATING;
        if (status == InstanceStatus.CREATING
                && clock.instant().plus(RestoreTestAdoption.VALIDATION_TIME).isAfter(known.expiresAt())) {
            throw new ValidationWindowClosedException("instance " + known.id() + " in AWS Backup's cluster "
                    + named.id() + " is still " + instance.get().rdsStatus() + " (cluster " + cluster.get().rdsStatus()
                    + ") at " + clock.instant() + ", and the validation window (until " + known.expiresAt()
                    + ") no longer leaves validation its " + RestoreTestAdoption.VALIDATION_TIME.toMinutes()
                    + " minutes");
        }
        DrillState.Instance now = new DrillState.Instance(known.id(), status, instance.get().rdsStatus(),
                ready ? cluster.get().writerEndpoint().map(e -> new DrillState.Endpoint(e.host(), e.port()))
                        : Optional.empty(), Optional.empty(), Optional.empty(), known.expiresAt());
        log.info("instance {} in AWS Backup's cluster {} is {} (RDS: {}, cluster {})", known.id(), named.id(), status,
                instance.get().rdsStatus(), cluster.get().rdsStatus());
        return withCluster.withInstance(now);
    }

    private DrillState giveUpAfterExpiry(DrillState state) {
        DrillState.Instance now = state.instance().orElseThrow();
        if (now.status() == InstanceStatus.CREATING && clock.instant().isAfter(now.expiresAt())) {
            log.warn("instance {} is still {} after its expiry {}: giving up on it", now.id(), now.rdsStatus(),
                    now.expiresAt());
            now = new DrillState.Instance(now.id(), InstanceStatus.FAILED, now.rdsStatus(), now.endpoint(),
                    now.secretArn(), now.masterUsername(), now.expiresAt());
        }
        log.info("instance {} is {} (RDS: {})", now.id(), now.status(), now.rdsStatus());
        return state.withInstance(now);
    }
}
