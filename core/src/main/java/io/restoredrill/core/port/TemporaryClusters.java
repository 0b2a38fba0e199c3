package io.restoredrill.core.port;

import io.restoredrill.core.domain.ClusterDeletionPermit;
import io.restoredrill.core.domain.TemporaryCluster;

import java.util.List;
import java.util.Optional;

/** Finds and deletes the drills' temporary Aurora clusters ({@link ClusterLauncher} creates them). */
public interface TemporaryClusters {

    /** The cluster with this identifier, or empty when there is none (or it is already gone). */
    Optional<TemporaryCluster> find(String identifier);

    /** Every DB cluster in the account and region, with its tags; the reaper picks its candidates from these. */
    List<TemporaryCluster> listAll();

    /**
     * Deletes the cluster without a final snapshot. RDS refuses while the cluster still has instances that are not
     * being deleted: that is an {@link io.restoredrill.core.domain.InstanceBusyException} (delete them first).
     *
     * @return false when the cluster was already gone
     */
    boolean delete(ClusterDeletionPermit permit);
}
