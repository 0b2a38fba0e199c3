package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.ProofProgress;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.domain.ProofWindow;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integrity and the full read in validate rounds, on a real PostgreSQL: a round whose end cuts a relation off
 * (another session holds the table, so the statement waits until the round's timeout) stops there, and the next
 * round goes on from that relation without checking any relation twice. Only a proof that checked everything
 * passes.
 */
class ResumableProofsTest {

    private static final Duration SHORT_ROUND = Duration.ofSeconds(1);
    private static final Duration LONG_ROUND = Duration.ofMinutes(1);
    private static final String LAST_ROUND = "the drill's last validate round ended";

    private final AmcheckIntegrityProof integrity = new AmcheckIntegrityProof();
    private final FullReadProof fullRead = new FullReadProof(Duration.ofSeconds(30));

    private static DatabaseEndpoint shop(String hint) {
        DatabaseEndpoint db = TestPostgres.createDatabase(hint);
        TestPostgres.execute(db,
                "CREATE SCHEMA archive",
                "CREATE TABLE archive.old_orders (id integer PRIMARY KEY, note text)",
                "INSERT INTO archive.old_orders SELECT i, 'note ' || i FROM generate_series(1, 50) i",
                "CREATE TABLE public.customers (id integer PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO public.customers SELECT i, 'customer ' || i FROM generate_series(1, 200) i",
                "CREATE TABLE public.orders (id integer PRIMARY KEY, customer integer, cover text)",
                "INSERT INTO public.orders SELECT i, i % 200 + 1, repeat(md5(i::text), 200)"
                        + " FROM generate_series(1, 300) i",
                "CREATE TABLE public.zones (id integer, name text)",
                "INSERT INTO public.zones VALUES (1, 'north'), (2, 'south')");
        return db;
    }

    /** Holds public.orders locked until closed: every statement on it waits. */
    private static Connection lockOrders(DatabaseEndpoint db) throws SQLException {
        Connection holder = TestPostgres.connect(db);
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.execute("LOCK TABLE public.orders IN ACCESS EXCLUSIVE MODE");
        }
        return holder;
    }

    @Test
    void theFullReadCutOffByARoundsEndGoesOnInTheNextRoundAndReadsEveryTableOnce() throws SQLException {
        DatabaseEndpoint db = shop("resume_full_read");

        ProofProgress first;
        try (Connection holder = lockOrders(db)) {
            first = fullRead.resume(db, ProofProgress.start(FullReadProof.NAME), ProofWindow.pausable(SHORT_ROUND));
            holder.rollback();
        }
        assertThat(first.finished()).isFalse();
        assertThat(first.units()).containsExactly("table archive.old_orders", "table public.customers",
                "table public.orders", "table public.zones");
        assertThat(first.done()).containsExactly("table archive.old_orders", "table public.customers");
        assertThat(first.interrupted()).containsExactly("table public.orders");

        ProofProgress second = fullRead.resume(db, first, ProofWindow.pausable(LONG_ROUND));

        assertThat(second.finished()).isTrue();
        assertThat(second.done()).containsExactlyElementsOf(second.units());
        ProofResult result = fullRead.result(second);
        assertThat(result.verdict()).isEqualTo(ProofVerdict.PASSED);
        // 50 + 200 + 300 + 2 rows: a table read twice would count twice.
        assertThat(result.value()).startsWith("4 of 4 tables read completely, 552 rows, ");
        assertThat(result.elapsedMillis()).isEqualTo(second.spentMillis()).isGreaterThanOrEqualTo(900);
    }

    @Test
    void integrityCutOffByARoundsEndGoesOnInTheNextRoundAndChecksEveryIndexAndTableOnce() throws SQLException {
        DatabaseEndpoint db = shop("resume_integrity");

        ProofProgress first;
        try (Connection holder = lockOrders(db)) {
            first = integrity.resume(db, ProofProgress.start(AmcheckIntegrityProof.NAME),
                    ProofWindow.pausable(SHORT_ROUND));
            holder.rollback();
        }
        assertThat(first.finished()).isFalse();
        assertThat(first.done()).containsExactly("index archive.old_orders_pkey", "index public.customers_pkey");
        assertThat(first.interrupted()).containsExactly("index public.orders_pkey");
        // Each round creates amcheck for itself and drops it again.
        assertThat(scalar(db, "SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'")).isEqualTo("0");

        ProofProgress second = integrity.resume(db, first, ProofWindow.pausable(LONG_ROUND));

        assertThat(second.finished()).isTrue();
        assertThat(second.done()).containsExactlyElementsOf(second.units()).doesNotHaveDuplicates().hasSize(3 + 4 + 3);
        ProofResult result = integrity.result(second);
        assertThat(result.verdict()).isEqualTo(ProofVerdict.PASSED);
        assertThat(result.value()).isEqualTo("3 of 3 indexes (3 with heapallindexed), 4 of 4 tables checked"
                + " with amcheck 1.3: no corruption");
        assertThat(result.findings()).isEmpty();
    }

    @Test
    void aRelationThatTwoRoundsCannotFinishIsGivenUpAndTheProofIsIncompleteNeverPassed() throws SQLException {
        DatabaseEndpoint db = shop("resume_give_up");

        ProofProgress progress = ProofProgress.start(FullReadProof.NAME);
        try (Connection holder = lockOrders(db)) {
            progress = fullRead.resume(db, progress, ProofWindow.pausable(SHORT_ROUND));
            progress = fullRead.resume(db, progress, ProofWindow.pausable(SHORT_ROUND));
            holder.rollback();
        }
        assertThat(progress.finished()).isFalse();
        progress = fullRead.resume(db, progress, ProofWindow.pausable(LONG_ROUND));

        assertThat(progress.finished()).isTrue();
        ProofResult result = fullRead.result(progress);
        assertThat(result.verdict()).isEqualTo(ProofVerdict.INCOMPLETE);
        assertThat(result.value()).startsWith("3 of 4 tables read completely, 252 rows, ");
        assertThat(result.findings())
                .containsExactly("not read, it did not finish within one validate round: public.orders");
    }

    @Test
    void theLastRoundEndingListsWhatWasNotCheckedAndTheProofIsIncompleteNeverPassed() throws SQLException {
        DatabaseEndpoint db = shop("resume_last_round");

        ProofProgress progress = ProofProgress.start(AmcheckIntegrityProof.NAME);
        try (Connection holder = lockOrders(db)) {
            progress = integrity.resume(db, progress, ProofWindow.pausable(SHORT_ROUND));
            holder.rollback();
        }
        // No time was left for the proof in the last round: nothing more is checked, and that is said.
        progress = integrity.resume(db, progress, ProofWindow.last(Duration.ZERO, LAST_ROUND));

        assertThat(progress.finished()).isTrue();
        ProofResult result = integrity.result(progress);
        assertThat(result.verdict()).isEqualTo(ProofVerdict.INCOMPLETE);
        assertThat(result.value()).isEqualTo("2 of 3 indexes (0 with heapallindexed), 0 of 4 tables checked"
                + " with amcheck 1.3: " + LAST_ROUND);
        assertThat(result.findings()).containsExactly(
                "indexes not checked, " + LAST_ROUND + ": public.orders_pkey",
                "tables not checked, " + LAST_ROUND + ": archive.old_orders, public.customers, public.orders,"
                        + " public.zones");
    }

    @Test
    void aBudgetSpentOverEarlierRoundsEndsTheProofIncompleteListingWhatWasNotRead() throws SQLException {
        DatabaseEndpoint db = shop("resume_budget_spent");

        ProofProgress progress;
        try (Connection holder = lockOrders(db)) {
            progress = fullRead.resume(db, ProofProgress.start(FullReadProof.NAME), ProofWindow.pausable(SHORT_ROUND));
            holder.rollback();
        }
        // The budget is a total: what the first round spent is gone, and none is left for the second.
        progress = fullRead.resume(db, progress, ProofWindow.whole(Duration.ZERO));

        assertThat(progress.finished()).isTrue();
        ProofResult result = fullRead.result(progress);
        assertThat(result.verdict()).isEqualTo(ProofVerdict.INCOMPLETE);
        assertThat(result.value()).startsWith("2 of 4 tables read completely, 250 rows, ");
        assertThat(result.findings()).containsExactly("not read, the budget ran out: public.orders, public.zones");
    }

    @Test
    void aRoundWithNoTimeLeftChecksNothingAndPausesWithoutConnecting() {
        DatabaseEndpoint unreachable = new DatabaseEndpoint("127.0.0.1", 1, "none", "nobody",
                java.util.Optional.empty(), false);

        ProofProgress progress = fullRead.resume(unreachable, ProofProgress.start(FullReadProof.NAME),
                ProofWindow.pausable(Duration.ZERO));

        assertThat(progress.finished()).isFalse();
        assertThat(progress.done()).isEmpty();
        assertThat(progress.units()).isEmpty();
    }

    private static String scalar(DatabaseEndpoint db, String sql) {
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
