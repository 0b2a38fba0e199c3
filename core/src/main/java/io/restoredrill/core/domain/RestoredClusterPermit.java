package io.restoredrill.core.domain;

import java.util.Objects;

/**
 * Proof that {@link AdoptionGuard#checkRestoredCluster} found an Aurora cluster to be the one an AWS Backup restore
 * testing job restored (not production's). It permits one thing only: adding the drill's own DB instance to that
 * cluster ({@link io.restoredrill.core.port.RestoredClusters#addInstance}). No port operation that modifies or deletes
 * a cluster takes it: the cluster is AWS Backup's, which deletes it when the validation window ends.
 */
public final class RestoredClusterPermit {

    private final String identifier;

    RestoredClusterPermit(String identifier) {
        this.identifier = Objects.requireNonNull(identifier, "identifier");
    }

    public String identifier() {
        return identifier;
    }

    @Override
    public String toString() {
        return "RestoredClusterPermit[" + identifier + "]";
    }
}
