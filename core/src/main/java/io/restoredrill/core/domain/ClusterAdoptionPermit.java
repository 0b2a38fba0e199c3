package io.restoredrill.core.domain;

import java.util.Objects;

/**
 * Proof that {@link AdoptionGuard} found an Aurora cluster to be this drill's own. The port operations that modify
 * the cluster (its managed password) or add the drill's instance to it take nothing else, so neither can be pointed
 * at another cluster, nor told to change anything but what the operation itself fixes.
 */
public final class ClusterAdoptionPermit {

    private final String identifier;

    ClusterAdoptionPermit(String identifier) {
        this.identifier = Objects.requireNonNull(identifier, "identifier");
    }

    public String identifier() {
        return identifier;
    }

    @Override
    public String toString() {
        return "ClusterAdoptionPermit[" + identifier + "]";
    }
}
