package io.restoredrill.core.domain;

import java.util.Objects;

/**
 * Proof that {@link SnapshotDeletionGuard} approved deleting one snapshot copy. Only the guard can make one, and the
 * port that deletes snapshots takes nothing else: no code path can delete a snapshot the guard did not check.
 */
public final class SnapshotDeletionPermit {

    private final SnapshotCopy copy;

    SnapshotDeletionPermit(SnapshotCopy copy) {
        this.copy = Objects.requireNonNull(copy, "copy");
    }

    public String identifier() {
        return copy.identifier();
    }

    public SnapshotCopy copy() {
        return copy;
    }

    @Override
    public String toString() {
        return "SnapshotDeletionPermit[" + copy.identifier() + "]";
    }
}
