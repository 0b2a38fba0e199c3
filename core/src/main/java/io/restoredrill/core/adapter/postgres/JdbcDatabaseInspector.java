package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.Expectation;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.DatabaseInspector;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Row counts and health checks over JDBC, always inside a READ ONLY transaction that is rolled back.
 *
 * <p>A check cannot leave its read-only transaction: pgjdbc splits a string with several statements at the
 * semicolons and sends them one after another (even in the extended protocol), so "COMMIT; DELETE ..." would
 * run the DELETE outside the transaction. Such checks are refused before anything is sent, with pgjdbc's own
 * parser so the count matches what pgjdbc would send. Behind that, the session default is read-only too, and a
 * query has taken the transaction's snapshot before the check runs, after which PostgreSQL refuses
 * {@code SET TRANSACTION READ WRITE}.
 *
 * <p>Values: a numeric column is compared as an exact decimal; a boolean as 1 (true) or 0 (false), so
 * {@code SELECT bool_and(...)} can be checked with {@code "= 1"}; any other column is compared when its text is
 * a number (e.g. {@code "42"}), and fails the check otherwise.
 */
public final class JdbcDatabaseInspector implements DatabaseInspector {

    private static final Logger log = LoggerFactory.getLogger(JdbcDatabaseInspector.class);

    private static final String QUERY_CANCELED = "57014";
    private static final String READ_ONLY_SQL_TRANSACTION = "25006";

    private static final String USER_TABLES = """
            SELECT n.nspname, c.relname, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%'
              AND n.nspname NOT LIKE 'pg\\_temp%'
            ORDER BY n.nspname, c.relname
            """;

    @Override
    public List<TableRowCount> countRows(DatabaseEndpoint database) {
        try (Connection c = PostgresConnections.open(database)) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try {
                return countRows(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot count rows in " + database.describe() + ": "
                    + describe(e), e);
        }
    }

    private static List<TableRowCount> countRows(Connection c) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(USER_TABLES)) {
            while (rs.next()) {
                tables.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        List<TableRowCount> counts = new ArrayList<>(tables.size());
        for (String[] table : tables) {
            // The name was quoted by the server (quote_ident), so it is safe to put into the statement.
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table[2])) {
                rs.next();
                counts.add(new TableRowCount(table[0], table[1], rs.getLong(1)));
            } catch (SQLException e) {
                throw new RestoreFailedException("cannot count rows of table " + table[0] + "." + table[1] + ": "
                        + describe(e), e);
            }
        }
        return counts;
    }

    @Override
    public CheckResult run(HealthCheck check, DatabaseEndpoint database) {
        long started = System.nanoTime();
        Outcome outcome = evaluate(check, database);
        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
        return new CheckResult(check.name(), check.sql(), check.expect().map(Expectation::text), outcome.value,
                outcome.verdict, outcome.error, elapsed);
    }

    private record Outcome(Optional<String> value, Verdict verdict, Optional<String> error) {
        static Outcome failed(Optional<String> value, String error) {
            return new Outcome(value, Verdict.FAILED, Optional.of(error));
        }
    }

    private static Outcome evaluate(HealthCheck check, DatabaseEndpoint database) {
        Optional<String> tooMany = severalStatements(check.sql());
        if (tooMany.isPresent()) {
            return Outcome.failed(Optional.empty(), tooMany.get());
        }
        Connection c;
        try {
            c = PostgresConnections.open(database);
        } catch (SQLException e) {
            return Outcome.failed(Optional.empty(), "cannot connect to " + database.describe() + ": " + describe(e));
        }
        try (c) {
            return evaluate(check, c);
        } catch (SQLException e) {
            // Only close() can get here; the check's outcome was already decided.
            log.warn("closing the connection after check {} failed: {}", check.name(), e.getMessage());
            return Outcome.failed(Optional.empty(), "connection failed: " + describe(e));
        }
    }

    private static Outcome evaluate(HealthCheck check, Connection c) {
        try {
            try (Statement s = c.createStatement()) {
                // Transactions that might start after a COMMIT are read-only too.
                s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            }
            c.setReadOnly(true); // with autocommit off, pgjdbc begins with BEGIN READ ONLY
            c.setAutoCommit(false);
            // A query in the transaction, so its snapshot is taken: from then on PostgreSQL refuses to switch the
            // transaction to read-write. It also sets the timeout for this transaction only.
            try (PreparedStatement p = c.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
                p.setString(1, Long.toString(Math.max(1, check.timeout().toMillis())));
                p.executeQuery().close();
            }
            return execute(check, c);
        } catch (SQLException e) {
            return Outcome.failed(Optional.empty(), sqlError(check, e));
        } finally {
            rollback(check, c);
        }
    }

    private static Outcome execute(HealthCheck check, Connection c) throws SQLException {
        Optional<String> value = Optional.empty();
        Optional<BigDecimal> number = Optional.empty();
        try (Statement s = c.createStatement()) {
            // The check's text goes to the server as written: no JDBC {escape} rewriting, and a '?' (a jsonb
            // operator) is not a parameter because this is not a prepared statement.
            s.setEscapeProcessing(false);
            s.setMaxRows(1);
            if (s.execute(check.sql())) {
                try (ResultSet rs = s.getResultSet()) {
                    if (rs.next()) {
                        Cell cell = Cell.of(rs);
                        value = cell.text;
                        number = cell.number;
                    } else {
                        return checkWithoutValue(check, "query returned no row");
                    }
                }
            } else {
                return checkWithoutValue(check, "query returned no row");
            }
        }
        if (check.expect().isEmpty()) {
            return new Outcome(value, Verdict.PASSED, Optional.empty());
        }
        if (value.isEmpty()) {
            return Outcome.failed(value, "query returned NULL");
        }
        if (number.isEmpty()) {
            return Outcome.failed(value, "value '" + value.get() + "' is not a number");
        }
        boolean met = check.expect().get().isSatisfiedBy(number.get());
        return new Outcome(value, met ? Verdict.PASSED : Verdict.FAILED, Optional.empty());
    }

    private static Outcome checkWithoutValue(HealthCheck check, String why) {
        return check.expect().isEmpty()
                ? new Outcome(Optional.empty(), Verdict.PASSED, Optional.empty())
                : Outcome.failed(Optional.empty(), why);
    }

    /** The first column of a row: its text (empty for NULL) and its value as a number, when it is one. */
    private record Cell(Optional<String> text, Optional<BigDecimal> number) {

        static Cell of(ResultSet rs) throws SQLException {
            int type = rs.getMetaData().getColumnType(1);
            switch (type) {
                case Types.BIT, Types.BOOLEAN -> {
                    boolean b = rs.getBoolean(1);
                    return rs.wasNull()
                            ? new Cell(Optional.empty(), Optional.empty())
                            : new Cell(Optional.of(Boolean.toString(b)), Optional.of(b ? BigDecimal.ONE : BigDecimal.ZERO));
                }
                default -> {
                    String text = rs.getString(1);
                    if (text == null) {
                        return new Cell(Optional.empty(), Optional.empty());
                    }
                    // Numeric columns arrive as their exact decimal text (pgjdbc's text format), so parsing the
                    // text is exact for numeric, integers and the shortest round-trip text of floats;
                    // NaN and Infinity are not numbers to compare.
                    String trimmed = text.strip();
                    Optional<BigDecimal> number = Expectation.NUMBER.matcher(trimmed).matches()
                            ? Optional.of(new BigDecimal(trimmed))
                            : Optional.empty();
                    if ((type == Types.NUMERIC || type == Types.DECIMAL) && number.isPresent()) {
                        // numeric keeps the scale of its computation (14.2800000000000000): show 14.28.
                        text = number.get().stripTrailingZeros().toPlainString();
                    }
                    return new Cell(Optional.of(text), number);
                }
            }
        }
    }

    /**
     * Refuses a check of more than one statement, counted as pgjdbc counts them (it would send each one).
     * A trailing semicolon is fine: it leaves no second statement.
     */
    static Optional<String> severalStatements(String sql) {
        List<NativeQuery> statements;
        try {
            statements = Parser.parseJdbcSql(sql, true, false, true, false, false);
        } catch (SQLException e) {
            return Optional.of("cannot parse the check's SQL: " + e.getMessage());
        }
        if (statements.size() > 1) {
            return Optional.of("a check must be a single SQL statement, this one has " + statements.size()
                    + " (separated by ';')");
        }
        return Optional.empty();
    }

    private static String sqlError(HealthCheck check, SQLException e) {
        String state = e.getSQLState();
        if (QUERY_CANCELED.equals(state)) {
            return "timed out after " + human(check.timeout()) + " (the check's statement timeout)";
        }
        if (READ_ONLY_SQL_TRANSACTION.equals(state)) {
            return "check tried to write: " + describe(e);
        }
        return describe(e);
    }

    private static void rollback(HealthCheck check, Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            // Closing the connection right after this ends the transaction without committing it anyway.
            log.warn("rollback after check {} failed: {}", check.name(), e.getMessage());
        }
    }

    /** PostgreSQL's own message and SQLSTATE, without pgjdbc's "Position:" and hint lines. */
    static String describe(SQLException e) {
        String message = e.getMessage();
        if (e instanceof PSQLException p) {
            ServerErrorMessage server = p.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                message = server.getMessage();
            }
        }
        return e.getSQLState() == null ? message : message + " (SQLSTATE " + e.getSQLState() + ")";
    }

    /** "60s", "1m 30s", "200ms". */
    static String human(Duration d) {
        if (d.toMillisPart() != 0 || d.toSeconds() == 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s >= 60 && s % 60 != 0) {
            return s / 60 + "m " + s % 60 + "s";
        }
        return s >= 60 ? s / 60 + "m" : s + "s";
    }
}
