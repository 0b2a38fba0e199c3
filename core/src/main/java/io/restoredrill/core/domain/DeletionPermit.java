package io.restoredrill.core.domain;

import java.util.Objects;

/**
 * Proof that {@link DeletionGuard} approved deleting one instance. Only the guard can make one, and the port
 * that deletes instances takes nothing else: no code path can delete an instance the guard did not check.
 */
public final class DeletionPermit {

    private final TemporaryInstance instance;

    DeletionPermit(TemporaryInstance instance) {
        this.instance = Objects.requireNonNull(instance, "instance");
    }

    public String identifier() {
        return instance.identifier();
    }

    public TemporaryInstance instance() {
        return instance;
    }

    @Override
    public String toString() {
        return "DeletionPermit[" + instance.identifier() + "]";
    }
}
