package io.restoredrill.core.domain;

import java.util.Objects;

/**
 * Proof that {@link DeletionGuard} approved deleting one Aurora cluster. Only the guard can make one, and the port
 * that deletes clusters takes nothing else: an instance's {@link DeletionPermit} cannot be used for a cluster, nor
 * the other way round.
 */
public final class ClusterDeletionPermit {

    private final TemporaryCluster cluster;

    ClusterDeletionPermit(TemporaryCluster cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    public String identifier() {
        return cluster.identifier();
    }

    public TemporaryCluster cluster() {
        return cluster;
    }

    @Override
    public String toString() {
        return "ClusterDeletionPermit[" + cluster.identifier() + "]";
    }
}
