package io.restoredrill.core.fleet;

import io.restoredrill.core.domain.ObjectLocation;
import io.restoredrill.core.domain.RdsCapacity;

import java.util.Objects;
import java.util.Optional;

/**
 * The plan of a night, small whatever the fleet's size: where its items are, how many drills run at once and why,
 * where the Map writes its results and where the summary goes.
 *
 * @param concurrency the Map's MaxConcurrency: at most the configured one, what the RDS quotas leave and the count
 * @param capacity    the RDS quotas read when planning
 * @param note        why drills queue at fewer than the configured concurrency, when the quotas make them
 * @param resultsBucket the bucket the Map's ResultWriter writes to
 * @param resultsPrefix the prefix it writes under
 */
public record NightPlan(ObjectLocation items, int count, int concurrency, int configuredConcurrency,
                        RdsCapacity capacity, Optional<String> note, String resultsBucket, String resultsPrefix,
                        ObjectLocation summary) {

    public NightPlan {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(resultsBucket, "resultsBucket");
        Objects.requireNonNull(resultsPrefix, "resultsPrefix");
        Objects.requireNonNull(summary, "summary");
    }
}
