package io.restoredrill.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A drill that restores one production database's backups, and when it last passed.
 *
 * @param database     the production DB instance (or cluster) the drill's backups come from
 * @param lastPassedAt when the drill's newest passing run started
 * @param location     the report that says so, for people
 */
public record DrillCoverage(String drillName, String database, Instant lastPassedAt, String location) {
    public DrillCoverage {
        Objects.requireNonNull(drillName, "drillName");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(lastPassedAt, "lastPassedAt");
        Objects.requireNonNull(location, "location");
    }
}
