package io.restoredrill.core.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The audit of one account and region.
 *
 * @param inventory where the databases were read, e.g. {@code RDS in eu-west-1}
 * @param notes     what the audit could not see or judge, for people (drill reports not read, drills that name no
 *                  database, copies in other accounts and regions)
 */
public record AccountAuditReport(String inventory, Instant checkedAt, List<DatabaseFinding> databases,
                                 List<String> notes) {

    public AccountAuditReport {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(checkedAt, "checkedAt");
        databases = List.copyOf(databases);
        notes = List.copyOf(notes);
    }

    /** Whether any database that is not excluded has a high-severity finding. */
    public boolean anyHigh() {
        return databases.stream().filter(d -> !d.excluded())
                .anyMatch(d -> d.findings().stream().anyMatch(f -> f.severity() == Severity.HIGH));
    }

    /** How many databases, not excluded, have this as their worst finding's severity or worse. */
    public long databasesAtOrAbove(Severity severity) {
        return databases.stream().filter(d -> !d.excluded())
                .filter(d -> d.worst().filter(w -> w.compareTo(severity) <= 0).isPresent()).count();
    }

    public long count(Severity severity) {
        return databases.stream().flatMap(d -> d.findings().stream()).filter(f -> f.severity() == severity).count();
    }
}
