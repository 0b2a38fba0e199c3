package io.restoredrill.core.fleet;

import io.restoredrill.core.domain.ObjectLocation;

import java.util.List;
import java.util.Objects;

/**
 * The night's outcome as the state machine keeps it: counts, the failed drills' names, the orphans, where every
 * verdict is, and the cause for the Fail state. Bounded: names only (no reasons) and a cause below
 * {@link SummarizeNight#MAX_CAUSE} characters, so 500 failed drills fit the 256 KB of a state's payload.
 */
public record NightSummary(int drills, int passed, int failed, int orphaned, List<String> failedDrills,
                           List<String> orphanedInstances, ObjectLocation summary, String cause) {

    public NightSummary {
        failedDrills = List.copyOf(failedDrills);
        orphanedInstances = List.copyOf(orphanedInstances);
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(cause, "cause");
    }
}
