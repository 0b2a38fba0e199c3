package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static io.restoredrill.core.adapter.postgres.PlainDumpRestorerTest.assertNoConnectionsLeftTo;
import static io.restoredrill.core.adapter.postgres.PlainDumpRestorerTest.query;
import static org.assertj.core.api.Assertions.assertThat;

class ExtraConnectionsTest {

    private static final String OWN_SETTINGS = JdbcScriptTarget.ownSessionSettings(2);

    @Test
    void theConnectionOpenedAheadIsTheFirstHandedOutAndGetsTheSessionSettingsThatRanMeanwhile() throws Exception {
        DatabaseEndpoint db = TestPostgres.createDatabase("extra_ahead");
        try (ExtraConnections extra = new ExtraConnections(db, "dump.sql", OWN_SETTINGS, new CommitMode())) {
            extra.openFirstAhead();
            List<String> opened = awaitSessions(db, 1);
            extra.ran("SET search_path = ''");
            extra.ran("SELECT pg_catalog.set_config('search_path', 'public', false)");
            extra.ran("SET statement_timeout = 0");

            Connection first = extra.get(0);

            assertThat(List.of(show(first, "SELECT pg_backend_pid()::text"))).isEqualTo(opened);
            assertThat(show(first, "SHOW search_path")).isEqualTo("public");
            assertThat(show(first, "SHOW synchronous_commit")).isEqualTo("off");
            assertThat(show(first, "SHOW maintenance_work_mem")).isEqualTo("256MB");
            assertThat(extra.get(0)).isSameAs(first);
            assertThat(show(extra.get(1), "SHOW search_path")).isEqualTo("public");
            assertThat(awaitSessions(db, 2)).hasSize(2);
        }
        assertNoConnectionsLeftTo(db);
    }

    @Test
    void closingClosesTheConnectionOpenedAheadThatNoRestoreTook() throws Exception {
        DatabaseEndpoint db = TestPostgres.createDatabase("extra_ahead_unused");
        ExtraConnections extra = new ExtraConnections(db, "dump.sql", OWN_SETTINGS, new CommitMode());
        extra.openFirstAhead();

        extra.close(); // at once: it waits for the connection that is still being opened

        assertNoConnectionsLeftTo(db);
    }

    @Test
    void whenOpeningAheadFailsTheConnectionIsOpenedWhenItIsNeeded() throws Exception {
        DatabaseEndpoint db = TestPostgres.adminEndpoint().withDatabase("extra_ahead_not_yet_created");
        try (ExtraConnections extra = new ExtraConnections(db, "dump.sql", OWN_SETTINGS, new CommitMode())) {
            extra.openFirstAhead(); // the database does not exist yet: this one fails
            Thread.sleep(300);
            TestPostgres.execute(TestPostgres.adminEndpoint(), "CREATE DATABASE extra_ahead_not_yet_created");

            Connection first = extra.get(0);

            assertThat(extra.unavailable()).isFalse();
            assertThat(show(first, "SELECT current_database()")).isEqualTo("extra_ahead_not_yet_created");
        } finally {
            TestPostgres.execute(TestPostgres.adminEndpoint(),
                    "DROP DATABASE IF EXISTS extra_ahead_not_yet_created WITH (FORCE)");
        }
    }

    @Test
    void aServerThatRefusesTheFirstOneLeavesTheRestoreOnItsOwnConnection() throws Exception {
        DatabaseEndpoint db = TestPostgres.adminEndpoint().withDatabase("extra_never_created");
        try (ExtraConnections extra = new ExtraConnections(db, "dump.sql", OWN_SETTINGS, new CommitMode())) {
            assertThat(extra.get(0)).isNull();
            assertThat(extra.unavailable()).isTrue();
        }
    }

    /** The pids of the sessions connected to {@code db}, once there are {@code n} of them (within 5 s). */
    private static List<String> awaitSessions(DatabaseEndpoint db, int n) throws Exception {
        String sql = "SELECT pid::text FROM pg_stat_activity WHERE datname = '" + db.database() + "'";
        List<String> pids = query(TestPostgres.adminEndpoint(), sql);
        for (int i = 0; i < 50 && pids.size() < n; i++) {
            Thread.sleep(100);
            pids = query(TestPostgres.adminEndpoint(), sql);
        }
        return pids;
    }

    private static String show(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
