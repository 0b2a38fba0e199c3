package io.restoredrill.core.domain;

import java.util.Objects;

/**
 * How a table named in the user's configuration ({@code tables:}, {@code proofs.freshness}) matches the tables of
 * the restored database. One rule for both, so a name means the same table everywhere:
 * <ul>
 *   <li>{@code schema.table} (one dot) is exactly that table;</li>
 *   <li>{@code table} (no dot) is a table of that name in <em>any</em> user schema: unlike PostgreSQL's
 *       {@code search_path}, the drill's session has no application's path to resolve it by, and most
 *       databases hold one table of each name.</li>
 * </ul>
 * Names are compared as the catalogs store them (unquoted identifiers are lower case), case-sensitively.
 */
public final class TableName {

    private TableName() {
    }

    /** True when the configured {@code name} names the table {@code schema.table}. */
    public static boolean matches(String name, String schema, String table) {
        Objects.requireNonNull(name, "name");
        int dot = name.indexOf('.');
        if (dot < 0) {
            return name.equals(table);
        }
        return name.substring(0, dot).equals(schema) && name.substring(dot + 1).equals(table);
    }

    /**
     * True when {@code name} names the table whose qualified name is {@code qualified}: {@code schema.table}, or
     * {@code database.schema.table} for a table of a backup of several databases (pg_dumpall), which
     * {@code database.schema.table} names exactly and {@code schema.table} or {@code table} in any of its databases.
     */
    public static boolean matches(String name, String qualified) {
        if (name.equals(qualified)) {
            return true;
        }
        int dot = qualified.indexOf('.');
        if (dot < 0) {
            return false;
        }
        if (matches(name, qualified.substring(0, dot), qualified.substring(dot + 1))) {
            return true;
        }
        String inDatabase = qualified.substring(dot + 1);
        return inDatabase.indexOf('.') >= 0 && matches(name, inDatabase);
    }

    /** True for {@code schema.table}: a name that can match one table only. */
    public static boolean isQualified(String name) {
        return name.indexOf('.') >= 0;
    }
}
