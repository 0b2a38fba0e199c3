package io.restoredrill.core.port;

import io.restoredrill.core.domain.ClusterAdoptionPermit;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.domain.TemporaryInstance;

/**
 * Creates a cluster drill's temporary Aurora cluster and its one DB instance. RDS restores a cluster snapshot into a
 * cluster only; the instance is created afterwards, once the cluster is available, and the master password is
 * handed to RDS (Secrets Manager) with a separate modify, as RestoreDBClusterFromSnapshot does not take it.
 */
public interface ClusterLauncher {

    /**
     * Restores a cluster snapshot into a new cluster named {@code request.identifier()}, with the request's tags, no
     * deletion protection, in the drill's subnet group and security groups. When a cluster with that identifier
     * exists already (a retried step), returns it instead, if it is this drill's own.
     */
    TemporaryCluster restoreFromSnapshot(InstanceLauncher.Request request, SnapshotRef snapshot);

    /**
     * Turns on RDS management of the cluster's master password (applied immediately); changes nothing else.
     *
     * @return the cluster as RDS reports it after the request (its secret typically {@code creating})
     */
    TemporaryCluster enableManagedMasterPassword(ClusterAdoptionPermit cluster);

    /**
     * Creates the drill's DB instance in the cluster: never publicly accessible, the request's identifier, class and
     * tags. Adopts an existing instance of that name when it is this drill's own.
     */
    TemporaryInstance createInstance(InstanceLauncher.Request instance, ClusterAdoptionPermit cluster);
}
