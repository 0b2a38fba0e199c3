package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.ProofResult;
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

    /** What the passes found and left, accumulated. */
    private static final class Findings {
        final List<String> corruption = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> notChecked = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        /** Indexes pass 1 found corrupt: pass 3 would only say so again. */
        final java.util.Set<Long> corrupt = new java.util.HashSet<>();
        int indexesChecked;
        int tablesChecked;
        int heapAllIndexed;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProofResult run(DatabaseEndpoint database, Duration budget) {
        ProofDeadline deadline = ProofDeadline.start(budget);
        try (Connection c = PostgresConnections.open(database)) {
            deadline.limitNextStatements(c);
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
                    return outOfTimeBeforeChecking(deadline);
                }
                return ProofResult.skipped(NAME, "amcheck is not available in " + database.describe() + ": "
                        + JdbcDatabaseInspector.describe(e), deadline.elapsedMillis());
            }
            try {
                return check(c, amcheck, deadline);
            } finally {
                if (created) {
                    drop(c);
                }
            }
        } catch (SQLException e) {
            if (ProofDeadline.canceled(e)) {
                return outOfTimeBeforeChecking(deadline);
            }
            return ProofResult.skipped(NAME, "cannot check " + database.describe() + ": "
                    + JdbcDatabaseInspector.describe(e), deadline.elapsedMillis());
        }
    }

    private static ProofResult outOfTimeBeforeChecking(ProofDeadline deadline) {
        return new ProofResult(NAME, ProofVerdict.INCOMPLETE, "nothing checked: the budget ran out",
                List.of("the budget ran out before any index or table was checked"), deadline.elapsedMillis());
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

    private static ProofResult check(Connection c, Amcheck amcheck, ProofDeadline deadline) throws SQLException {
        List<Relation> indexes = relations(c, INDEXES, true);
        List<Relation> tables = relations(c, TABLES, false);
        ProofDeadline.readOnly(c);
        Findings f = new Findings();

        if (!checkIndexes(c, amcheck, indexes, deadline, f)) {
            return verdict(f, amcheck, indexes, tables, deadline);
        }
        if (!amcheck.verifyHeapam()) {
            f.skipped.add("verify_heapam is not available (amcheck " + amcheck.version()
                    + "; it needs amcheck 1.3, PostgreSQL 14 or later): " + tables.size() + " tables not checked");
        } else if (!checkTables(c, amcheck, tables, deadline, f)) {
            return verdict(f, amcheck, indexes, tables, deadline);
        }
        if (amcheck.heapAllIndexed()) {
            checkHeapAllIndexed(c, amcheck, indexes, deadline, f);
        } else {
            f.notes.add("heapallindexed is not available (amcheck " + amcheck.version() + ")");
        }
        return verdict(f, amcheck, indexes, tables, deadline);
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

    /** Pass 1. False when the proof cannot go on (permission denied): the reason is in {@code f.skipped}. */
    private static boolean checkIndexes(Connection c, Amcheck amcheck, List<Relation> indexes, ProofDeadline deadline,
                                        Findings f) throws SQLException {
        String sql = "SELECT " + amcheck.schema() + ".bt_index_check(?::oid::regclass)";
        for (int i = 0; i < indexes.size(); i++) {
            Relation index = indexes.get(i);
            if (deadline.expired()) {
                f.notChecked.add("indexes not checked, the budget ran out: "
                        + names(indexes.subList(i, indexes.size())));
                return true;
            }
            deadline.limitNextStatements(c);
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, index.oid());
                p.executeQuery().close();
                f.indexesChecked++;
            } catch (SQLException e) {
                if (ProofDeadline.canceled(e)) {
                    f.notChecked.add("indexes not checked, the budget ran out: "
                            + names(indexes.subList(i, indexes.size())));
                    return true;
                }
                if (ProofDeadline.denied(e)) {
                    f.skipped.add("amcheck refused: " + JdbcDatabaseInspector.describe(e));
                    return false;
                }
                f.corruption.add("index " + index.name() + ": " + JdbcDatabaseInspector.describe(e));
                f.corrupt.add(index.oid());
                f.indexesChecked++;
            }
        }
        return true;
    }

    /** Pass 2: verify_heapam's rows are the corruption it found. False when the proof cannot go on. */
    private static boolean checkTables(Connection c, Amcheck amcheck, List<Relation> tables, ProofDeadline deadline,
                                       Findings f) throws SQLException {
        String sql = "SELECT blkno, offnum, attnum, msg FROM " + amcheck.schema() + ".verify_heapam("
                + "relation => ?::oid::regclass, on_error_stop => false, check_toast => true, skip => 'none')";
        for (int i = 0; i < tables.size(); i++) {
            Relation table = tables.get(i);
            if (deadline.expired() || !f.notChecked.isEmpty()) {
                f.notChecked.add("tables not checked, the budget ran out: "
                        + names(tables.subList(i, tables.size())));
                return true;
            }
            deadline.limitNextStatements(c);
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, table.oid());
                int rows = 0;
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        if (rows <= ROWS_PER_TABLE) {
                            f.corruption.add(heapRow(table, rs));
                        }
                    }
                }
                if (rows > ROWS_PER_TABLE) {
                    f.corruption.add("table " + table.name() + ": " + (rows - ROWS_PER_TABLE) + " more corrupt tuples");
                }
                f.tablesChecked++;
            } catch (SQLException e) {
                if (ProofDeadline.canceled(e)) {
                    f.notChecked.add("tables not checked, the budget ran out: "
                            + names(tables.subList(i, tables.size())));
                    return true;
                }
                if (ProofDeadline.denied(e)) {
                    f.skipped.add("amcheck refused: " + JdbcDatabaseInspector.describe(e));
                    return false;
                }
                f.corruption.add("table " + table.name() + ": " + JdbcDatabaseInspector.describe(e));
                f.tablesChecked++;
            }
        }
        return true;
    }

    private static String heapRow(Relation table, ResultSet rs) throws SQLException {
        StringBuilder where = new StringBuilder("table ").append(table.name()).append(", block ").append(rs.getLong(1));
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

    /** Pass 3, smallest tables first (by their page count in pg_class: no lock taken), until the budget runs out. */
    private static void checkHeapAllIndexed(Connection c, Amcheck amcheck, List<Relation> indexes,
                                            ProofDeadline deadline, Findings f) throws SQLException {
        if (!f.notChecked.isEmpty()) {
            return;
        }
        String sql = "SELECT " + amcheck.schema() + ".bt_index_check(?::oid::regclass, true)";
        List<Relation> bySize = new ArrayList<>(indexes);
        bySize.removeIf(index -> f.corrupt.contains(index.oid()));
        bySize.sort(Comparator.comparingLong(Relation::heapBytes).thenComparing(Relation::name));
        for (Relation index : bySize) {
            if (deadline.expired()) {
                break;
            }
            deadline.limitNextStatements(c);
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, index.oid());
                p.executeQuery().close();
                f.heapAllIndexed++;
            } catch (SQLException e) {
                if (ProofDeadline.canceled(e)) {
                    break;
                }
                f.corruption.add("index " + index.name() + " (heapallindexed): " + JdbcDatabaseInspector.describe(e));
            }
        }
        if (f.heapAllIndexed < bySize.size()) {
            f.notes.add("heapallindexed on " + f.heapAllIndexed + " of " + bySize.size()
                    + " indexes: the budget did not allow more");
        }
    }

    private static ProofResult verdict(Findings f, Amcheck amcheck, List<Relation> indexes, List<Relation> tables,
                                       ProofDeadline deadline) {
        List<String> findings = new ArrayList<>(f.corruption);
        findings.addAll(f.skipped);
        findings.addAll(f.notChecked);
        findings.addAll(f.notes);
        ProofVerdict verdict = !f.corruption.isEmpty() ? ProofVerdict.FAILED
                : !f.skipped.isEmpty() ? ProofVerdict.SKIPPED
                : !f.notChecked.isEmpty() ? ProofVerdict.INCOMPLETE
                : ProofVerdict.PASSED;
        String value = String.format(Locale.ROOT,
                "%d of %d indexes (%d with heapallindexed), %d of %d tables checked with amcheck %s: %s",
                f.indexesChecked, indexes.size(), f.heapAllIndexed, f.tablesChecked, tables.size(), amcheck.version(),
                switch (verdict) {
                    case PASSED -> "no corruption";
                    case FAILED -> f.corruption.size() + (f.corruption.size() == 1 ? " corruption finding"
                            : " corruption findings");
                    case SKIPPED -> "not all could be checked";
                    case INCOMPLETE -> "the budget ran out";
                });
        return new ProofResult(NAME, verdict, value, findings, deadline.elapsedMillis());
    }

    private static String names(List<Relation> relations) {
        return ProofDeadline.names(relations.stream().map(Relation::name).toList());
    }
}
