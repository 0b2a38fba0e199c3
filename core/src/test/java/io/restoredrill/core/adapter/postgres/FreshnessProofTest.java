package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.FreshnessRequirement;
import io.restoredrill.core.domain.NewestValue;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code max(column)} on a real PostgreSQL, with the column found in the catalogs first. */
class FreshnessProofTest {

    private static DatabaseEndpoint db;
    private final FreshnessProof proof = new FreshnessProof();

    @BeforeAll
    static void createTables() {
        db = TestPostgres.createDatabase("freshness");
        TestPostgres.execute(db,
                "CREATE SCHEMA shop",
                "CREATE SCHEMA archive",
                "CREATE TABLE shop.orders (id int PRIMARY KEY, placed_at timestamptz, note text, day date,"
                        + " local_at timestamp)",
                "INSERT INTO shop.orders VALUES"
                        + " (1, '2026-11-25T01:00:00Z', 'a', '2026-11-24', '2026-11-25 00:30:00'),"
                        + " (2, '2026-11-26T02:15:30.25Z', 'b', '2026-11-25', '2026-11-26 02:00:00'),"
                        + " (3, NULL, 'c', NULL, NULL)",
                "CREATE TABLE archive.orders (id int, placed_at timestamptz)",
                "CREATE TABLE shop.empty (at timestamptz)",
                "CREATE DOMAIN shop.moment AS timestamptz",
                "CREATE TABLE shop.\"Events\" (\"Happened At\" shop.moment)",
                "INSERT INTO shop.\"Events\" VALUES ('2026-11-20T00:00:00Z')",
                "CREATE TABLE shop.forever (at timestamptz)",
                "INSERT INTO shop.forever VALUES ('infinity')");
    }

    private NewestValue newest(String table, String column) {
        return proof.newest(db, new FreshnessRequirement(table, column, Duration.ofHours(26), Duration.ofSeconds(30)));
    }

    @Test
    void readsTheNewestTimestamptzOnTheServer() {
        assertThat(newest("shop.orders", "placed_at")).isEqualTo(new NewestValue.Found("shop.orders.placed_at",
                "timestamp with time zone", Instant.parse("2026-11-26T02:15:30.250Z")));
    }

    @Test
    void aTimestampWithoutTimeZoneIsReadAsUtcWhateverTheSessionsTimeZone() throws Exception {
        DatabaseEndpoint local = TestPostgres.createDatabase("freshness_tz");
        TestPostgres.execute(local, "CREATE TABLE t (local_at timestamp, day date)",
                "INSERT INTO t VALUES ('2026-11-26 02:00:00', '2026-11-25')");
        java.util.TimeZone jvm = java.util.TimeZone.getDefault();
        // pgjdbc sets the session's TimeZone to the JVM's: New York here, five hours behind UTC in November.
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/New_York"));
        try {
            try (Connection c = TestPostgres.connect(local); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SHOW TimeZone")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("America/New_York");
            }

            assertThat(proof.newest(local, new FreshnessRequirement("t", "local_at", Duration.ofHours(1),
                    Duration.ofSeconds(30)))).isEqualTo(new NewestValue.Found("public.t.local_at",
                    "timestamp without time zone", Instant.parse("2026-11-26T02:00:00Z")));
            assertThat(proof.newest(local, new FreshnessRequirement("t", "day", Duration.ofHours(1),
                    Duration.ofSeconds(30)))).isEqualTo(new NewestValue.Found("public.t.day", "date",
                    Instant.parse("2026-11-25T00:00:00Z")));
        } finally {
            java.util.TimeZone.setDefault(jvm);
        }
    }

    @Test
    void aDomainOverTimestamptzAndQuotedNamesWork() {
        assertThat(newest("shop.Events", "Happened At")).isEqualTo(new NewestValue.Found(
                "shop.Events.Happened At", "shop.moment", Instant.parse("2026-11-20T00:00:00Z")));
    }

    @Test
    void anEmptyTableHasNoValue() {
        assertThat(newest("shop.empty", "at")).isEqualTo(new NewestValue.NoValue("shop.empty.at"));
    }

    @Test
    void aMissingTableOrColumnIsNamed() {
        assertThat(newest("shop.invoices", "placed_at")).isEqualTo(
                new NewestValue.Unreadable("table shop.invoices is not in the restored database"));
        assertThat(newest("shop.orders", "created_at")).isEqualTo(
                new NewestValue.Unreadable("table shop.orders has no column created_at"));
    }

    @Test
    void anUnqualifiedNameMatchingTablesInTwoSchemasAsksForTheSchema() {
        assertThat(newest("orders", "placed_at")).isEqualTo(new NewestValue.Unreadable(
                "table name orders matches [archive.orders, shop.orders]: name one as schema.table"));
        assertThat(newest("empty", "at")).isEqualTo(new NewestValue.NoValue("shop.empty.at"));
    }

    @Test
    void aColumnThatIsNotADateOrTimestampIsAWrongType() {
        assertThat(newest("shop.orders", "note")).isEqualTo(new NewestValue.WrongType("shop.orders.note", "text"));
        assertThat(newest("shop.orders", "id")).isEqualTo(new NewestValue.WrongType("shop.orders.id", "integer"));
    }

    @Test
    void anInfiniteNewestValueIsUnreadable() {
        assertThat(newest("shop.forever", "at")).isInstanceOfSatisfying(NewestValue.Unreadable.class,
                u -> assertThat(u.reason()).contains("infinity"));
    }

    @Test
    void aQueryOverItsTimeoutIsReportedAsSuch() throws Exception {
        try (Connection holder = TestPostgres.connect(db); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE shop.orders IN ACCESS EXCLUSIVE MODE");

            NewestValue value = proof.newest(db, new FreshnessRequirement("shop.orders", "placed_at",
                    Duration.ofHours(26), Duration.ofMillis(300)));

            assertThat(value).isInstanceOfSatisfying(NewestValue.Unreadable.class,
                    u -> assertThat(u.reason()).startsWith("max(placed_at) not read within"));
            holder.rollback();
        }
    }
}
