package io.restoredrill.core.adapter.config;

import io.restoredrill.core.domain.Expectation;
import io.restoredrill.core.domain.HealthCheck;

import java.time.Duration;
import java.util.Optional;

/**
 * One health check as written in a config file, before validation. Every value is text so that a bad one is
 * reported with its own message rather than as a Jackson type error.
 */
record CheckDefinition(String name, String sql, String expect, String timeout) {

    HealthCheck toHealthCheck(ConfigItem item) {
        if (name == null || name.isBlank()) {
            throw item.invalid("has no name; every check needs a unique \"name\"");
        }
        if (sql == null || sql.isBlank()) {
            throw item.invalid("\"sql\" is missing or blank");
        }
        return new HealthCheck(name, sql, expectation(item), timeout(item));
    }

    private Optional<Expectation> expectation(ConfigItem item) {
        if (expect == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Expectation.parse(expect));
        } catch (IllegalArgumentException e) {
            throw item.invalid(e.getMessage(), e);
        }
    }

    private Duration timeout(ConfigItem item) {
        if (timeout == null) {
            return HealthCheck.DEFAULT_TIMEOUT;
        }
        Duration parsed;
        try {
            parsed = Durations.parse(timeout);
        } catch (IllegalArgumentException e) {
            throw item.invalid("timeout: " + e.getMessage(), e);
        }
        if (parsed.isZero()) {
            throw item.invalid("timeout \"" + timeout + "\" must be longer than zero");
        }
        return parsed;
    }
}
