package io.restoredrill.core.adapter.postgres;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How the sessions of one restore commit: all its connections share it (the restore's own, the extra ones of a plain
 * dump, every worker of an archive restore).
 *
 * <p>They commit asynchronously ({@code synchronous_commit} off): the database is thrown away after the drill, so a
 * crash loses nothing a flush would have kept, and a schema of thousands of statements would otherwise wait for a
 * WAL flush after each of them. Except for a while after a large table ({@link #LARGE_TABLE_BYTES} of COPY text or
 * more) is loaded.
 *
 * <p>PostgreSQL sets a row's hint bits (its inserting transaction committed, so the next reader need not ask the
 * commit log) only once that commit's WAL record is flushed, and it keeps the position to flush up to for each group
 * of 32 transaction ids, the latest asynchronous commit's in the group ({@code CLOG_XACTS_PER_LSN_GROUP},
 * {@code src/include/access/clog.h}; the check is {@code SetHintBits}, {@code
 * src/backend/access/heap/heapam_visibility.c}). So the asynchronous commits of a large table's COPY and of the
 * statements right after it (whose ids fall in the same group) leave the index build that scans the table next unable
 * to set any, and every later scan (the next build, the row counts) looks each row's transaction up again and dirties
 * its page to set them. Hence, after a large COPY: one flush of all the WAL so far, then synchronous commits until
 * the transaction ids have left that group (at most 31 more transactions), then asynchronous again. Measured on the
 * pgbench scale-20 dump (README, "How an archive is restored"): the primary key's build 0.42-0.44 s instead of
 * 0.45-0.48 s, the row count 0.07-0.08 s instead of 0.10-0.13 s.
 */
final class CommitMode {

    private static final Logger log = LoggerFactory.getLogger(CommitMode.class);
    /** A COPY of at least this many bytes (of COPY text) makes the restore's commits synchronous for a while. */
    static final long LARGE_TABLE_BYTES = 64L << 20;
    /** Transaction ids per group of the commit log that share one position to flush up to. */
    private static final long IDS_PER_GROUP = 32;
    /**
     * Writes a WAL record in a transaction of its own, which (on a synchronous session) waits for the flush of all
     * the WAL before it. A transaction that writes no WAL commits without waiting even when synchronous
     * ({@code RecordTransactionCommit}, {@code src/backend/access/transam/xact.c}): taking a transaction id alone
     * would not do. A transactional logical decoding message is such a record; it needs no privilege, and a
     * logical replication consumer ignores a prefix it does not know.
     */
    static final String FLUSH = "SELECT pg_catalog.pg_logical_emit_message(true, 'restore-drill', 'flush')";
    /** The next transaction id to be assigned, without taking one (the 64-bit form, so no wraparound to mind). */
    private static final String NEXT_ID = "SELECT pg_catalog.txid_snapshot_xmax(pg_catalog.txid_current_snapshot())";

    private final long largeTableBytes;
    /** Whether the sessions commit synchronously now. */
    private volatile boolean synchronous;
    /** While {@link #synchronous}: the first transaction id past the group the large table's COPY is in. */
    private long groupEnd;

    CommitMode() {
        this(LARGE_TABLE_BYTES);
    }

    /** @param largeTableBytes the size of COPY from which commits turn synchronous (tests use a small one) */
    CommitMode(long largeTableBytes) {
        this.largeTableBytes = largeTableBytes;
    }

    /** Brings a session of unknown commit mode to this one; returns whether it is synchronous now. */
    boolean apply(Statement statement) throws SQLException {
        boolean now = synchronous;
        statement.execute(setting(now));
        return now;
    }

    private static String setting(boolean synchronous) {
        return synchronous ? "SET synchronous_commit TO on" : "SET synchronous_commit TO off";
    }

    boolean synchronous() {
        return synchronous;
    }

    /**
     * Notes a COPY that has loaded {@code bytes} on {@code connection}, outside a transaction block (inside the
     * dump's own, its rows are not committed yet, and nothing is done). A large one turns the sessions synchronous and
     * flushes the WAL so far; a server that refuses the flush only loses the head start, as the next commit flushes.
     *
     * @return whether the session of {@code statement} is synchronous now
     */
    synchronized boolean loaded(long bytes, Connection connection, Statement statement) throws SQLException {
        if (bytes < largeTableBytes
                || connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
            return false;
        }
        statement.execute(setting(true));
        try {
            statement.execute(FLUSH);
        } catch (SQLException e) {
            log.debug("flushing the WAL after a large COPY: {}", e.getMessage());
        }
        groupEnd = (nextId(statement) - 1) / IDS_PER_GROUP * IDS_PER_GROUP + IDS_PER_GROUP;
        synchronous = true;
        return true;
    }

    /**
     * After a statement on the restore's own session: once the transaction ids have left the large table's group,
     * the sessions commit asynchronously again.
     */
    synchronized void ran(Statement statement) throws SQLException {
        if (synchronous && nextId(statement) >= groupEnd) {
            synchronous = false;
        }
    }

    /**
     * Brings one session to the commit mode: {@code synchronousNow} is what it is, the result what it is after this
     * call.
     */
    boolean follow(boolean synchronousNow, Statement statement) throws SQLException {
        boolean wanted = synchronous;
        if (wanted != synchronousNow) {
            statement.execute(setting(wanted));
        }
        return wanted;
    }

    private static long nextId(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery(NEXT_ID)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
