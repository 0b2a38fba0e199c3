package io.restoredrill.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * The exact number of rows one user table held after the restore.
 *
 * @param database the database of the backup the table belongs to, when the backup held several (pg_dumpall); empty
 *                 for a backup of one database
 */
public record TableRowCount(Optional<String> database, String schema, String table, long rows) {

    public TableRowCount {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }

    /** A table of a backup of one database. */
    public TableRowCount(String schema, String table, long rows) {
        this(Optional.empty(), schema, table, rows);
    }

    /** The same count, as a table of the backup's database {@code name}. */
    public TableRowCount inDatabase(String name) {
        return new TableRowCount(Optional.of(name), schema, table, rows);
    }

    /**
     * {@code schema.table}, the key tables are matched by against a baseline; {@code database.schema.table} for a
     * table of a backup that held several databases, as SQL names a table of another catalog.
     */
    public String qualifiedName() {
        return database.map(d -> d + ".").orElse("") + schema + "." + table;
    }
}
