package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.ProofProgress;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofWindow;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.DatabaseProof;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * PostgreSQL's {@code amcheck} on the restored database: the structure of every B-tree index and of every table.
 *
 * <p>It creates the extension ({@code CREATE EXTENSION IF NOT EXISTS amcheck}) in the drill's temporary database
 * when it is not there, and drops it again afterwards, so the extension never shows up in the schema fingerprint.
 * Then, in read-only transactions, in three passes, each statement's timeout being what is left of the budget:
 * <ol>
 *   <li>{@code bt_index_check(index)} on every valid B-tree index of the user schemas: each page's order
 *       invariants and its links to its neighbours; it reads the index only, so every index gets at least this;</li>
 *   <li>{@code verify_heapam(table, on_error_stop => false, check_toast => true)} on every table and materialized
 *       view (amcheck 1.3, PostgreSQL 14+). It reports corruption as rows, not errors: each row is a finding;</li>
 *   <li>with what is left, {@code bt_index_check(index, heapallindexed => true)}, which also checks that every
 *       heap tuple has its index entry, at the cost of scanning the table: smallest tables first, until the budget
 *       runs out. Indexes it did not reach are said so, but that is not INCOMPLETE: passes 1 and 2 are the proof,
 *       heapallindexed deepens it where the budget allows.</li>
 * </ol>
 *
 * <p>Verdict: FAILED when anything is corrupt, naming the index or table; SKIPPED when amcheck is missing, cannot
 * be created, is refused (permission denied), or has no {@code verify_heapam} (an old server or extension); then
 * INCOMPLETE when passes 1 or 2 did not finish within the budget, listing what was not checked; else PASSED.
 *
 * <p>In rounds ({@link #resume}) the three passes are one list of units (an index or table in a pass), planned in the
 * first round; every round checks the units the earlier ones did not, so each is checked once. A unit cut off by a
 * round's end is checked again from its start in the next round; cut off a second time, it is reported as not
 * checked (it does not fit into one round).
 */
public final class AmcheckIntegrityProof implements DatabaseProof {

    public static final String NAME = "integrity";

    private static final Logger log = LoggerFactory.getLogger(AmcheckIntegrityProof.class);

    /** Corruption rows kept per table; the rest are counted. */
    private static final int ROWS_PER_TABLE = 20;

    private static final String USER_SCHEMA = """
              n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%'
              AND n.nspname NOT LIKE 'pg\\_temp%'
            """;

    private static final String INDEXES = """
            SELECT c.oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname), t.relpages
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
            JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_am a ON a.oid = c.relam
            WHERE a.amname = 'btree' AND c.relkind = 'i' AND c.relpersistence <> 't'
              AND i.indisvalid AND i.indisready AND
            """ + USER_SCHEMA + " ORDER BY 2";

    private static final String TABLES = """
            SELECT c.oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_am a ON a.oid = c.relam
            WHERE a.amname = 'heap' AND c.relkind IN ('r', 'm') AND c.relpersistence <> 't' AND
            """ + USER_SCHEMA + " ORDER BY 2";

    private static final String AMCHECK = """
            SELECT quote_ident(n.nspname), e.extversion,
                   EXISTS (SELECT FROM pg_catalog.pg_proc p WHERE p.pronamespace = n.oid
                           AND p.proname = 'verify_heapam'),
                   EXISTS (SELECT FROM pg_catalog.pg_proc p WHERE p.pronamespace = n.oid
                           AND p.proname = 'bt_index_check' AND p.pronargs >= 2)
            FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = 'amcheck'
            """;

    private record Relation(long oid, String name, long heapBytes) {
    }

    private record Amcheck(String schema, String version, boolean verifyHeapam, boolean heapAllIndexed) {
    }

    // The units of the proof's notebook, in the order of the three passes.
    private static final String INDEX = "index";
    private static final String TABLE = "table";
    private static final String HEAP_ALL_INDEXED = "heapallindexed";
    // Its finding lists and facts.
    private static final String CORRUPTION = "corruption";
    private static final String CORRUPT_INDEXES = "corrupt indexes";
    private static final String SKIPPED = "skipped";
    private static final String NOTES = "notes";
    private static final String REFUSED = "refused";
    private static final String VERSION = "amcheck version";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProofResult run(DatabaseEndpoint database, Duration budget) {
        return result(resume(database, ProofProgress.start(NAME), ProofWindow.whole(budget)));
    }

    /**
     * Goes on with the three passes where the last round stopped. The first round lists the indexes and tables
     * (the plan); each round creates amcheck when it is missing and drops it again at its end.
     */
    @Override
    public ProofProgress resume(DatabaseEndpoint database, ProofProgress from, ProofWindow window) {
        if (from.finished()) {
            return from;
        }
        ProofDeadline deadline = ProofDeadline.start(window.time());
        ProofNotebook notebook = ProofNotebook.of(from);
        if (deadline.expired() && window.resumable()) {
            return notebook.freeze(false, 0);
        }
        if (deadline.expired() && notebook.planned()) {
            notebook.stop(window.whyOut());
            return notebook.freeze(true, 0); // what is left is reported as not checked; no connection needed
        }
        try (Connection c = PostgresConnections.open(database)) {
            deadline.limitNextStatementsToAtLeast(c, ProofDeadline.CATALOG_FLOOR);
            boolean created;
            Amcheck amcheck;
            try {
                Optional<Amcheck> present = amcheck(c);
                created = present.isEmpty();
                if (created) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE EXTENSION IF NOT EXISTS amcheck");
                    }
                    present = amcheck(c);
                }
                amcheck = present.orElseThrow(() -> new SQLException("amcheck is not listed after CREATE EXTENSION"));
            } catch (SQLException e) {
                if (ProofDeadline.canceled(e)) {
                    return outOfTime(window, notebook, deadline);
                }
                return cannotRun(notebook, deadline, "amcheck is not available in " + database.describe() + ": "
                        + JdbcDatabaseInspector.describe(e));
            }
            try {
                boolean finished = check(c, amcheck, deadline, window, notebook);
                return notebook.freeze(finished, deadline.elapsedMillis());
            } finally {
                if (created) {
                    drop(c);
                }
            }
        } catch (SQLException e) {
            if (ProofDeadline.canceled(e)) {
                return outOfTime(window, notebook, deadline);
            }
            return cannotRun(notebook, deadline, "cannot check " + database.describe() + ": "
                    + JdbcDatabaseInspector.describe(e));
        }
    }

    private static ProofProgress outOfTime(ProofWindow window, ProofNotebook notebook, ProofDeadline deadline) {
        if (!window.resumable()) {
            notebook.stop(window.whyOut());
        }
        return notebook.freeze(!window.resumable(), deadline.elapsedMillis());
    }

    private static ProofProgress cannotRun(ProofNotebook notebook, ProofDeadline deadline, String reason) {
        notebook.fact(REFUSED, reason);
        return notebook.freeze(true, deadline.elapsedMillis());
    }

    private static Optional<Amcheck> amcheck(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(AMCHECK)) {
            return rs.next()
                    ? Optional.of(new Amcheck(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)))
                    : Optional.empty();
        }
    }

    private static void drop(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
            s.execute("SET statement_timeout = 30000");
            s.execute("DROP EXTENSION IF EXISTS amcheck");
        } catch (SQLException e) {
            // The database is the drill's own and is thrown away; only the schema fingerprint, if taken later,
            // would list amcheck as an addition.
            log.warn("cannot drop the amcheck extension this proof created: {}", JdbcDatabaseInspector.describe(e));
        }
    }

    /** @return true when the proof is finished: every unit checked, amcheck refused, or out of time for good */
    private static boolean check(Connection c, Amcheck amcheck, ProofDeadline deadline, ProofWindow window,
                                 ProofNotebook notebook) throws SQLException {
        if (!notebook.planned()) {
            plan(c, amcheck, notebook);
        }
        ProofDeadline.readOnly(c);
        for (String unit : notebook.units()) {
            if (notebook.isDone(unit)) {
                continue;
            }
            String kind = ProofNotebook.kind(unit);
            String relation = ProofNotebook.relation(unit);
            if (kind.equals(HEAP_ALL_INDEXED) && notebook.list(CORRUPT_INDEXES).contains(relation)) {
                notebook.done(unit); // pass 1 found it corrupt: pass 3 would only say so again
                notebook.add("heapallindexed not needed", 1);
                continue;
            }
            if (deadline.expired()) {
                return stopOrPause(window, notebook);
            }
            deadline.limitNextStatements(c);
            try (PreparedStatement p = c.prepareStatement(statement(kind, amcheck))) {
                p.setString(1, relation);
                int rows = 0;
                try (ResultSet rs = p.executeQuery()) {
                    while (kind.equals(TABLE) && rs.next()) {
                        rows++;
                        if (rows <= ROWS_PER_TABLE) {
                            notebook.list(CORRUPTION).add(heapRow(relation, rs));
                        }
                    }
                }
                if (rows > ROWS_PER_TABLE) {
                    notebook.list(CORRUPTION).add("table " + relation + ": " + (rows - ROWS_PER_TABLE)
                            + " more corrupt tuples");
                }
                notebook.add(kind, 1);
                notebook.done(unit);
            } catch (SQLException e) {
                if (ProofDeadline.canceled(e)) {
                    if (window.resumable()) {
                        notebook.cutOffByRoundEnd(unit);
                        return false;
                    }
                    return stopOrPause(window, notebook);
                }
                if (ProofDeadline.denied(e)) {
                    notebook.fact(REFUSED, "amcheck refused: " + JdbcDatabaseInspector.describe(e));
                    return true;
                }
                notebook.list(CORRUPTION).add(switch (kind) {
                    case INDEX -> "index " + relation;
                    case TABLE -> "table " + relation;
                    default -> "index " + relation + " (heapallindexed)";
                } + ": " + JdbcDatabaseInspector.describe(e));
                if (kind.equals(INDEX)) {
                    notebook.list(CORRUPT_INDEXES).add(relation);
                }
                if (!kind.equals(HEAP_ALL_INDEXED)) {
                    notebook.add(kind, 1); // checked, and found corrupt
                }
                notebook.done(unit);
            }
        }
        return true;
    }

    private static boolean stopOrPause(ProofWindow window, ProofNotebook notebook) {
        if (window.resumable()) {
            return false;
        }
        notebook.stop(window.whyOut());
        return true;
    }

    /**
     * The first round's plan: pass 1 every index, pass 2 every table (when there is verify_heapam), pass 3
     * heapallindexed on every index, smallest tables first (by their page count in pg_class: no lock taken).
     */
    private static void plan(Connection c, Amcheck amcheck, ProofNotebook notebook) throws SQLException {
        List<Relation> indexes = relations(c, INDEXES, true);
        List<Relation> tables = relations(c, TABLES, false);
        List<String> units = new ArrayList<>();
        indexes.forEach(index -> units.add(ProofNotebook.unit(INDEX, index.name())));
        if (amcheck.verifyHeapam()) {
            tables.forEach(table -> units.add(ProofNotebook.unit(TABLE, table.name())));
        } else {
            notebook.list(SKIPPED).add("verify_heapam is not available (amcheck " + amcheck.version()
                    + "; it needs amcheck 1.3, PostgreSQL 14 or later): " + tables.size() + " tables not checked");
        }
        if (amcheck.heapAllIndexed()) {
            List<Relation> bySize = new ArrayList<>(indexes);
            bySize.sort(Comparator.comparingLong(Relation::heapBytes).thenComparing(Relation::name));
            bySize.forEach(index -> units.add(ProofNotebook.unit(HEAP_ALL_INDEXED, index.name())));
        } else {
            notebook.list(NOTES).add("heapallindexed is not available (amcheck " + amcheck.version() + ")");
        }
        notebook.plan(units);
        notebook.add("indexes total", indexes.size());
        notebook.add("tables total", tables.size());
        notebook.fact(VERSION, amcheck.version());
    }

    private static String statement(String kind, Amcheck amcheck) {
        // The names were quoted by the server (quote_ident): as regclass text they name exactly that relation.
        return switch (kind) {
            case INDEX -> "SELECT " + amcheck.schema() + ".bt_index_check(?::regclass)";
            case TABLE -> "SELECT blkno, offnum, attnum, msg FROM " + amcheck.schema() + ".verify_heapam("
                    + "relation => ?::regclass, on_error_stop => false, check_toast => true, skip => 'none')";
            default -> "SELECT " + amcheck.schema() + ".bt_index_check(?::regclass, true)";
        };
    }

    private static List<Relation> relations(Connection c, String sql, boolean withSize) throws SQLException {
        List<Relation> found = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                found.add(new Relation(rs.getLong(1), rs.getString(2), withSize ? rs.getLong(3) : 0));
            }
        }
        return found;
    }

    private static String heapRow(String table, ResultSet rs) throws SQLException {
        StringBuilder where = new StringBuilder("table ").append(table).append(", block ").append(rs.getLong(1));
        long offset = rs.getLong(2);
        if (!rs.wasNull()) {
            where.append(", tuple ").append(offset);
        }
        long attribute = rs.getLong(3);
        if (!rs.wasNull()) {
            where.append(", attribute ").append(attribute);
        }
        return where.append(": ").append(rs.getString(4)).toString();
    }

    /**
     * The verdict over all rounds: FAILED when anything is corrupt, SKIPPED when amcheck could not run, INCOMPLETE
     * when passes 1 or 2 left something unchecked (listed), else PASSED. Pass 3 left undone is a note only.
     */
    @Override
    public ProofResult result(ProofProgress progress) {
        ProofNotebook notebook = ProofNotebook.of(progress);
        String refused = notebook.factOr(REFUSED, "");
        if (!notebook.planned()) {
            if (!refused.isEmpty()) {
                return ProofResult.skipped(NAME, refused, progress.spentMillis());
            }
            String why = notebook.factOr(ProofNotebook.STOPPED, ProofWindow.BUDGET_RAN_OUT);
            return new ProofResult(NAME, ProofVerdict.INCOMPLETE, "nothing checked: " + why,
                    List.of(why + " before any index or table was checked"), progress.spentMillis());
        }
        List<String> corruption = notebook.list(CORRUPTION);
        List<String> skipped = new ArrayList<>(notebook.list(SKIPPED));
        if (!refused.isEmpty()) {
            skipped.add(refused);
        }
        List<String> notChecked = new ArrayList<>();
        List<String> notes = new ArrayList<>(notebook.list(NOTES));
        String why = notebook.factOr(ProofNotebook.STOPPED, ProofWindow.BUDGET_RAN_OUT);
        for (String unit : notebook.list(ProofNotebook.GAVE_UP)) {
            String relation = ProofNotebook.relation(unit);
            switch (ProofNotebook.kind(unit)) {
                case INDEX -> notChecked.add("index not checked, it did not finish within one validate round: "
                        + relation);
                case TABLE -> notChecked.add("table not checked, it did not finish within one validate round: "
                        + relation);
                default -> notes.add("heapallindexed not checked on " + relation
                        + ": it did not finish within one validate round");
            }
        }
        if (refused.isEmpty()) {
            List<String> indexesLeft = names(notebook.leftOf(INDEX));
            if (!indexesLeft.isEmpty()) {
                notChecked.add("indexes not checked, " + why + ": " + ProofDeadline.names(indexesLeft));
            }
            List<String> tablesLeft = names(notebook.leftOf(TABLE));
            if (!tablesLeft.isEmpty()) {
                notChecked.add("tables not checked, " + why + ": " + ProofDeadline.names(tablesLeft));
            }
            long deep = notebook.unitsOf(HEAP_ALL_INDEXED).size() - notebook.count("heapallindexed not needed");
            // Only when passes 1 and 2 were done: pass 3 is what is left of the time after them.
            if (notChecked.isEmpty() && notebook.count(HEAP_ALL_INDEXED) < deep) {
                notes.add("heapallindexed on " + notebook.count(HEAP_ALL_INDEXED) + " of " + deep + " indexes: "
                        + (why.equals(ProofWindow.BUDGET_RAN_OUT) ? "the budget did not allow more" : why));
            }
        }
        List<String> findings = new ArrayList<>(corruption);
        findings.addAll(skipped);
        findings.addAll(notChecked);
        findings.addAll(notes);
        ProofVerdict verdict = !corruption.isEmpty() ? ProofVerdict.FAILED
                : !skipped.isEmpty() ? ProofVerdict.SKIPPED
                : !notChecked.isEmpty() ? ProofVerdict.INCOMPLETE
                : ProofVerdict.PASSED;
        String value = String.format(Locale.ROOT,
                "%d of %d indexes (%d with heapallindexed), %d of %d tables checked with amcheck %s: %s",
                notebook.count(INDEX), notebook.count("indexes total"), notebook.count(HEAP_ALL_INDEXED),
                notebook.count(TABLE), notebook.count("tables total"), notebook.factOr(VERSION, "?"),
                switch (verdict) {
                    case PASSED -> "no corruption";
                    case FAILED -> corruption.size() + (corruption.size() == 1 ? " corruption finding"
                            : " corruption findings");
                    case SKIPPED -> "not all could be checked";
                    case INCOMPLETE -> why;
                });
        return new ProofResult(NAME, verdict, value, findings, progress.spentMillis());
    }

    private static List<String> names(List<String> units) {
        return units.stream().map(ProofNotebook::relation).toList();
    }
}
