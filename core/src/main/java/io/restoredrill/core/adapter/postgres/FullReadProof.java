package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.ProofProgress;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofWindow;
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
 *
 * <p>In rounds ({@link #resume}): a table cut off by a round's end is read again from its start in the next
 * round; cut off by a round's end twice, it is reported as not read (it does not fit into one round). Rows and
 * bytes are counted only for tables read to the end, so each table counts once.
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
        return result(resume(database, ProofProgress.start(NAME), ProofWindow.whole(budget)));
    }

    /**
     * Reads the tables the earlier rounds did not read, in name order, until the window's time runs out. The first
     * round lists the tables; later rounds read from that list, so a table is read once over all rounds.
     */
    @Override
    public ProofProgress resume(DatabaseEndpoint database, ProofProgress from, ProofWindow window) {
        if (from.finished()) {
            return from;
        }
        ProofDeadline deadline = ProofDeadline.start(window.time());
        ProofNotebook notebook = ProofNotebook.of(from);
        if (deadline.expired() && window.resumable()) {
            return notebook.freeze(false, 0); // nothing to do in no time; the next round goes on
        }
        if (deadline.expired() && notebook.planned()) {
            notebook.stop(window.whyOut());
            return notebook.freeze(true, 0); // what is left is reported as not read; no connection needed
        }
        try (Connection c = PostgresConnections.open(database)) {
            ProofDeadline.readOnly(c);
            c.setReadOnly(true);
            boolean finished = read(c, deadline, window, notebook);
            return notebook.freeze(finished, deadline.elapsedMillis());
        } catch (SQLException e) {
            notebook.fact(CANNOT_RUN, "cannot list the tables of " + database.describe() + ": "
                    + JdbcDatabaseInspector.describe(e));
            return notebook.freeze(true, deadline.elapsedMillis());
        }
    }

    private static final String TABLE = "table";
    private static final String UNREADABLE = "unreadable";
    private static final String DENIED = "denied";
    private static final String NOT_READ = "not read";
    private static final String CANNOT_RUN = "cannot run";

    /** @return true when the proof is finished: every table read, or the time ran out and the window ends it */
    private boolean read(Connection c, ProofDeadline deadline, ProofWindow window, ProofNotebook notebook)
            throws SQLException {
        if (!notebook.planned()) {
            List<String> tables = new ArrayList<>();
            // Listing the tables gets at least a few seconds: without the list, not even "not read" can be said.
            deadline.limitNextStatementsToAtLeast(c, ProofDeadline.CATALOG_FLOOR);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(TABLES)) {
                while (rs.next()) {
                    tables.add(ProofNotebook.unit(TABLE, rs.getString(1)));
                }
            }
            notebook.plan(tables);
        }
        for (String unit : notebook.leftOf(TABLE)) {
            String table = ProofNotebook.relation(unit);
            if (deadline.expired()) {
                return outOfTime(window, notebook);
            }
            long timeout = deadline.limitNextStatements(c, perTableBudget);
            // The name was quoted by the server (quote_ident), so it is safe to put into the statement.
            // ROW(r.*) and not r: a column named r would win over the row.
            String sql = "SELECT count(*), coalesce(sum(length(ROW(r.*)::text)), 0) FROM " + table + " AS r";
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                notebook.add("rows", rs.getLong(1));
                notebook.add("bytes", rs.getLong(2));
                notebook.add("read", 1);
                notebook.done(unit);
            } catch (SQLException e) {
                if (ProofDeadline.canceled(e)) {
                    if (timeout >= perTableBudget.toMillis()) {
                        notebook.list(NOT_READ).add("not read within its per-table budget of "
                                + JdbcDatabaseInspector.human(perTableBudget) + ": " + table);
                        notebook.done(unit);
                        continue;
                    }
                    if (window.resumable()) {
                        notebook.cutOffByRoundEnd(unit);
                        return false;
                    }
                    notebook.list(NOT_READ).add("not read, " + window.whyOut() + " while reading it: " + table);
                    notebook.done(unit);
                    return outOfTime(window, notebook);
                } else if (ProofDeadline.denied(e)) {
                    notebook.list(DENIED).add("cannot read " + table + ": " + JdbcDatabaseInspector.describe(e));
                } else {
                    notebook.list(UNREADABLE).add("table " + table + " has an unreadable row: "
                            + JdbcDatabaseInspector.describe(e));
                }
                notebook.done(unit);
            }
        }
        return true;
    }

    /** Resumable: pause until the next round. Otherwise the proof ends, and what is left is reported. */
    private static boolean outOfTime(ProofWindow window, ProofNotebook notebook) {
        if (window.resumable()) {
            return false;
        }
        notebook.stop(window.whyOut());
        return true;
    }

    @Override
    public ProofResult result(ProofProgress progress) {
        ProofNotebook notebook = ProofNotebook.of(progress);
        String cannotRun = notebook.factOr(CANNOT_RUN, "");
        if (!cannotRun.isEmpty()) {
            return ProofResult.skipped(NAME, cannotRun, progress.spentMillis());
        }
        List<String> unreadable = notebook.list(UNREADABLE);
        List<String> denied = notebook.list(DENIED);
        List<String> notRead = new ArrayList<>(notebook.list(NOT_READ));
        notebook.list(ProofNotebook.GAVE_UP).forEach(unit -> notRead.add("not read, it did not finish within one"
                + " validate round: " + ProofNotebook.relation(unit)));
        List<String> left = notebook.leftOf(TABLE);
        if (!left.isEmpty()) {
            notRead.add("not read, " + notebook.factOr(ProofNotebook.STOPPED, ProofWindow.BUDGET_RAN_OUT) + ": "
                    + ProofDeadline.names(left.stream().map(ProofNotebook::relation).toList()));
        }
        List<String> findings = new ArrayList<>(unreadable);
        findings.addAll(denied);
        findings.addAll(notRead);
        String value = String.format(Locale.ROOT, "%d of %d tables read completely, %,d rows, %,d bytes as text",
                notebook.count("read"), notebook.unitsOf(TABLE).size(), notebook.count("rows"),
                notebook.count("bytes"));
        ProofVerdict verdict = !unreadable.isEmpty() ? ProofVerdict.FAILED
                : !denied.isEmpty() ? ProofVerdict.SKIPPED
                : !notRead.isEmpty() ? ProofVerdict.INCOMPLETE
                : ProofVerdict.PASSED;
        return new ProofResult(NAME, verdict, value, findings, progress.spentMillis());
    }
}
