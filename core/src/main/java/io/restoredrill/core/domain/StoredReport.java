package io.restoredrill.core.domain;


import java.util.Objects;

/**
 * One drill report as it is kept, and where.
 *
 * @param location where the report is, for people and for links: a file path or {@code s3://bucket/key}
 */
public record StoredReport(String location, DrillReport report) {
    public StoredReport {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(report, "report");
    }
}
