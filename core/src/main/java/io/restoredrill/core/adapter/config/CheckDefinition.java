package io.restoredrill.core.adapter.config;

import io.restoredrill.core.domain.Expectation;
import io.restoredrill.core.domain.HealthCheck;

import java.time.Duration;
import java.util.Optional;

/**
 * One health check as written in a config file, before validation. Every value is text so that a bad one is
 * reported with its own message rather than as a Jackson type error.
 */
record CheckDefinition(String name, String sql, String expect, String timeout, String database) {

    HealthCheck toHealthCheck(ConfigItem item) {
        if (name == null || name.isBlank()) {
            throw item.invalid("has no name; every check needs a unique \"name\"");
        }
        if (sql == null || sql.isBlank()) {
            throw item.invalid("\"sql\" is missing or blank");
        }
        if (database != null && database.isBlank()) {
            throw item.invalid("\"database\" is blank; name the database the check runs in, or leave the key out");
        }
        return new HealthCheck(name, sql, expectation(item), timeout(item), Optional.ofNullable(database));
    }

    private Optional<Expectation> expectation(ConfigItem item) {
        if (expect == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Expectation.parse(expect));
        } catch (IllegalArgumentException e) {
            throw item.invalid(e.getMessage() + (lostItsOperator(expect) ? QUOTE_HINT : ""), e);
        }
    }

    static final String QUOTE_HINT = "; quote expectations in YAML, e.g. expect: \"!= 0\": unquoted, YAML reads"
            + " a leading \"!\" as a tag and a leading \">\" as the start of a text block";

    // Unquoted, "!= 0" reaches us as "0" (YAML took "!=" for a tag): the text then starts with no operator.
    private static boolean lostItsOperator(String text) {
        String t = text.strip();
        return !(t.startsWith("=") || t.startsWith("!") || t.startsWith("<") || t.startsWith(">")
                || t.regionMatches(true, 0, "between", 0, "between".length()));
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
