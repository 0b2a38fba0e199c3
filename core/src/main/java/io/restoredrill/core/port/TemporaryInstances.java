package io.restoredrill.core.port;

import io.restoredrill.core.domain.DeletionPermit;
import io.restoredrill.core.domain.TemporaryInstance;

import java.util.List;
import java.util.Optional;

/** Finds and deletes the drills' temporary RDS instances ({@link InstanceLauncher} creates them). */
public interface TemporaryInstances {

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
