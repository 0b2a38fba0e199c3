package io.restoredrill.core.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Row counts from an earlier drill, to catch silent data loss: a table that shrank a lot between two
 * backups usually means the backup (or the application) lost data. Also the schema that drill restored, to catch
 * a lost table, column, index or constraint.
 *
 * @param origin      where the counts came from, e.g. the previous report's path
 * @param rowsByTable rows per {@code schema.table}
 * @param schema      the earlier drill's schema fingerprint; empty for a report written before fingerprints
 * @param acceptance  who made this report the baseline, when and why, when a person did
 *                    ({@code restore-drill baseline accept}); empty for a passing drill's own report
 */
public record Baseline(String origin, Map<String, Long> rowsByTable, Optional<SchemaFingerprint> schema,
                       Optional<BaselineAcceptance> acceptance) {

    /** A baseline of row counts only. */
    public Baseline(String origin, Map<String, Long> rowsByTable) {
        this(origin, rowsByTable, Optional.empty());
    }

    /** A baseline that no person accepted: a passing drill's report. */
    public Baseline(String origin, Map<String, Long> rowsByTable, Optional<SchemaFingerprint> schema) {
        this(origin, rowsByTable, schema, Optional.empty());
    }

    public Baseline {
        Objects.requireNonNull(origin, "origin");
        rowsByTable = Map.copyOf(rowsByTable);
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(acceptance, "acceptance");
    }
}
