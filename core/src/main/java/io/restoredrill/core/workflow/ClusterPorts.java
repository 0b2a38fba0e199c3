package io.restoredrill.core.workflow;

import io.restoredrill.core.port.ClusterLauncher;
import io.restoredrill.core.port.ClusterSnapshotCatalog;
import io.restoredrill.core.port.SnapshotCopies;
import io.restoredrill.core.port.TemporaryClusters;

import java.util.Objects;

/**
 * What the steps need for Aurora cluster drills, besides the instance ports they already have.
 *
 * @param copies the drills' temporary copies of shared encrypted <em>cluster</em> snapshots (CopyDBClusterSnapshot);
 *               cluster snapshots are apart from DB snapshots in RDS, so this is not the instance drills' port
 */
public record ClusterPorts(ClusterSnapshotCatalog catalog, ClusterLauncher launcher, TemporaryClusters clusters,
                           SnapshotCopies copies) {

    public ClusterPorts {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(clusters, "clusters");
        Objects.requireNonNull(copies, "copies");
    }
}
