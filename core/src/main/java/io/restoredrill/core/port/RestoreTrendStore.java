package io.restoredrill.core.port;

import io.restoredrill.core.domain.RestoreTrend;

import java.util.Optional;

/**
 * Keeps each drill's {@link RestoreTrend} (the restore times of its last passing drills) between drills. A CloudWatch
 * alarm looks back at most 7 days, so the 30-drill window has to live outside CloudWatch.
 */
public interface RestoreTrendStore {

    /**
     * The drill's trend; empty before its first passing drill.
     *
     * @throws RuntimeException naming where it looked, when the store cannot be read
     */
    Optional<RestoreTrend> load(String drillName);

    /** Replaces the drill's trend. */
    void save(String drillName, RestoreTrend trend);
}
