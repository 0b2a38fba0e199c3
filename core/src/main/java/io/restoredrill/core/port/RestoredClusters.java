package io.restoredrill.core.port;

import io.restoredrill.core.domain.RestoredClusterPermit;
import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.domain.TemporaryInstance;

import java.util.Optional;

/**
 * The Aurora cluster an AWS Backup restore testing job restored, as the restore-testing workflow may use it: read it,
 * and add the drill's one DB instance to it (AWS Backup restores a cluster without any instance). Nothing here can
 * modify or delete the cluster: it is AWS Backup's.
 */
public interface RestoredClusters {

    /** The cluster with this identifier, or empty when there is none. */
    Optional<TemporaryCluster> find(String identifier);

    /**
     * Creates the drill's DB instance in the cluster: never publicly accessible, the request's identifier, class and
     * (drill) tags. Adopts an existing instance of that name when it is this drill's own (a retried step).
     */
    TemporaryInstance addInstance(InstanceLauncher.Request instance, RestoredClusterPermit cluster);
}
