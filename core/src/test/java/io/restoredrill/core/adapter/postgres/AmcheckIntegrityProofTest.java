package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class AmcheckIntegrityProofTest {

    private static final AtomicInteger ROLES = new AtomicInteger();

    private final AmcheckIntegrityProof proof = new AmcheckIntegrityProof();

    private static DatabaseEndpoint shop(String hint) {
        DatabaseEndpoint db = TestPostgres.createDatabase(hint);
        TestPostgres.execute(db,
                "CREATE SCHEMA \"Sales Dept\"",
                "CREATE TABLE \"Sales Dept\".\"Orders\" (id bigint PRIMARY KEY, customer text NOT NULL, total numeric)",
                "CREATE INDEX orders_customer ON \"Sales Dept\".\"Orders\" (customer)",
                "INSERT INTO \"Sales Dept\".\"Orders\" SELECT i, 'c' || (i % 97), i / 7.0"
                        + " FROM generate_series(1, 5000) i",
                "CREATE TABLE public.events (id integer PRIMARY KEY, payload text)",
                "INSERT INTO public.events SELECT i, repeat(md5(i::text), 100) FROM generate_series(1, 200) i",
                "CREATE INDEX events_hash ON public.events USING hash (payload)",
                "CREATE MATERIALIZED VIEW public.customer_totals AS"
                        + " SELECT customer, sum(total) FROM \"Sales Dept\".\"Orders\" GROUP BY customer");
        return db;
    }

    private static String scalar(DatabaseEndpoint db, String sql) {
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A role without superuser rights that may connect to {@code db} and read its tables. */
    private static DatabaseEndpoint asPlainUser(DatabaseEndpoint db) {
        String role = "drill_reader_" + ROLES.incrementAndGet();
        TestPostgres.execute(db, "CREATE ROLE " + role + " LOGIN",
                "GRANT USAGE ON SCHEMA \"Sales Dept\" TO " + role,
                "GRANT SELECT ON ALL TABLES IN SCHEMA \"Sales Dept\", public TO " + role);
        return new DatabaseEndpoint(db.host(), db.port(), db.database(), role, db.password(), false);
    }

    @Test
    void aSoundDatabasePassesWithEveryBtreeIndexAndTableCheckedAndAmcheckRemovedAfterwards() {
        DatabaseEndpoint db = shop("amcheck_sound");

        ProofResult result = proof.run(db, Duration.ofMinutes(1));

        assertThat(result.verdict()).isEqualTo(ProofVerdict.PASSED);
        assertThat(result.name()).isEqualTo("integrity");
        // Three B-tree indexes (two primary keys and orders_customer; the hash index is not a B-tree), three heaps
        // (two tables and the materialized view).
        assertThat(result.value()).isEqualTo("3 of 3 indexes (3 with heapallindexed), 3 of 3 tables checked"
                + " with amcheck 1.3: no corruption");
        assertThat(result.findings()).isEmpty();
        assertThat(scalar(db, "SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'")).isEqualTo("0");
    }

    @Test
    void anAmcheckThatWasAlreadyInstalledIsUsedAndLeftInPlace() {
        DatabaseEndpoint db = shop("amcheck_present");
        TestPostgres.execute(db, "CREATE SCHEMA tools", "CREATE EXTENSION amcheck SCHEMA tools");

        ProofResult result = proof.run(db, Duration.ofMinutes(1));

        assertThat(result.verdict()).isEqualTo(ProofVerdict.PASSED);
        assertThat(scalar(db, "SELECT extnamespace::regnamespace FROM pg_extension WHERE extname = 'amcheck'"))
                .isEqualTo("tools");
    }

    @Test
    void aUserWhoMayNotCreateAmcheckGetsSkippedWithTheReasonNeverPassed() {
        DatabaseEndpoint db = shop("amcheck_no_create");

        ProofResult result = proof.run(asPlainUser(db), Duration.ofMinutes(1));

        assertThat(result.verdict()).isEqualTo(ProofVerdict.SKIPPED);
        assertThat(result.value()).startsWith("skipped: amcheck is not available in drill_reader_")
                .contains("permission denied to create extension \"amcheck\"")
                .endsWith("(SQLSTATE 42501)");
    }

    @Test
    void aUserAmcheckRefusesGetsSkippedWithTheReasonNeverPassed() {
        DatabaseEndpoint db = shop("amcheck_refused");
        TestPostgres.execute(db, "CREATE EXTENSION amcheck");

        ProofResult result = proof.run(asPlainUser(db), Duration.ofMinutes(1));

        assertThat(result.verdict()).isEqualTo(ProofVerdict.SKIPPED);
        assertThat(result.findings()).anySatisfy(f -> assertThat(f)
                .startsWith("amcheck refused: permission denied for function bt_index_check"));
        assertThat(result.value()).startsWith("0 of 3 indexes");
    }

    @Test
    void anAmcheckWithoutVerifyHeapamChecksTheIndexesButIsSkippedNotPassed() {
        // amcheck 1.0 is what PostgreSQL 10 shipped: bt_index_check(index) only, no heapallindexed, no heap check.
        DatabaseEndpoint db = shop("amcheck_old");
        TestPostgres.execute(db, "CREATE EXTENSION amcheck VERSION '1.0'");

        ProofResult result = proof.run(db, Duration.ofMinutes(1));

        assertThat(result.verdict()).isEqualTo(ProofVerdict.SKIPPED);
        assertThat(result.value()).startsWith("3 of 3 indexes (0 with heapallindexed), 0 of 3 tables checked"
                + " with amcheck 1.0");
        assertThat(result.findings()).containsExactly(
                "verify_heapam is not available (amcheck 1.0; it needs amcheck 1.3, PostgreSQL 14 or later):"
                        + " 3 tables not checked",
                "heapallindexed is not available (amcheck 1.0)");
    }

    @Test
    void whatTheBudgetLeftUncheckedIsIncompleteAndListedNeverPassed() throws SQLException {
        DatabaseEndpoint db = shop("amcheck_budget");
        // Another session holds the table: checking its index waits until the budget's statement timeout.
        try (Connection holder = TestPostgres.connect(db); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE \"Sales Dept\".\"Orders\" IN ACCESS EXCLUSIVE MODE");

            ProofResult result = proof.run(db, Duration.ofSeconds(2));

            holder.rollback();
            assertThat(result.verdict()).isEqualTo(ProofVerdict.INCOMPLETE);
            assertThat(result.passed()).isFalse();
            assertThat(result.value()).startsWith("0 of 3 indexes (0 with heapallindexed), 0 of 3 tables checked");
            assertThat(result.findings()).containsExactly(
                    "indexes not checked, the budget ran out: \"Sales Dept\".\"Orders_pkey\","
                            + " \"Sales Dept\".orders_customer, public.events_pkey",
                    "tables not checked, the budget ran out: \"Sales Dept\".\"Orders\", public.customer_totals,"
                            + " public.events");
            // The statement timeouts stopped it near its budget, not the lock holder.
            assertThat(result.elapsedMillis()).isBetween(1_500L, 30_000L);
        }
        assertThat(scalar(db, "SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'")).isEqualTo("0");
    }
}
