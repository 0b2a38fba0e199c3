package io.restoredrill.core.domain;

import java.util.Objects;

/** The exact number of rows one user table held after the restore. */
public record TableRowCount(String schema, String table, long rows) {

    public TableRowCount {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }

    /** {@code schema.table}, the key tables are matched by against a baseline. */
    public String qualifiedName() {
        return schema + "." + table;
    }
}
