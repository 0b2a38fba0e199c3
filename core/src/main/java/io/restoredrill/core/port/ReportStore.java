package io.restoredrill.core.port;

import io.restoredrill.core.domain.DrillReport;

/** Keeps drill reports where people and the next drill's baseline can find them. */
public interface ReportStore {

    /**
     * Stores the report under its drill, date and execution.
     *
     * @return where it was stored, e.g. {@code s3://bucket/reports/orders/2026/11/26/<execution>.json}
     */
    String store(DrillReport report, String executionId);
}
