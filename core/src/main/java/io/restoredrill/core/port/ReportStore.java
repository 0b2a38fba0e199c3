package io.restoredrill.core.port;

import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.DrillReport;

import java.util.Optional;

/** Keeps drill reports where people and the next drill's baseline can find them. */
public interface ReportStore {

    /**
     * Stores the report under its drill, date and execution.
     *
     * @return where it was stored, e.g. {@code s3://bucket/reports/orders/2026/11/26/<execution>.json}
     */
    String store(DrillReport report, String executionId);

    /**
     * The row counts of the drill's last passing report, to catch tables that shrank since; empty before the
     * drill's first pass.
     *
     * @throws RuntimeException naming where it looked, when the store cannot be read
     */
    Optional<Baseline> latestBaseline(String drillName);
}
