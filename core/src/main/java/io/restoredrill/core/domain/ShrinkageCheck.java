package io.restoredrill.core.domain;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Compares restored row counts with a baseline and lists the tables that lost more than allowed. */
public final class ShrinkageCheck {

    private ShrinkageCheck() {
    }

    /**
     * The tables of {@code baseline} that lost more than {@code maxShrink} (0..1) of their rows, or are missing.
     */
    public static List<TableShrinkage> findShrunkTables(Baseline baseline, List<TableRowCount> restored, double maxShrink) {
        return findShrunkTables(baseline, restored, Tolerances.uniform(maxShrink));
    }

    /**
     * The tables of {@code baseline} that lost more than their tolerance of their rows, or are missing. A missing
     * table fails whatever its tolerance: {@code maxShrink: 100%} lets a table be emptied, not dropped (a lost table
     * is a schema change, not a row count).
     */
    public static List<TableShrinkage> findShrunkTables(Baseline baseline, List<TableRowCount> restored,
                                                        Tolerances tolerances) {
        Map<String, Long> now = restored.stream()
                .collect(Collectors.toMap(TableRowCount::qualifiedName, TableRowCount::rows, (a, b) -> a));
        List<TableShrinkage> shrunk = new ArrayList<>();
        // Sorted so the report lists tables in a stable order.
        for (Map.Entry<String, Long> entry : new TreeMap<>(baseline.rowsByTable()).entrySet()) {
            String table = entry.getKey();
            long before = entry.getValue();
            Long after = now.get(table);
            double allowed = tolerances.maxShrinkFor(table);
            if (after == null) {
                shrunk.add(new TableShrinkage(table, before, Optional.empty(), 1.0));
            } else if (before > 0 && after < before) {
                double lost = (double) (before - after) / before;
                if (lost > allowed) {
                    shrunk.add(new TableShrinkage(table, before, Optional.of(after), lost));
                }
            }
        }
        return shrunk;
    }
}
