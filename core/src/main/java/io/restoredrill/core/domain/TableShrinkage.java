package io.restoredrill.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A table that holds fewer rows than the baseline by more than the allowed fraction, or is missing.
 *
 * @param restoredRows empty when the table is not in the restored database at all
 * @param shrink       lost fraction of the baseline rows, 0..1 (1 for a missing table)
 */
public record TableShrinkage(String table, long baselineRows, Optional<Long> restoredRows, double shrink) {

    public TableShrinkage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(restoredRows, "restoredRows");
    }

    public String describe() {
        return restoredRows
                .map(rows -> String.format(java.util.Locale.ROOT, "%s shrank from %d to %d rows (-%.1f%%)",
                        table, baselineRows, rows, shrink * 100))
                .orElse(table + " (" + baselineRows + " rows in the baseline) is missing");
    }
}
