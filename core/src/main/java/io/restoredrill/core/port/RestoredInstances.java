package io.restoredrill.core.port;

import io.restoredrill.core.domain.TemporaryInstance;

import java.util.Optional;

/**
 * Reads the instance AWS Backup restored, and nothing more: the restore-testing workflow never creates, changes or
 * deletes a resource of AWS Backup's, so its port has no method that could.
 */
@FunctionalInterface
public interface RestoredInstances {

    /** The instance with this identifier, or empty when there is none. */
    Optional<TemporaryInstance> find(String identifier);
}
