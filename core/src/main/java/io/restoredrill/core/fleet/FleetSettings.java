package io.restoredrill.core.fleet;

import io.restoredrill.core.domain.ObjectLocation;

import java.util.Objects;
import java.util.Optional;

/**
 * The deployment's side of planning a night.
 *
 * @param configuredConcurrency how many drills may run at once, before the RDS quotas have their say
 * @param deployedList          the drill list written at deploy time, read when the input names none
 */
public record FleetSettings(int configuredConcurrency, Optional<ObjectLocation> deployedList) {

    public FleetSettings {
        Objects.requireNonNull(deployedList, "deployedList");
        if (configuredConcurrency < 1) {
            throw new IllegalArgumentException("the configured concurrency must be at least 1, not "
                    + configuredConcurrency);
        }
    }
}
