package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.DatabaseProof;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads every user table completely, every column of every row, TOAST values included, on the server.
 *
 * <p>Per table one statement, {@code SELECT count(*), sum(length(ROW(r.*)::text)) FROM table AS r}: turning the
 * whole row into text calls each column's output function, which detoasts and decompresses every value, and the
 * sequential scan reads every heap page. Only two numbers come back, so nothing is shipped to the client (a
 * {@code count(*)} alone would never touch a TOAST value). A row that cannot be read (a missing TOAST chunk, a
 * broken page, a value that does not decompress) fails the statement, and the proof fails naming the table.
 *
 * <p>Each table gets a statement timeout of its per-table budget, or of what is left of the whole budget if that
 * is less. A table cut off by either is reported as not read (INCOMPLETE), never as read. Leaf tables and
 * materialized views are read; a partitioned table is read through its partitions, not twice.
 */
public final class FullReadProof implements DatabaseProof {

    public static final String NAME = "full-read";

    private static final String TABLES = """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm')
              AND c.relpersistence <> 't'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%'
              AND n.nspname NOT LIKE 'pg\\_temp%'
              AND (c.relkind <> 'm' OR c.relispopulated)
            ORDER BY 1
            """;

    private final Duration perTableBudget;

    /** @param perTableBudget the longest one table may take to read; positive */
    public FullReadProof(Duration perTableBudget) {
        Objects.requireNonNull(perTableBudget, "perTableBudget");
        if (perTableBudget.isNegative() || perTableBudget.isZero()) {
            throw new IllegalArgumentException("the per-table budget must be positive: " + perTableBudget);
        }
        this.perTableBudget = perTableBudget;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProofResult run(DatabaseEndpoint database, Duration budget) {
        ProofDeadline deadline = ProofDeadline.start(budget);
        try (Connection c = PostgresConnections.open(database)) {
            ProofDeadline.readOnly(c);
            c.setReadOnly(true);
            return read(c, deadline);
        } catch (SQLException e) {
            return ProofResult.skipped(NAME, "cannot list the tables of " + database.describe() + ": "
                    + JdbcDatabaseInspector.describe(e), deadline.elapsedMillis());
        }
    }

    private ProofResult read(Connection c, ProofDeadline deadline) throws SQLException {
        List<String> tables = new ArrayList<>();
        deadline.limitNextStatements(c);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(TABLES)) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        List<String> unreadable = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        List<String> notRead = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        int read = 0;
        for (int i = 0; i < tables.size(); i++) {
            String table = tables.get(i);
            if (deadline.expired()) {
                notRead.add("not read, the budget ran out: " + ProofDeadline.names(tables.subList(i, tables.size())));
                break;
            }
            long timeout = deadline.limitNextStatements(c, perTableBudget);
            // The name was quoted by the server (quote_ident), so it is safe to put into the statement.
            // ROW(r.*) and not r: a column named r would win over the row.
            String sql = "SELECT count(*), coalesce(sum(length(ROW(r.*)::text)), 0) FROM " + table + " AS r";
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                rows += rs.getLong(1);
                bytes += rs.getLong(2);
                read++;
            } catch (SQLException e) {
                if (ProofDeadline.canceled(e)) {
                    notRead.add(timeout >= perTableBudget.toMillis()
                            ? "not read within its per-table budget of " + JdbcDatabaseInspector.human(perTableBudget)
                                    + ": " + table
                            : "not read, the budget ran out while reading it: " + table);
                } else if (ProofDeadline.denied(e)) {
                    denied.add("cannot read " + table + ": " + JdbcDatabaseInspector.describe(e));
                } else {
                    unreadable.add("table " + table + " has an unreadable row: " + JdbcDatabaseInspector.describe(e));
                }
            }
        }
        List<String> findings = new ArrayList<>(unreadable);
        findings.addAll(denied);
        findings.addAll(notRead);
        String value = String.format(Locale.ROOT, "%d of %d tables read completely, %,d rows, %,d bytes as text",
                read, tables.size(), rows, bytes);
        ProofVerdict verdict = !unreadable.isEmpty() ? ProofVerdict.FAILED
                : !denied.isEmpty() ? ProofVerdict.SKIPPED
                : !notRead.isEmpty() ? ProofVerdict.INCOMPLETE
                : ProofVerdict.PASSED;
        return new ProofResult(NAME, verdict, value, findings, deadline.elapsedMillis());
    }
}
