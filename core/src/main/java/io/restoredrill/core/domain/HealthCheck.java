package io.restoredrill.core.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One health check: a read-only query whose first column of the first row must satisfy {@code expect}.
 * A check without an expectation passes when its query runs without error (useful for "can I read this").
 *
 * @param database the database the check runs in, by its name in the backup or on the restored instance; empty: the
 *                 drill's database (for a backup of several databases, the one that is not postgres or template1,
 *                 when there is exactly one)
 */
public record HealthCheck(String name, String sql, Optional<Expectation> expect, Duration timeout,
                          Optional<String> database) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public HealthCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(expect, "expect");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(database, "database");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a check needs a non-blank name");
        }
        if (sql.isBlank()) {
            throw new IllegalArgumentException("check \"" + name + "\" has no sql");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("check \"" + name + "\": timeout must be positive");
        }
        if (database.isPresent() && database.get().isBlank()) {
            throw new IllegalArgumentException("check \"" + name + "\": database must not be blank");
        }
    }

    /** A check in the drill's database. */
    public HealthCheck(String name, String sql, Optional<Expectation> expect, Duration timeout) {
        this(name, sql, expect, timeout, Optional.empty());
    }
}
