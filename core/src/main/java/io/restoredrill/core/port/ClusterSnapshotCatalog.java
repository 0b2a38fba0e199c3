package io.restoredrill.core.port;

import io.restoredrill.core.domain.ProductionInstanceFacts;
import io.restoredrill.core.domain.SnapshotRef;

import java.util.List;
import java.util.Optional;

/**
 * The DB cluster snapshots of a production Aurora cluster, and the facts about the cluster the audit reports.
 * Read-only. The counterpart of {@link SnapshotCatalog} for clusters.
 */
public interface ClusterSnapshotCatalog {

    /**
     * Every cluster snapshot of the cluster this account can restore: manual, automated, AWS Backup, and shared with
     * this account from another one. Includes snapshots whose cluster no longer exists.
     */
    List<SnapshotRef> snapshotsOf(String dbClusterIdentifier);

    /** The production cluster's deletion protection and backup retention, or empty when it does not exist (any more). */
    Optional<ProductionInstanceFacts> productionCluster(String dbClusterIdentifier);
}
