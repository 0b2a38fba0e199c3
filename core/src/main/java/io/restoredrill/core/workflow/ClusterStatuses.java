package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.AdoptionGuard;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.InstanceState;
import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.port.InstanceLauncher;
import io.restoredrill.core.port.TemporaryClusters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Maps an Aurora cluster drill's cluster and its one DB instance to the state document's {@code instance}: what the
 * poll loop acts on and validate connects to. It is {@code available} only when the cluster and the instance are
 * both available and the cluster's managed master secret is usable; its endpoint is then the cluster's writer
 * endpoint (DBCluster.Endpoint and Port), its secret and master user the cluster's.
 */
final class ClusterStatuses {

    private static final Logger log = LoggerFactory.getLogger(ClusterStatuses.class);

    /** The state's {@code instance.rdsStatus} while the instance cannot be created yet: the cluster is not available. */
    static final String AWAITING_CLUSTER = "awaiting-cluster";

    private ClusterStatuses() {
    }

    static boolean isClusterDrill(DrillState state) {
        return !isRestoreTest(state) && (state.cluster().isPresent() || state.drill().valid()
                .map(spec -> spec.source() instanceof DrillSpec.AuroraCluster).orElse(false));
    }

    /**
     * An AWS Backup restore test: its state's {@code cluster}, when there is one, is AWS Backup's restored cluster,
     * never a drill's; only the instance the adopt step added is restore-drill's.
     */
    static boolean isRestoreTest(DrillState state) {
        return state.drill().valid().map(spec -> spec.source() instanceof DrillSpec.AwsBackupRestoreTest)
                .orElse(false);
    }

    /** The request for the drill's one DB instance in its cluster: the cluster's name with {@code -1}, the same tags. */
    static InstanceLauncher.Request instanceRequest(DrillSpec spec, String executionId, Instant expiresAt) {
        InstanceLauncher.Request cluster = TemporaryInstanceRequests.of(spec, executionId, expiresAt);
        return new InstanceLauncher.Request(TemporaryInstanceName.clusterInstance(spec.name(), executionId),
                cluster.target(), Map.copyOf(cluster.tags()));
    }

    /** The instance as the restore step names it: not created before the cluster is available. */
    static DrillState.Instance awaitingCluster(DrillSpec spec, String executionId, Instant expiresAt) {
        return new DrillState.Instance(TemporaryInstanceName.clusterInstance(spec.name(), executionId),
                InstanceStatus.CREATING, AWAITING_CLUSTER, Optional.empty(), Optional.empty(), Optional.empty(),
                expiresAt);
    }

    /**
     * The cluster an earlier attempt of this execution restored, if there is one.
     *
     * @throws io.restoredrill.core.domain.InstanceConflictException when a cluster with the name exists that is not
     *                                                               this drill's own
     */
    static Optional<TemporaryCluster> existingOwn(TemporaryClusters clusters, InstanceLauncher.Request request) {
        Optional<TemporaryCluster> existing = clusters.find(request.identifier());
        existing.ifPresent(cluster -> {
            AdoptionGuard.checkOwnCluster(cluster, request.tags().get(DrillTags.DRILL),
                    request.tags().get(DrillTags.EXECUTION));
            log.info("adopting cluster {} that an earlier attempt of this execution restored", request.identifier());
        });
        return existing;
    }

    /** The drill's instance while there is work left on the cluster or the instance: {@code creating}. */
    static DrillState.Instance creating(DrillState.Instance known, TemporaryCluster cluster,
                                        Optional<TemporaryInstance> instance) {
        return new DrillState.Instance(known.id(), InstanceStatus.CREATING,
                instance.map(TemporaryInstance::rdsStatus).orElse(known.rdsStatus()), Optional.empty(),
                cluster.secretArn().or(known::secretArn), cluster.masterUsername().or(known::masterUsername),
                known.expiresAt());
    }

    static DrillState.Instance of(DrillState.Instance known, TemporaryCluster cluster, TemporaryInstance instance) {
        boolean broken = failedOrLeaving(cluster.state()) || failedOrLeaving(instance.state());
        boolean ready = cluster.state() == InstanceState.AVAILABLE && instance.state() == InstanceState.AVAILABLE
                && cluster.managedSecret() == TemporaryInstance.ManagedSecret.USABLE
                && cluster.writerEndpoint().isPresent();
        InstanceStatus status = broken ? InstanceStatus.FAILED : ready ? InstanceStatus.AVAILABLE : InstanceStatus.CREATING;
        return new DrillState.Instance(known.id(), status, instance.rdsStatus(),
                ready ? cluster.writerEndpoint().map(e -> new DrillState.Endpoint(e.host(), e.port())) : Optional.empty(),
                cluster.secretArn().or(known::secretArn), cluster.masterUsername().or(known::masterUsername),
                InstanceStatuses.expiresAt(instance).orElse(known.expiresAt()));
    }

    static boolean failedOrLeaving(InstanceState state) {
        return state == InstanceState.FAILED || state == InstanceState.DELETING;
    }
}
