package io.restoredrill.core.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One health check: a read-only query whose first column of the first row must satisfy {@code expect}.
 * A check without an expectation passes when its query runs without error (useful for "can I read this").
 */
public record HealthCheck(String name, String sql, Optional<Expectation> expect, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public HealthCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(expect, "expect");
        Objects.requireNonNull(timeout, "timeout");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a check needs a non-blank name");
        }
        if (sql.isBlank()) {
            throw new IllegalArgumentException("check \"" + name + "\" has no sql");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("check \"" + name + "\": timeout must be positive");
        }
    }
}
