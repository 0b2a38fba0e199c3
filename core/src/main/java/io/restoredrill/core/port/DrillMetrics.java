package io.restoredrill.core.port;

import io.restoredrill.core.domain.ObjectiveResult;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Publishes a drill's outcome as metrics (CloudWatch: DrillSucceeded, RestoreSeconds, BackupAgeHours, ChecksFailed;
 * for a drill with objectives, the objective and whether it was missed; the restore time against the recent median).
 */
public interface DrillMetrics {

    /** The outcome without objectives or trend. */
    default void publish(String drillName, boolean succeeded, OptionalDouble restoreSeconds,
                         OptionalDouble backupAgeHours, int checksFailed) {
        publish(drillName, succeeded, restoreSeconds, backupAgeHours, checksFailed, List.of(), OptionalDouble.empty());
    }

    /**
     * @param objectives             the report's objective results; an UNKNOWN one (nothing measured) publishes nothing
     * @param restoreVsRecentMedian  this drill's restore time over the median of its last passing drills, when the
     *                               trend has enough of them ({@link io.restoredrill.core.domain.RestoreTrend#ratio})
     */
    void publish(String drillName, boolean succeeded, OptionalDouble restoreSeconds, OptionalDouble backupAgeHours,
                 int checksFailed, List<ObjectiveResult> objectives, OptionalDouble restoreVsRecentMedian);
}
