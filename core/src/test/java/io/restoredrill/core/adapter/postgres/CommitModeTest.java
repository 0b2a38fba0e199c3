package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static io.restoredrill.core.adapter.postgres.PlainDumpRestorerTest.query;
import static org.assertj.core.api.Assertions.assertThat;

/** The restore's commits, asynchronous until a large table is loaded, as the server sees them. */
class CommitModeTest {

    /** A "large" table for these tests: the real threshold is 64 MB of COPY text. */
    private static final int LARGE = 64 * 1024;

    @Test
    void theRestoresSessionTurnsSynchronousAfterItsFirstLargeTableAndNotBefore() throws SQLException {
        DatabaseEndpoint db = TestPostgres.createDatabase("commit_mode");
        try (JdbcScriptTarget target = target(db)) {
            target.execute("CREATE TABLE small (id int, name text)", 1);
            target.execute("CREATE TABLE large (id int, name text)", 2);
            target.execute("CREATE TABLE seen (step text, setting text)", 3);
            seen(target, "before any data", 4);
            copy(target, "small", 100);
            seen(target, "after a small table", 5);
            copy(target, "large", 5_000);
            seen(target, "after a large table", 6);
            copy(target, "small", 100);
            seen(target, "after another small table", 7);
            target.finish();
        }
        assertThat(query(db, "SELECT step || ': ' || setting FROM seen ORDER BY ctid")).containsExactly(
                "before any data: off", "after a small table: off", "after a large table: on",
                "after another small table: on");
        assertThat(query(db, "SELECT count(*) FROM large")).containsExactly("5000");
    }

    @Test
    void theExtraConnectionsFollowUntilTheTransactionIdsLeaveTheLargeTablesGroup() throws SQLException {
        DatabaseEndpoint db = TestPostgres.createDatabase("commit_mode_extra");
        CommitMode commits = new CommitMode(1);
        try (ExtraConnections extra = new ExtraConnections(db, "dump.sql", JdbcScriptTarget.ownSessionSettings(2),
                commits); Connection own = TestPostgres.connect(db); Statement s = own.createStatement()) {
            assertThat(setting(extra.get(0))).isEqualTo("off");
            assertThat(commits.loaded(10, own, s)).isTrue();
            assertThat(setting(own)).isEqualTo("on");
            assertThat(setting(extra.get(0))).isEqualTo("on");
            assertThat(setting(extra.get(1))).isEqualTo("on");
            // Each takes a transaction id; a group of the commit log holds 32.
            int taken = 0;
            while (commits.synchronous()) {
                s.execute("SELECT pg_catalog.txid_current()");
                commits.ran(s);
                taken++;
            }
            assertThat(taken).isBetween(1, 32);
            assertThat(setting(extra.get(0))).isEqualTo("off");
            assertThat(setting(extra.get(1))).isEqualTo("off");
        }
    }

    /**
     * What the switch is for: the index build that scans a freshly loaded large table can set its rows' hint bits,
     * so no later scan has to look each row's transaction up again. Before the switch, the COPY's asynchronous commit
     * kept them unset during a build that followed at once (on the pgbench dump: none set on any page looked at).
     */
    @Test
    void theBuildRightAfterALargeLoadLeavesEveryRowHinted() throws SQLException {
        DatabaseEndpoint db = TestPostgres.createDatabase("commit_mode_hints");
        try (JdbcScriptTarget target = target(db)) {
            target.execute("CREATE TABLE large (id int, name text)", 1);
            copy(target, "large", 20_000);
            target.execute("CREATE INDEX ON large (id)", 2);
            target.finish();
        }
        TestPostgres.execute(db, "CREATE EXTENSION pageinspect");
        // HEAP_XMIN_COMMITTED is 0x0100 (src/include/access/htup_details.h).
        String tuples = "FROM generate_series(0, pg_relation_size('large') / 8192 - 1) AS page,"
                + " heap_page_items(get_raw_page('large', page::int))";
        assertThat(query(db, "SELECT count(*) " + tuples)).containsExactly("20000");
        assertThat(query(db, "SELECT count(*) " + tuples + " WHERE t_infomask & 256 = 0")).containsExactly("0");
    }

    @Test
    void aLargeTableInsideTheDumpsOwnTransactionLeavesThatTransactionAlone() throws SQLException {
        DatabaseEndpoint db = TestPostgres.createDatabase("commit_mode_block");
        try (JdbcScriptTarget target = target(db)) {
            target.execute("BEGIN", 1);
            target.execute("CREATE TABLE large (id int, name text)", 2);
            copy(target, "large", 5_000);
            target.execute("CREATE TABLE seen AS SELECT current_setting('synchronous_commit') AS setting,"
                    + " now() = statement_timestamp() AS new_transaction", 3);
            target.execute("COMMIT", 4);
            target.finish();
        }
        // Still the dump's one transaction when the table was seen (nothing committed it early), its setting as it was:
        // its rows are not committed before the dump's COMMIT, so there is nothing to flush for them yet.
        assertThat(query(db, "SELECT setting || ' ' || new_transaction FROM seen")).containsExactly("off false");
        assertThat(query(db, "SELECT count(*) FROM large")).containsExactly("5000");
    }

    /** A target on one connection, for which {@link #LARGE} bytes of COPY make a large table. */
    private static JdbcScriptTarget target(DatabaseEndpoint db) {
        return new JdbcScriptTarget(db, "test script", 1, ConnectionBudget.unlimited(),
                InsertBatch.DEFAULT_MAX_STATEMENTS, new CommitMode(LARGE));
    }

    private static void seen(JdbcScriptTarget target, String step, long line) {
        target.execute("INSERT INTO seen SELECT '" + step + "', current_setting('synchronous_commit')", line);
    }

    private static void copy(JdbcScriptTarget target, String table, int rows) {
        StringBuilder data = new StringBuilder();
        for (int i = 1; i <= rows; i++) {
            data.append(i).append("\trow number ").append(i).append('\n');
        }
        byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
        target.beginCopy("COPY " + table + " (id, name) FROM stdin", 100);
        target.copyData(bytes, 0, bytes.length, rows);
        target.endCopy();
    }

    private static String setting(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT current_setting('synchronous_commit')")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
