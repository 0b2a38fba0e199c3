package io.restoredrill.core.domain;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the account's RDS quotas in one region leave for temporary drill instances: the {@code DBInstances} quota
 * (a count) and the {@code AllocatedStorage} quota (GiB), each with what is in use now. A quota RDS does not report
 * is absent and limits nothing.
 *
 * @param instancesMax  the DB instance quota, when reported
 * @param instancesUsed DB instances in the account and region now
 * @param storageMaxGib the total allocated storage quota in GiB, when reported
 * @param storageUsedGib allocated storage in use now, GiB
 */
public record RdsCapacity(OptionalLong instancesMax, long instancesUsed, OptionalLong storageMaxGib,
                          long storageUsedGib) {

    public RdsCapacity {
        if (instancesUsed < 0 || storageUsedGib < 0) {
            throw new IllegalArgumentException("usage cannot be negative");
        }
    }

    /** DB instances the quota still leaves; empty when RDS reports no instance quota. */
    public OptionalLong instancesLeft() {
        return instancesMax.isPresent() ? OptionalLong.of(Math.max(0, instancesMax.getAsLong() - instancesUsed))
                : OptionalLong.empty();
    }

    /** Storage the quota still leaves, GiB; empty when RDS reports no storage quota. */
    public OptionalLong storageLeftGib() {
        return storageMaxGib.isPresent() ? OptionalLong.of(Math.max(0, storageMaxGib.getAsLong() - storageUsedGib))
                : OptionalLong.empty();
    }

    /**
     * How many drills may hold a temporary instance at once: the configured concurrency, lowered to what the
     * instance quota leaves and, when each drill's instance needs {@code storagePerDrillGib}, to what the storage
     * quota leaves. Zero when the quota is used up.
     */
    public int concurrency(int configured, Optional<Long> storagePerDrillGib) {
        if (configured < 1) {
            throw new IllegalArgumentException("configured concurrency must be at least 1, not " + configured);
        }
        long allowed = configured;
        if (instancesLeft().isPresent()) {
            allowed = Math.min(allowed, instancesLeft().getAsLong());
        }
        if (storagePerDrillGib.isPresent() && storagePerDrillGib.get() > 0 && storageLeftGib().isPresent()) {
            allowed = Math.min(allowed, storageLeftGib().getAsLong() / storagePerDrillGib.get());
        }
        return (int) allowed;
    }
}
