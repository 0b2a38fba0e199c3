package io.restoredrill.core.domain;

import java.util.Objects;

/**
 * One database of a backup that holds several (a pg_dumpall file), and the temporary database it was restored into.
 *
 * @param name       the database's name in the backup, e.g. {@code shop}: what checks name ({@code database:}) and
 *                   what the report prefixes its tables with
 * @param restoredAs the temporary database on the drill's server that holds its copy
 */
public record RestoredDatabase(String name, String restoredAs) {

    public RestoredDatabase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(restoredAs, "restoredAs");
        if (name.isEmpty() || restoredAs.isEmpty()) {
            throw new IllegalArgumentException("a restored database needs a name and the database it became");
        }
    }
}
