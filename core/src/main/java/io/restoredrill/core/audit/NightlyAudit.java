package io.restoredrill.core.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The account audit as a nightly job: audits, keeps the report beside the drills' reports, then publishes the
 * figures an alarm watches. The report is stored before the metrics are published, so an alarm always has a report
 * to point at. A high-severity finding is not an error of the job: the alarm on the metric tells people.
 */
public final class NightlyAudit {

    /**
     * What one night found.
     *
     * @param location           where the report was kept
     * @param databases          databases audited (excluded ones included)
     * @param databasesAtHigh    databases, not excluded, with a high-severity finding
     */
    public record Outcome(Instant checkedAt, String location, int databases, long databasesAtHigh) {
    }

    private final Supplier<List<AccountAuditReport>> audit;
    private final AuditReportStore store;
    private final AuditMetrics metrics;

    /** @param audit runs the audit of every region the job covers */
    public NightlyAudit(Supplier<List<AccountAuditReport>> audit, AuditReportStore store, AuditMetrics metrics) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.store = Objects.requireNonNull(store, "store");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public Outcome run() {
        List<AccountAuditReport> reports = List.copyOf(audit.get());
        if (reports.isEmpty()) {
            throw new IllegalStateException("the audit covered no region");
        }
        Instant checkedAt = reports.get(0).checkedAt();
        String location = store.store(checkedAt, reports);
        metrics.publish(checkedAt, reports);
        int databases = reports.stream().mapToInt(r -> r.databases().size()).sum();
        long atHigh = reports.stream().mapToLong(r -> r.databasesAtOrAbove(Severity.HIGH)).sum();
        return new Outcome(checkedAt, location, databases, atHigh);
    }
}
