package io.restoredrill.core.adapter.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A proof's budget as a deadline, turned into the statement timeout of each statement the proof sends: a
 * statement never gets more time than the budget has left, so the server itself stops it when the budget runs out.
 */
final class ProofDeadline {

    /** The least a proof's catalog reads get, even when its time is (nearly) spent. */
    static final Duration CATALOG_FLOOR = Duration.ofSeconds(5);

    static final String QUERY_CANCELED = "57014";
    static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final long startedNanos;
    private final long deadlineNanos;

    private ProofDeadline(long startedNanos, Duration budget) {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("a proof's time must not be negative: " + budget);
        }
        // Zero is a round that has no time left for this proof: expired from the start.
        this.startedNanos = startedNanos;
        this.deadlineNanos = startedNanos + budget.toNanos();
    }

    static ProofDeadline start(Duration budget) {
        return new ProofDeadline(System.nanoTime(), budget);
    }

    long remainingMillis() {
        return Math.max(0, Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis());
    }

    /** Less than a millisecond left: nothing more can be started. */
    boolean expired() {
        return remainingMillis() < 1;
    }

    long elapsedMillis() {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    /**
     * Sets the session's statement timeout to what is left of the budget, at most {@code cap}.
     *
     * @return the timeout set, in milliseconds
     */
    long limitNextStatements(Connection c, Duration cap) throws SQLException {
        long millis = Math.max(1, Math.min(remainingMillis(), cap.toMillis()));
        try (Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + millis);
        }
        return millis;
    }

    /**
     * Sets the session's statement timeout to what is left of the budget, but at least {@code floor}: for the
     * catalog reads without which a proof cannot even say what it did not check.
     */
    void limitNextStatementsToAtLeast(Connection c, Duration floor) throws SQLException {
        long millis = Math.max(remainingMillis(), floor.toMillis());
        try (Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + millis);
        }
    }

    long limitNextStatements(Connection c) throws SQLException {
        return limitNextStatements(c, Duration.ofMillis(Long.MAX_VALUE / 2));
    }

    static boolean canceled(SQLException e) {
        return QUERY_CANCELED.equals(e.getSQLState());
    }

    static boolean denied(SQLException e) {
        return INSUFFICIENT_PRIVILEGE.equals(e.getSQLState());
    }

    /** Relation names listed in one finding at most; a report of a database with thousands stays readable. */
    static final int MAX_NAMES = 50;

    /** "a, b, c", or the first {@link #MAX_NAMES} and "and N more". */
    static String names(java.util.List<String> names) {
        if (names.size() <= MAX_NAMES) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, MAX_NAMES)) + " and " + (names.size() - MAX_NAMES) + " more";
    }

    /** Makes every later transaction of the session read-only: a proof reads. */
    static void readOnly(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        }
    }
}
