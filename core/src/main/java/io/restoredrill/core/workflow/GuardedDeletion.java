package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.DeletionPermit;
import io.restoredrill.core.domain.InstanceState;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.port.TemporaryInstances;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Deletes an instance the deletion guard approved, and says what became of it. Shared by cleanup and the reaper.
 *
 * <p>When the delete call fails, the instance is looked up again: if it is gone, or RDS now reports it as
 * {@code deleting} (e.g. DeleteDBInstance answered InvalidDBInstanceState because a first, timed-out attempt of
 * this same step had already started the deletion), the goal is reached and that is the outcome. In every other
 * case the original failure propagates, so the state machine retries or the reaper reports it.
 */
final class GuardedDeletion {

    private static final Logger log = LoggerFactory.getLogger(GuardedDeletion.class);

    enum Outcome {
        /** This call started the deletion. */
        DELETED,
        /** RDS was already deleting the instance: nothing needed doing. */
        ALREADY_DELETING,
        /** The instance no longer exists. */
        ALREADY_GONE
    }

    private GuardedDeletion() {
    }

    static Outcome delete(TemporaryInstances instances, DeletionPermit permit) {
        if (permit.instance().state() == InstanceState.DELETING) {
            log.info("instance {} is already being deleted", permit.identifier());
            return Outcome.ALREADY_DELETING;
        }
        try {
            return instances.delete(permit) ? Outcome.DELETED : Outcome.ALREADY_GONE;
        } catch (RuntimeException failure) {
            Optional<TemporaryInstance> now;
            try {
                now = instances.find(permit.identifier());
            } catch (RuntimeException lookup) {
                failure.addSuppressed(lookup);
                throw failure;
            }
            if (now.isEmpty()) {
                log.info("deleting instance {} failed ({}), but it is gone now", permit.identifier(), failure.toString());
                return Outcome.ALREADY_GONE;
            }
            if (now.get().state() == InstanceState.DELETING) {
                log.info("deleting instance {} failed ({}), but RDS is deleting it: counted as deleting",
                        permit.identifier(), failure.toString());
                return Outcome.ALREADY_DELETING;
            }
            throw failure;
        }
    }
}
