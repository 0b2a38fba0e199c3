package io.restoredrill.core.domain;

import java.time.Instant;
import java.util.Objects;

/** What the restored database holds as the newest value of a freshness column ({@code max(column)}). */
public sealed interface NewestValue {

    /**
     * The column's newest value.
     *
     * @param column the column as found, {@code schema.table.column}
     * @param type   its type, e.g. {@code timestamp with time zone}
     * @param value  the value as an instant: a {@code timestamp} (without time zone) read as UTC, a {@code date} as
     *               its midnight UTC
     */
    record Found(String column, String type, Instant value) implements NewestValue {
        public Found {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }

    /** The table has no row with a value in the column: the backup holds no data to be fresh. */
    record NoValue(String column) implements NewestValue {
        public NoValue {
            Objects.requireNonNull(column, "column");
        }
    }

    /**
     * No value could be read, and why: the table or column is missing, its name matches several tables, the value
     * is infinite, the query failed or timed out.
     */
    record Unreadable(String reason) implements NewestValue {
        public Unreadable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The column is not a {@code date}, {@code timestamp} or {@code timestamptz}: the configuration is wrong. */
    record WrongType(String column, String type) implements NewestValue {
        public WrongType {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(type, "type");
        }
    }
}
