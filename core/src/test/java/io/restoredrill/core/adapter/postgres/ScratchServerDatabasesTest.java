package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.Secret;
import io.restoredrill.core.port.TemporaryDatabase;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static io.restoredrill.core.adapter.postgres.JdbcDatabaseInspectorTest.closedPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScratchServerDatabasesTest {

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-26T12:34:56Z"), ZoneOffset.UTC);

    private final ScratchServerDatabases databases =
            new ScratchServerDatabases(TestPostgres.adminEndpoint(), "restore_drill_", NOON);

    @Test
    void createsAnEmptyUniquelyNamedDatabaseAndDropsItOnClose() throws Exception {
        TemporaryDatabase first = databases.create(Optional.of(15));
        TemporaryDatabase second = databases.create(Optional.empty());
        String name = first.endpoint().database();

        assertThat(name).matches("restore_drill_20261126_123456_[0-9a-f]{8}");
        assertThat(second.endpoint().database()).isNotEqualTo(name);
        assertThat(TestPostgres.databaseExists(name)).isTrue();
        assertThat(first.endpoint()).isEqualTo(TestPostgres.adminEndpoint().withDatabase(name));
        assertThat(first.serverMajorVersion()).isEqualTo(15);
        assertThat(first.describe()).matches("temporary database " + name
                + " on postgres@localhost:" + TestPostgres.port() + " \\(PostgreSQL 15\\.\\d+\\)");
        assertThat(new JdbcDatabaseInspector().countRows(first.endpoint())).isEmpty();

        first.close();
        assertThat(TestPostgres.databaseExists(name)).isFalse();
        assertThat(TestPostgres.databaseExists(second.endpoint().database())).isTrue();
        second.close();
    }

    @Test
    void theVersionComesFromWhatTheServerReportedAtConnection() {
        assertThat(ScratchServerDatabases.versionNum("15.18 (Debian 15.18-1.pgdg120+1)")).hasValue(150018);
        assertThat(ScratchServerDatabases.versionNum("10.23")).hasValue(100023);
        assertThat(ScratchServerDatabases.versionNum("18devel")).hasValue(180000);
        assertThat(ScratchServerDatabases.versionNum("17beta1")).hasValue(170000);
        assertThat(ScratchServerDatabases.versionNum("9.6.24")).hasValue(90624);
        assertThat(ScratchServerDatabases.versionNum("unknown")).isEmpty();
        assertThat(ScratchServerDatabases.versionNum(null)).isEmpty();
    }

    @Test
    void closingTwiceIsFine() {
        TemporaryDatabase db = databases.create(Optional.empty());
        db.close();
        assertThatCode(db::close).doesNotThrowAnyException();
        assertThat(TestPostgres.databaseExists(db.endpoint().database())).isFalse();
    }

    @Test
    void dropsTheDatabaseEvenWhileSessionsAreConnectedToIt() throws Exception {
        TemporaryDatabase db = databases.create(Optional.empty());
        try (Connection open = TestPostgres.connect(db.endpoint()); Statement s = open.createStatement()) {
            s.execute("CREATE TABLE t (id int)");
            db.close();
        } catch (java.sql.SQLException closedUnderUs) {
            // The server ended our session when it dropped the database: that is the point.
        }
        assertThat(TestPostgres.databaseExists(db.endpoint().database())).isFalse();
    }

    @Test
    void theConnectionThatCreatedTheDatabaseStaysOpenForItsDropAndNoLonger() throws Exception {
        TemporaryDatabase db = databases.create(Optional.empty());
        String name = db.endpoint().database();
        assertThat(sessionsWhoseLastStatementCreated(name, false)).isEqualTo(1);

        db.close();

        assertThat(TestPostgres.databaseExists(name)).isFalse();
        assertThat(sessionsWhoseLastStatementCreated(name, false)).isZero();
    }

    @Test
    void dropsOnANewConnectionWhenTheServerEndedTheOneThatCreatedTheDatabase() throws Exception {
        TemporaryDatabase db = databases.create(Optional.empty());
        String name = db.endpoint().database();
        // An idle_session_timeout, a restart or an administrator can end it during a long drill.
        assertThat(sessionsWhoseLastStatementCreated(name, true)).isEqualTo(1);

        db.close();

        assertThat(TestPostgres.databaseExists(name)).isFalse();
    }

    /**
     * The server's sessions whose last statement created {@code name}: the provider's kept connection. With
     * {@code terminate}, ends them and waits until they are gone.
     */
    private static int sessionsWhoseLastStatementCreated(String name, boolean terminate) throws Exception {
        String sql = terminate
                ? "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) FROM pg_stat_activity WHERE query = ?"
                : "SELECT count(*) FROM pg_stat_activity WHERE query = ?";
        try (Connection c = TestPostgres.connect(TestPostgres.adminEndpoint());
             PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, "CREATE DATABASE \"" + name + "\" TEMPLATE template0");
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void neverDropsADatabaseItDidNotCreate() {
        String othersName = "restore_drill_20261126_123456_deadbeef";
        TestPostgres.execute(TestPostgres.adminEndpoint(), "CREATE DATABASE " + othersName);

        TemporaryDatabase mine = databases.create(Optional.empty());
        mine.close();
        new ScratchServerDatabases(TestPostgres.adminEndpoint()).create(Optional.empty()).close();

        assertThat(TestPostgres.databaseExists(othersName)).isTrue();
    }

    @Test
    void anUnreachableServerIsReportedWithHostAndPort() throws Exception {
        int port = closedPort();
        DatabaseEndpoint nowhere = new DatabaseEndpoint("127.0.0.1", port, "postgres", "drill",
                Optional.of(new Secret("s3cret-pw")), false);

        assertThatThrownBy(() -> new ScratchServerDatabases(nowhere).create(Optional.empty()))
                .isInstanceOf(TemporaryDatabaseException.class)
                .hasMessageContaining("cannot connect to the scratch PostgreSQL server drill@127.0.0.1:" + port)
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void aMissingMaintenanceDatabaseIsReportedWithPostgresMessage() {
        DatabaseEndpoint missing = TestPostgres.adminEndpoint().withDatabase("no_such_maintenance_db");
        assertThatThrownBy(() -> new ScratchServerDatabases(missing).create(Optional.empty()))
                .isInstanceOf(TemporaryDatabaseException.class)
                .hasMessageContaining("postgres@localhost:" + TestPostgres.port())
                .hasMessageContaining("database \"no_such_maintenance_db\" does not exist");
    }

    @Test
    void aWrongPasswordIsReportedWithoutThePassword() throws Exception {
        requirePasswordFor("drill_pw_user");
        DatabaseEndpoint wrong = new DatabaseEndpoint("127.0.0.1", TestPostgres.port(), "postgres", "drill_pw_user",
                Optional.of(new Secret("wrong-Pa55word")), false);

        assertThatThrownBy(() -> new ScratchServerDatabases(wrong).create(Optional.empty()))
                .isInstanceOf(TemporaryDatabaseException.class)
                .hasMessageContaining("drill_pw_user@127.0.0.1:" + TestPostgres.port())
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("wrong-Pa55word")
                .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain("wrong-Pa55word"));

        DatabaseEndpoint right = new DatabaseEndpoint("127.0.0.1", TestPostgres.port(), "postgres", "drill_pw_user",
                Optional.of(new Secret("right-Pa55word")), false);
        TemporaryDatabase db = new ScratchServerDatabases(right).create(Optional.empty());
        assertThat(TestPostgres.databaseExists(db.endpoint().database())).isTrue();
        db.close();
        assertThat(TestPostgres.databaseExists(db.endpoint().database())).isFalse();
    }

    @Test
    void refusesAPrefixThatIsNotAPlainName() {
        assertThatThrownBy(() -> new ScratchServerDatabases(TestPostgres.adminEndpoint(), "x\"; DROP", NOON))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The embedded server trusts every connection, so a password is never checked. For one role, require
     * scram-sha-256 over TCP by putting a line for it in front of the server's pg_hba.conf.
     */
    private static void requirePasswordFor(String role) throws Exception {
        try (Connection c = TestPostgres.connect(TestPostgres.adminEndpoint()); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN "
                    + "CREATE ROLE " + role + " LOGIN CREATEDB PASSWORD 'right-Pa55word'; END IF; END $$");
            Path hba;
            try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = Path.of(rs.getString(1));
            }
            String rules = Files.readString(hba);
            String mine = "host all " + role + " 127.0.0.1/32 scram-sha-256\n";
            if (!rules.startsWith(mine)) {
                Instant loadedBefore;
                try (ResultSet rs = s.executeQuery("SELECT pg_conf_load_time()")) {
                    rs.next();
                    loadedBefore = rs.getTimestamp(1).toInstant();
                }
                Files.writeString(hba, mine + rules);
                s.execute("SELECT pg_reload_conf()");
                // pg_reload_conf only signals. The postmaster reloads pg_hba.conf before it tells its sessions,
                // so once this session has reloaded too, new connections see the rule.
                for (int i = 0; i < 200; i++) {
                    try (ResultSet rs = s.executeQuery("SELECT pg_conf_load_time()")) {
                        rs.next();
                        if (rs.getTimestamp(1).toInstant().isAfter(loadedBefore)) {
                            break;
                        }
                    }
                    Thread.sleep(25);
                }
            }
        }
    }
}
