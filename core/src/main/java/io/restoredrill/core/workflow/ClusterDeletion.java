package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.ClusterDeletionPermit;
import io.restoredrill.core.domain.InstanceState;
import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.port.TemporaryClusters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Deletes an Aurora cluster the deletion guard approved, and says what became of it; shared by cleanup and the
 * reaper, as {@link GuardedDeletion} is for instances. A failed delete is looked at again: a cluster that is gone,
 * or that RDS now reports {@code deleting} (a first, timed-out attempt started it), is the goal reached; any other
 * failure propagates (an {@link io.restoredrill.core.domain.InstanceBusyException} when the cluster still has
 * instances that are not being deleted).
 */
final class ClusterDeletion {

    private static final Logger log = LoggerFactory.getLogger(ClusterDeletion.class);

    private ClusterDeletion() {
    }

    static CleanupResult delete(TemporaryClusters clusters, ClusterDeletionPermit permit) {
        if (permit.cluster().state() == InstanceState.DELETING) {
            log.info("cluster {} is already being deleted", permit.identifier());
            return CleanupResult.DELETING;
        }
        try {
            return clusters.delete(permit) ? CleanupResult.DELETED : CleanupResult.ALREADY_GONE;
        } catch (RuntimeException failure) {
            Optional<TemporaryCluster> now;
            try {
                now = clusters.find(permit.identifier());
            } catch (RuntimeException lookup) {
                failure.addSuppressed(lookup);
                throw failure;
            }
            if (now.isEmpty()) {
                log.info("deleting cluster {} failed ({}), but it is gone now", permit.identifier(), failure.toString());
                return CleanupResult.ALREADY_GONE;
            }
            if (now.get().state() == InstanceState.DELETING) {
                log.info("deleting cluster {} failed ({}), but RDS is deleting it", permit.identifier(),
                        failure.toString());
                return CleanupResult.DELETING;
            }
            throw failure;
        }
    }
}
