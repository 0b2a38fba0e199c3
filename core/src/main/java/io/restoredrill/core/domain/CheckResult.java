package io.restoredrill.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one health check.
 *
 * @param value   the first column of the first row as text, empty when the query returned no row or failed
 * @param error   why the check could not be evaluated (SQL error, timeout, non-numeric value), if so
 */
public record CheckResult(
        String name,
        String sql,
        Optional<String> expected,
        Optional<String> value,
        Verdict verdict,
        Optional<String> error,
        long elapsedMillis) {

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(error, "error");
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }
}
