package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.Expectation;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcDatabaseInspectorTest {

    private static DatabaseEndpoint db;
    private final JdbcDatabaseInspector inspector = new JdbcDatabaseInspector();

    @BeforeAll
    static void createShop() {
        db = TestPostgres.createDatabase("inspector");
        TestPostgres.execute(db,
                "CREATE TABLE customers (id int PRIMARY KEY, name text, active boolean)",
                "INSERT INTO customers SELECT g, 'customer ' || g, g % 2 = 0 FROM generate_series(1, 25) g",
                "CREATE SCHEMA \"Sales Data\"",
                "CREATE TABLE \"Sales Data\".\"order \"\"lines\"\"\" (id int, amount numeric(10,2))",
                "INSERT INTO \"Sales Data\".\"order \"\"lines\"\"\" VALUES (1, 9.99), (2, 0.10), (3, 100.00)",
                "CREATE TABLE events (id int, at date) PARTITION BY RANGE (at)",
                "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
                "INSERT INTO events VALUES (1, '2024-03-01'), (2, '2024-04-01')",
                "CREATE VIEW active_customers AS SELECT * FROM customers WHERE active",
                "CREATE TEMP TABLE scratch (id int)");
    }

    private static HealthCheck check(String sql, String expect) {
        return new HealthCheck("c", sql, Optional.ofNullable(expect).map(Expectation::parse), Duration.ofSeconds(10));
    }

    private static long customers() throws Exception {
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM customers")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // --- row counts

    @Test
    void countsEveryUserTableExactlyInSchemaOrder() {
        assertThat(inspector.countRows(db)).containsExactly(
                new TableRowCount("Sales Data", "order \"lines\"", 3),
                new TableRowCount("public", "customers", 25),
                new TableRowCount("public", "events", 2),
                new TableRowCount("public", "events_2024", 2));
    }

    @Test
    void countingATableThatCannotBeReadNamesTheTable() {
        DatabaseEndpoint locked = TestPostgres.createDatabase("inspector_locked");
        TestPostgres.execute(locked,
                "CREATE TABLE open_table (id int)",
                "CREATE TABLE secret_table (id int)",
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'drill_reader') THEN "
                        + "CREATE ROLE drill_reader LOGIN; END IF; END $$",
                "GRANT SELECT ON open_table TO drill_reader");
        DatabaseEndpoint asReader = new DatabaseEndpoint(locked.host(), locked.port(), locked.database(),
                "drill_reader", Optional.empty(), false);

        assertThatThrownBy(() -> inspector.countRows(asReader))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("public.secret_table")
                .hasMessageContaining("permission denied");
    }

    @Test
    void countingRowsOnAnUnreachableServerFails() throws Exception {
        DatabaseEndpoint nowhere = new DatabaseEndpoint("127.0.0.1", closedPort(), "x", "postgres",
                Optional.empty(), false);
        assertThatThrownBy(() -> inspector.countRows(nowhere))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("127.0.0.1:" + nowhere.port());
    }

    // --- verdicts

    @Test
    void passesWhenTheValueMeetsTheExpectation() {
        CheckResult result = inspector.run(check("SELECT count(*) FROM customers", ">= 25"), db);
        assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(result.value()).contains("25");
        assertThat(result.expected()).contains(">= 25");
        assertThat(result.error()).isEmpty();
        assertThat(result.elapsedMillis()).isNotNegative();
    }

    @Test
    void failsWithoutErrorWhenTheValueMissesTheExpectation() {
        CheckResult result = inspector.run(check("SELECT count(*) FROM customers", "> 1000"), db);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.value()).contains("25");
        assertThat(result.error()).isEmpty();
    }

    @Test
    void comparesNumericValuesExactly() {
        assertThat(inspector.run(check("SELECT sum(amount) FROM \"Sales Data\".\"order \"\"lines\"\"\"",
                "= 110.09"), db).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(inspector.run(check("SELECT 0.1::float8 + 0", "= 0.1"), db).verdict())
                .isEqualTo(Verdict.PASSED);
    }

    @Test
    void comparesBooleansAsOneAndZero() {
        CheckResult allActive = inspector.run(check("SELECT bool_and(active) FROM customers", "= 1"), db);
        assertThat(allActive.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(allActive.value()).contains("false");
        assertThat(inspector.run(check("SELECT bool_or(active) FROM customers", "= 1"), db).verdict())
                .isEqualTo(Verdict.PASSED);
    }

    @Test
    void comparesTextThatIsANumber() {
        assertThat(inspector.run(check("SELECT '42'::text", "between 40 and 50"), db).verdict())
                .isEqualTo(Verdict.PASSED);
    }

    @Test
    void failsWhenTheValueIsNotANumber() {
        CheckResult result = inspector.run(check("SELECT 'abc'", "= 1"), db);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.value()).contains("abc");
        assertThat(result.error()).contains("value 'abc' is not a number");
    }

    @Test
    void failsWhenTheQueryReturnsNoRow() {
        CheckResult result = inspector.run(check("SELECT id FROM customers WHERE id < 0", "= 1"), db);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.value()).isEmpty();
        assertThat(result.error()).contains("query returned no row");
    }

    @Test
    void failsWhenTheQueryReturnsNull() {
        CheckResult result = inspector.run(check("SELECT max(id) FROM customers WHERE id < 0", "= 1"), db);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.error()).contains("query returned NULL");
    }

    @Test
    void passesACheckWithoutExpectationWhenTheQueryRuns() {
        CheckResult result = inspector.run(check("SELECT name FROM customers ORDER BY id", null), db);
        assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(result.value()).contains("customer 1");
        assertThat(inspector.run(check("SELECT 1 WHERE false", null), db).verdict()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void sendsTheCheckTextAsWritten() {
        CheckResult result = inspector.run(
                check("SELECT count(*) FROM customers WHERE '{\"a\":1}'::jsonb ? 'a' AND name LIKE '{fn x}%' ;", "= 0"),
                db);
        assertThat(result.error()).isEmpty();
        assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void reportsASqlErrorWithPostgresMessageAndSqlState() {
        CheckResult result = inspector.run(check("SELECT count(*) FROM no_such_table", "= 0"), db);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.error()).hasValueSatisfying(error -> assertThat(error)
                .contains("relation \"no_such_table\" does not exist").contains("42P01"));
    }

    @Test
    void reportsATimeoutAsATimeout() {
        HealthCheck slow = new HealthCheck("slow", "SELECT pg_sleep(5)", Optional.empty(), Duration.ofMillis(200));
        CheckResult result = inspector.run(slow, db);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.error()).contains("timed out after 200ms (the check's statement timeout)");
    }

    @Test
    void reportsAConnectionFailureAsAFailedCheck() throws Exception {
        DatabaseEndpoint nowhere = new DatabaseEndpoint("127.0.0.1", closedPort(), "x", "postgres",
                Optional.empty(), false);
        CheckResult result = inspector.run(check("SELECT 1", "= 1"), nowhere);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.error()).hasValueSatisfying(error -> assertThat(error).startsWith("cannot connect to"));
    }

    // --- read-only

    @Test
    void aCheckThatWritesFailsAndChangesNothing() throws Exception {
        CheckResult result = inspector.run(check("DELETE FROM customers", null), db);
        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.error()).hasValueSatisfying(error -> assertThat(error).startsWith("check tried to write: "));
        assertThat(customers()).isEqualTo(25);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "COMMIT; DELETE FROM customers",
            "ROLLBACK; DELETE FROM customers",
            "SET TRANSACTION READ WRITE; DELETE FROM customers",
            "END; SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE; DELETE FROM customers",
            "SELECT 1; DELETE FROM customers",
            "SET TRANSACTION READ WRITE",
            "SET transaction_read_only = off",
            "WITH gone AS (DELETE FROM customers RETURNING 1) SELECT count(*) FROM gone",
            "SELECT count(*) FROM customers FOR UPDATE",
            "DO $$ BEGIN SET TRANSACTION READ WRITE; DELETE FROM customers; END $$",
            "DO $$ BEGIN COMMIT; DELETE FROM customers; END $$",
    })
    void aCheckCannotEscapeTheReadOnlyTransaction(String sql) throws Exception {
        CheckResult result = inspector.run(check(sql, null), db);

        assertThat(result.verdict()).as(sql).isEqualTo(Verdict.FAILED);
        assertThat(customers()).isEqualTo(25);
    }

    @Test
    void refusesSeveralStatementsBeforeSendingThem() {
        CheckResult result = inspector.run(check("COMMIT; DELETE FROM customers", null), db);
        assertThat(result.error()).contains("a check must be a single SQL statement, this one has 2 (separated by ';')");
        assertThat(JdbcDatabaseInspector.severalStatements("SELECT ';' FROM x -- ; comment\n;")).isEmpty();
        assertThat(JdbcDatabaseInspector.severalStatements("SELECT $$;$$")).isEmpty();
    }

    static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
