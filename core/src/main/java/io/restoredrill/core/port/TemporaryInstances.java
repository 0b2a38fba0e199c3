package io.restoredrill.core.port;

import io.restoredrill.core.domain.DeletionPermit;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.TemporaryInstance;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Creates, finds and deletes the drills' temporary RDS instances. */
public interface TemporaryInstances {

    /**
     * What to create: its identifier, settings and tags. The instance is never publicly accessible, single-AZ,
     * without deletion protection, and its master password is managed by RDS in Secrets Manager.
     */
    record Request(String identifier, DrillSpec.RdsTargetSpec target, Map<String, String> tags) {
        public Request {
            Objects.requireNonNull(identifier, "identifier");
            Objects.requireNonNull(target, "target");
            tags = Map.copyOf(tags);
        }
    }

    /**
     * Restores a snapshot into a new instance. When an instance with the request's identifier exists already
     * (a retried step), returns that one instead of creating a second.
     */
    TemporaryInstance restoreFromSnapshot(Request request, SnapshotRef snapshot);

    /** Creates a new empty PostgreSQL instance (for dumps from S3); adopts an existing one like the restore. */
    TemporaryInstance createBlank(Request request);

    /** The instance with this identifier, or empty when there is none (or it is already gone). */
    Optional<TemporaryInstance> find(String identifier);

    /** Every instance in the account and region, with its tags; the reaper picks its candidates from these. */
    List<TemporaryInstance> listAll();

    /**
     * Deletes the instance (no final snapshot, automated backups deleted too). Only a {@link DeletionPermit}
     * from the deletion guard can ask for it.
     *
     * @return false when the instance was already gone
     */
    boolean delete(DeletionPermit permit);
}
