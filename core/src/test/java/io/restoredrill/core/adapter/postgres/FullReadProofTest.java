package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FullReadProofTest {

    private static DatabaseEndpoint library(String hint) {
        DatabaseEndpoint db = TestPostgres.createDatabase(hint);
        TestPostgres.execute(db,
                "CREATE SCHEMA archive",
                // A column named r must not be taken for the whole row.
                "CREATE TABLE public.books (id integer PRIMARY KEY, r integer, title text, cover bytea)",
                "INSERT INTO public.books SELECT i, i, 'title ' || i, decode(repeat(md5(i::text), 300), 'hex')"
                        + " FROM generate_series(1, 300) i",
                "CREATE TABLE archive.\"Old Loans\" (id integer, \"When\" timestamptz, note text)",
                "INSERT INTO archive.\"Old Loans\" VALUES (1, '2026-01-01T00:00:00Z', NULL)",
                "CREATE TABLE archive.empty (id integer)",
                "CREATE TABLE public.loans (id integer, day date) PARTITION BY RANGE (day)",
                "CREATE TABLE public.loans_2026 PARTITION OF public.loans"
                        + " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "INSERT INTO public.loans VALUES (1, '2026-03-01'), (2, '2026-04-01')");
        return db;
    }

    @Test
    void readsEveryRowOfEveryTableIncludingToastValuesAndPartitionsOnce() {
        DatabaseEndpoint db = library("full_read_sound");

        ProofResult result = new FullReadProof(Duration.ofSeconds(30)).run(db, Duration.ofMinutes(1));

        assertThat(result.verdict()).isEqualTo(ProofVerdict.PASSED);
        assertThat(result.name()).isEqualTo("full-read");
        // books, "Old Loans", empty and the partition loans_2026; the partitioned parent is read through it.
        // The covers (1,200 bytes each, in TOAST) are read as text: \x and two hex digits a byte.
        assertThat(result.value()).startsWith("4 of 4 tables read completely, 303 rows, ");
        long text = Long.parseLong(scalar(db, "SELECT sum(length(b::text)) FROM public.books b"));
        assertThat(text).isGreaterThan(300L * 2 * 1200);
        assertThat(result.findings()).isEmpty();
    }

    @Test
    void aTableOverItsPerTableBudgetIsReportedNotReadAndTheOthersAreRead() throws SQLException {
        DatabaseEndpoint db = library("full_read_per_table");
        try (Connection holder = TestPostgres.connect(db); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE public.books IN ACCESS EXCLUSIVE MODE");

            ProofResult result = new FullReadProof(Duration.ofMillis(500)).run(db, Duration.ofMinutes(1));

            holder.rollback();
            assertThat(result.verdict()).isEqualTo(ProofVerdict.INCOMPLETE);
            assertThat(result.passed()).isFalse();
            assertThat(result.value()).startsWith("3 of 4 tables read completely, 3 rows");
            assertThat(result.findings())
                    .containsExactly("not read within its per-table budget of 500ms: public.books");
        }
    }

    @Test
    void whatTheWholeBudgetLeftIsReportedNotRead() throws SQLException {
        DatabaseEndpoint db = library("full_read_budget");
        try (Connection holder = TestPostgres.connect(db); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            // archive."Old Loans" is read first; waiting for it spends the whole budget.
            s.execute("LOCK TABLE archive.\"Old Loans\" IN ACCESS EXCLUSIVE MODE");

            ProofResult result = new FullReadProof(Duration.ofMinutes(1)).run(db, Duration.ofSeconds(1));

            holder.rollback();
            assertThat(result.verdict()).isEqualTo(ProofVerdict.INCOMPLETE);
            assertThat(result.findings()).containsExactly(
                    "not read, the budget ran out while reading it: archive.\"Old Loans\"",
                    "not read, the budget ran out: archive.empty, public.books, public.loans_2026");
        }
    }

    @Test
    void aTableTheUserMayNotReadIsSkippedWithTheReason() {
        DatabaseEndpoint db = library("full_read_denied");
        String role = "full_reader_" + db.database();
        TestPostgres.execute(db, "CREATE ROLE " + role + " LOGIN", "GRANT USAGE ON SCHEMA archive TO " + role,
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role,
                "GRANT SELECT ON archive.empty TO " + role);
        DatabaseEndpoint reader = new DatabaseEndpoint(db.host(), db.port(), db.database(), role, db.password(), false);

        ProofResult result = new FullReadProof(Duration.ofSeconds(30)).run(reader, Duration.ofMinutes(1));

        assertThat(result.verdict()).isEqualTo(ProofVerdict.SKIPPED);
        assertThat(result.findings()).containsExactly("cannot read archive.\"Old Loans\": permission denied for table"
                + " Old Loans (SQLSTATE 42501)");
    }

    @Test
    void aDatabaseThatCannotBeReachedIsSkippedNotPassed() {
        DatabaseEndpoint missing = TestPostgres.adminEndpoint().withDatabase("no_such_database");

        ProofResult result = new FullReadProof(Duration.ofSeconds(30)).run(missing, Duration.ofMinutes(1));

        assertThat(result.verdict()).isEqualTo(ProofVerdict.SKIPPED);
        assertThat(result.value()).contains("database \"no_such_database\" does not exist");
    }

    @Test
    void refusesAPerTableBudgetThatIsNotPositive() {
        assertThatThrownBy(() -> new FullReadProof(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String scalar(DatabaseEndpoint db, String sql) {
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
