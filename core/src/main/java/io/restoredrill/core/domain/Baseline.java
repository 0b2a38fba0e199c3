package io.restoredrill.core.domain;

import java.util.Map;
import java.util.Objects;

/**
 * Row counts from an earlier drill, to catch silent data loss: a table that shrank a lot between two
 * backups usually means the backup (or the application) lost data.
 *
 * @param origin      where the counts came from, e.g. the previous report's path
 * @param rowsByTable rows per {@code schema.table}
 */
public record Baseline(String origin, Map<String, Long> rowsByTable) {

    public Baseline {
        Objects.requireNonNull(origin, "origin");
        rowsByTable = Map.copyOf(rowsByTable);
    }
}
