package io.restoredrill.core.port;

import io.restoredrill.core.domain.SnapshotCopy;
import io.restoredrill.core.domain.SnapshotDeletionPermit;
import io.restoredrill.core.domain.SnapshotRef;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The drills' temporary copies of shared snapshots in this account: made before a restore (RDS cannot restore a
 * shared encrypted snapshot directly), deleted by cleanup and the reaper.
 */
public interface SnapshotCopies {

    /**
     * What to copy into: the copy's identifier (the drill's temporary name), the KMS key of this account that
     * encrypts it, and its tags (the drill's four).
     */
    record CopyRequest(String identifier, String kmsKeyId, Map<String, String> tags) {
        public CopyRequest {
            Objects.requireNonNull(identifier, "identifier");
            Objects.requireNonNull(kmsKeyId, "kmsKeyId");
            tags = Map.copyOf(tags);
        }
    }

    /**
     * Starts copying a shared snapshot into this account. When a snapshot with the request's identifier exists
     * already (a retried step), returns it instead, if it is this drill's own; otherwise the conflict is refused.
     */
    SnapshotCopy copy(SnapshotRef shared, CopyRequest request);

    /** This account's snapshot with that identifier, or empty when there is none. */
    Optional<SnapshotCopy> find(String identifier);

    /** Every manual snapshot of this account whose identifier has the drill prefix; the reaper picks from these. */
    List<SnapshotCopy> listDrillNamed();

    /**
     * Deletes the snapshot. Only a {@link SnapshotDeletionPermit} from the snapshot deletion guard can ask for it.
     *
     * @return false when it was already gone
     */
    boolean delete(SnapshotDeletionPermit permit);
}
