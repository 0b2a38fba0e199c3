package io.restoredrill.core.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * One entry of {@code proofs.freshness}: the newest value of {@code column} in {@code table} must be at most
 * {@code maxAge} older than the backup itself.
 *
 * @param table   {@code schema.table}, or a table name that matches that table in any schema (see {@link TableName})
 * @param column  a {@code date}, {@code timestamp} or {@code timestamptz} column of it
 * @param maxAge  the largest lag allowed between the newest value and the backup's timestamp; positive
 * @param timeout how long the query for the newest value may run (a statement timeout); positive
 */
public record FreshnessRequirement(String table, String column, Duration maxAge, Duration timeout) {

    /** The default query timeout: {@code max(column)} is one index lookup, or one scan of a table without index. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

    public FreshnessRequirement {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(timeout, "timeout");
        if (table.isBlank() || column.isBlank()) {
            throw new IllegalArgumentException("a freshness entry needs a table and a column");
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, found " + maxAge);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, found " + timeout);
        }
    }

    /** {@code table.column}, as messages name it. */
    public String describe() {
        return table + "." + column;
    }
}
