package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.port.DatabaseEndpoint;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a dump's statements on one autocommit connection, as psql does, and feeds COPY data straight from the
 * scanner's buffer into PgJDBC's {@link CopyIn} (no second copy of the bytes). Consecutive INSERTs (dumps made with
 * {@code --inserts}) go in batches of one transaction each ({@link InsertBatch}). The connection is opened on first
 * use, so a dump that turns out empty or corrupt never connects.
 *
 * <p>A large COPY (more than {@link #PARALLEL_FROM_BYTES}) continues on up to {@code copyConnections} connections
 * at once through {@link ParallelCopy}, on {@link ExtraConnections} (the same session settings as the first one,
 * open until {@link #close()}).
 * All COPYs of a table have ended before the next statement runs.
 */
final class JdbcScriptTarget implements ScriptTarget, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JdbcScriptTarget.class);
    /** The server's context for a COPY error: {@code COPY pgbench_accounts, line 42, column abalance: "x"}. */
    private static final Pattern COPY_CONTEXT_LINE = Pattern.compile("COPY [^,]+, line (\\d+)");
    /** A COPY smaller than this stays on one connection: threads and extra COPYs would cost more than they save. */
    static final int PARALLEL_FROM_BYTES = 2 * ParallelCopy.CHUNK_BYTES;
    /** Sort memory for the index builds of all this target's connections together, at most. */
    static final int SORT_MEMORY_MB = 512;

    private final DatabaseEndpoint endpoint;
    private final String dumpName;
    private final int copyConnections;
    private final String ownSessionSettings;
    private Connection connection;
    private Statement statement;
    private CopyIn copyIn;
    private String copyTable;
    private String copySql;
    private long copyLine;
    private String copyWhere;
    private long copyBytesDirect;
    /** Bytes of the COPY running now, on all its connections. */
    private long copyBytes;
    private ParallelCopy parallel;
    private final InsertBatch inserts;
    private final ConnectionBudget budget;
    private final CommitMode commits;
    /** Whether this target's own session commits synchronously yet ({@link CommitMode}). */
    private boolean synchronousCommits;
    /** Extra connections taken from the budget by the COPY running now. */
    private int taken;

    private final ExtraConnections extra;
    private boolean buildIndexesAlongside;
    private boolean openExtraAhead;
    /** The index builds running beside the script now; null between such groups of statements. */
    private IndexBuildsAlongside builds;
    /** Extra connections taken from the budget by the builds running now. */
    private int takenByBuilds;

    JdbcScriptTarget(DatabaseEndpoint endpoint, String dumpName) {
        this(endpoint, dumpName, 1, InsertBatch.DEFAULT_MAX_STATEMENTS);
    }

    JdbcScriptTarget(DatabaseEndpoint endpoint, String dumpName, int copyConnections) {
        this(endpoint, dumpName, copyConnections, ConnectionBudget.unlimited(), new CommitMode());
    }

    /**
     * @param budget  the extra connections this target's COPYs may take, shared with other targets
     * @param commits how the sessions commit, shared with the other targets of the same restore
     */
    JdbcScriptTarget(DatabaseEndpoint endpoint, String dumpName, int copyConnections, ConnectionBudget budget,
                     CommitMode commits) {
        this(endpoint, dumpName, copyConnections, budget, InsertBatch.DEFAULT_MAX_STATEMENTS, commits);
    }

    /** @param insertsPerBatch consecutive INSERTs sent as one transaction; 1 sends each on its own */
    JdbcScriptTarget(DatabaseEndpoint endpoint, String dumpName, int copyConnections, int insertsPerBatch) {
        this(endpoint, dumpName, copyConnections, ConnectionBudget.unlimited(), insertsPerBatch);
    }

    JdbcScriptTarget(DatabaseEndpoint endpoint, String dumpName, int copyConnections, ConnectionBudget budget,
                     int insertsPerBatch) {
        this(endpoint, dumpName, copyConnections, budget, insertsPerBatch, new CommitMode());
    }

    JdbcScriptTarget(DatabaseEndpoint endpoint, String dumpName, int copyConnections, ConnectionBudget budget,
                     int insertsPerBatch, CommitMode commits) {
        this.budget = budget;
        this.commits = commits;
        if (copyConnections < 1) {
            throw new IllegalArgumentException("copyConnections must be at least 1, not " + copyConnections);
        }
        this.endpoint = endpoint;
        this.dumpName = dumpName;
        this.copyConnections = copyConnections;
        this.ownSessionSettings = ownSessionSettings(copyConnections);
        this.extra = new ExtraConnections(endpoint, dumpName, ownSessionSettings, commits);
        this.inserts = new InsertBatch(insertsPerBatch);
    }

    /**
     * This target's session settings besides how it commits ({@link CommitMode}): sort memory for index builds,
     * 256 MB, or less when so many connections may build at once that they would take more than
     * {@value #SORT_MEMORY_MB} MB together (64 MB, PostgreSQL's default, at least).
     */
    static String ownSessionSettings(int connections) {
        int sortMemoryMb = Math.max(64, Math.min(256, SORT_MEMORY_MB / connections));
        return "SET maintenance_work_mem TO '" + sortMemoryMb + "MB'";
    }

    /**
     * Lets the script's index and key builds run side by side on this target's connections, its own and the extra
     * ones ({@link IndexBuildsAlongside}); for a whole plain dump, whose statements come from the scanner.
     */
    JdbcScriptTarget buildingIndexesAlongside() {
        buildIndexesAlongside = copyConnections > 1;
        return this;
    }

    /**
     * Opens the first extra connection {@linkplain ExtraConnections#openFirstAhead ahead}, as soon as the restore's
     * own is open. For a target that restores alone: one that shares a budget with others would open connections
     * the budget may not give it.
     */
    JdbcScriptTarget openingAnExtraConnectionAhead() {
        openExtraAhead = copyConnections > 1;
        return this;
    }

    @Override
    public void execute(String sql, long line) {
        String where = "at line " + line;
        if (buildIndexesAlongside && IndexBuildsAlongside.isIndependentBuild(sql)) {
            sendInserts();
            buildAlongside(sql, line);
            return;
        }
        awaitBuilds();
        if (InsertBatch.accepts(sql)) {
            inserts.add(sql, where);
            if (inserts.isFull()) {
                sendInserts();
            }
            return;
        }
        sendInserts();
        executeOne(sql, where);
    }

    @Override
    public void finish() {
        sendInserts();
        awaitBuilds();
    }

    /** On a connection that is free (waiting for one if need be); the scanner reads the next statement meanwhile. */
    private void buildAlongside(String sql, long line) {
        if (builds == null) {
            builds = new IndexBuildsAlongside(dumpName, copyConnections, this::connectionForBuilds);
        }
        builds.start(sql, line);
    }

    /** The restore's own connection first, then the extra ones the budget allows. */
    private Connection connectionForBuilds(int i) throws SQLException {
        if (i == 0) {
            current(); // opens it
            return connection;
        }
        if (extra.unavailable() || !budget.tryTake()) {
            return null;
        }
        takenByBuilds++;
        return extra.get(i - 1);
    }

    /** Waits for the builds running beside, then lets their connections go back to the budget. */
    private void awaitBuilds() {
        if (builds == null) {
            return;
        }
        try {
            builds.awaitAll();
        } finally {
            endBuilds();
        }
    }

    /** Ends the group of builds (cancelling what still runs) and gives its connections back to the budget. */
    private void endBuilds() {
        builds.close();
        builds = null;
        budget.giveBack(takenByBuilds);
        takenByBuilds = 0;
    }

    /**
     * Sends the INSERTs held back, as one query (one transaction). When it fails, nothing of it remains, and the
     * statements run again one by one so that the failure names its statement and line, as without batching.
     */
    private void sendInserts() {
        if (inserts.isEmpty()) {
            return;
        }
        try {
            current().execute(inserts.query());
            commits.ran(statement);
            inserts.clear();
        } catch (SQLException e) {
            List<InsertBatch.Statement> replay = inserts.statements();
            inserts.clear();
            log.debug("a batch of {} INSERTs failed ({}); running them one by one to find the statement",
                    replay.size(), e.getMessage());
            for (InsertBatch.Statement s : replay) {
                executeOne(s.sql(), s.where());
            }
            // Every statement ran alone: what failed the batch did not recur, and the data is loaded.
            log.warn("restoring {}: a batch of {} INSERTs from {} failed as a whole ({}) but each statement"
                    + " succeeded on its own", dumpName, replay.size(), replay.get(0).where(), describe(e));
        }
    }

    /**
     * Executes {@code sql} from the part of the dump that {@code where} names ({@code "at TOC entry 7 (...)"}), at
     * once: INSERTs held back from the scanner go first.
     */
    void execute(String sql, String where) {
        sendInserts();
        awaitBuilds();
        executeOne(sql, where);
    }

    private void executeOne(String sql, String where) {
        try {
            current().execute(sql);
            commits.ran(statement);
        } catch (SQLException e) {
            throw new RestoreFailedException("restoring " + dumpName + " failed " + where + " ("
                    + PlainDumpScanner.statementHead(sql) + "): " + describe(e), e);
        }
        if (copyConnections > 1) {
            extra.ran(sql);
        }
    }

    @Override
    public void beginCopy(String sql, long line) {
        beginCopy(sql, line, "at line " + line);
    }

    /**
     * Starts a COPY whose data comes from the part of the dump that {@code where} names; failures count data rows
     * from there instead of the dump's lines.
     */
    void beginCopy(String sql, String where) {
        beginCopy(sql, -1, where);
    }

    private void beginCopy(String sql, long line, String where) {
        sendInserts();
        awaitBuilds();
        copyTable = PlainDumpScanner.copyTable(sql);
        copySql = sql;
        copyLine = line;
        copyWhere = where;
        copyBytesDirect = 0;
        copyBytes = 0;
        try {
            current(); // opens the connection
            copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        } catch (SQLException e) {
            throw new RestoreFailedException("restoring " + dumpName + " failed " + where + " ("
                    + PlainDumpScanner.statementHead(sql) + "): " + describe(e), e);
        }
    }

    @Override
    public void copyData(byte[] data, int offset, int length, long rowsSoFar) {
        copyBytes += length;
        if (parallel != null) {
            try {
                parallel.write(data, offset, length, rowsSoFar);
            } catch (ParallelCopy.StreamFailedException e) {
                throw copyFailed(e.sqlException(), e::copyRow);
            }
            return;
        }
        int direct = length;
        boolean goParallel = false;
        if (copyConnections > 1 && !extra.unavailable() && copyBytesDirect + length >= PARALLEL_FROM_BYTES) {
            int lastNewline = offset + length - 1;
            while (lastNewline >= offset && data[lastNewline] != '\n') {
                lastNewline--;
            }
            if (lastNewline >= offset) {
                direct = lastNewline + 1 - offset;
                goParallel = true;
            }
        }
        try {
            copyIn.writeToCopy(data, offset, direct);
        } catch (SQLException e) {
            throw copyFailed(e, OptionalLong::of);
        }
        copyBytesDirect += direct;
        if (goParallel && startParallel(rowsSoFar) && direct < length) {
            // No row ends after the last newline: all rowsSoFar rows were in the direct part.
            copyData(data, offset + direct, length - direct, rowsSoFar);
        } else if (direct < length) {
            try {
                copyIn.writeToCopy(data, offset + direct, length - direct);
            } catch (SQLException e) {
                throw copyFailed(e, OptionalLong::of);
            }
            copyBytesDirect += length - direct;
        }
    }

    /** Opens the other COPYs of the table; false (stay on one connection) when no other connection can be had. */
    private boolean startParallel(long rowsSentDirectly) {
        List<CopyIn> copies = new ArrayList<>();
        copies.add(copyIn);
        try {
            for (int i = 0; i < copyConnections - 1 && budget.tryTake(); i++) {
                taken++;
                Connection next = extra.get(i);
                if (next == null) {
                    break;
                }
                copies.add(next.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
            }
        } catch (SQLException e) {
            for (CopyIn started : copies.subList(1, copies.size())) {
                cancelQuietly(started);
            }
            giveBack();
            throw new RestoreFailedException("restoring " + dumpName + " failed " + copyWhere + " ("
                    + PlainDumpScanner.statementHead(copySql) + ", on an additional connection): " + describe(e), e);
        }
        if (copies.size() == 1) {
            giveBack();
            return false;
        }
        log.debug("COPY into {}: continuing on {} connections after {} rows", copyTable, copies.size(),
                rowsSentDirectly);
        parallel = new ParallelCopy(copyTable, copies, rowsSentDirectly);
        return true;
    }

    @Override
    public long endCopy() {
        if (parallel != null) {
            try {
                long rows = parallel.finish();
                giveBack();
                parallel = null;
                copyIn = null;
                connection.clearWarnings(); // notices during COPY collect on the connection
                extra.clearWarnings();
                afterCopy();
                return rows;
            } catch (ParallelCopy.StreamFailedException e) {
                throw copyFailed(e.sqlException(), e::copyRow);
            } catch (SQLException e) {
                throw copyFailed(e, OptionalLong::of);
            }
        }
        try {
            long rows = copyIn.endCopy();
            copyIn = null;
            connection.clearWarnings(); // notices during COPY collect on the connection
            afterCopy();
            return rows;
        } catch (SQLException e) {
            copyIn = null;
            throw copyFailed(e, OptionalLong::of);
        }
    }

    @Override
    public void abortCopy() {
        if (parallel != null) {
            parallel.cancel(); // cancels the first connection's COPY too
            giveBack();
            parallel = null;
            copyIn = null;
            return;
        }
        if (copyIn != null && copyIn.isActive()) {
            try {
                copyIn.cancelCopy();
            } catch (SQLException e) {
                // Expected: the server answers the cancel with an error. Whatever failed first is being reported.
                log.debug("cancelling COPY into {}: {}", copyTable, e.getMessage());
            }
        }
        copyIn = null;
    }

    private void giveBack() {
        budget.giveBack(taken);
        taken = 0;
    }

    @Override
    public void close() {
        if (builds != null) {
            endBuilds(); // the restore failed: what still runs is cancelled
        }
        if (parallel != null) {
            parallel.cancel();
            parallel = null;
        }
        giveBack();
        extra.close();
        if (connection != null) {
            PostgresConnections.closeQuietly(connection, endpoint);
        }
    }

    private void cancelQuietly(CopyIn copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            log.debug("cancelling COPY into {}: {}", copyTable, e.getMessage());
        }
    }

    /**
     * A COPY ended: a large one makes the commits synchronous for a while ({@link CommitMode}). What fails here is
     * not the COPY's failure (its rows are committed), so it says so.
     */
    private void afterCopy() {
        try {
            if (commits.loaded(copyBytes, connection, statement)) {
                synchronousCommits = true;
            } else {
                commits.ran(statement);
            }
        } catch (SQLException e) {
            throw new RestoreFailedException("restoring " + dumpName + " failed " + copyWhere + ", after the COPY into "
                    + copyTable + " (setting how the next commits wait for the WAL): " + describe(e), e);
        }
    }

    /** The restore's own statement, its session brought up to the restore's {@link CommitMode} first. */
    private Statement current() throws SQLException {
        Statement s = statement();
        synchronousCommits = commits.follow(synchronousCommits, s);
        return s;
    }

    private Statement statement() throws SQLException {
        if (statement == null) {
            try {
                connection = PostgresConnections.openForScripts(endpoint);
            } catch (SQLException e) {
                throw new RestoreFailedException("cannot connect to " + endpoint.describe() + " to restore "
                        + dumpName + ": " + e.getMessage(), e);
            }
            statement = connection.createStatement();
            // Dump text is SQL, not JDBC: "{fn ...}" and "{d ...}" must reach the server as written.
            statement.setEscapeProcessing(false);
            // Index builds after the data go faster with more sort memory, and the commits wait for the WAL flush
            // only for a moment after a large table (CommitMode). Session settings only; the dump's own SETs still
            // apply on top.
            statement.execute(ownSessionSettings);
            synchronousCommits = commits.apply(statement);
            if (openExtraAhead) {
                extra.openFirstAhead();
            }
        }
        return statement;
    }

    /**
     * {@code copyRow} maps the server's line number (of the COPY on the connection that failed) to the row of
     * the whole table's data; the identity for the first connection's COPY as long as it is the only one.
     */
    private RestoreFailedException copyFailed(SQLException e, LongFunction<OptionalLong> copyRow) {
        String dataLine = "";
        String context = null;
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null
                && p.getServerErrorMessage().getWhere() != null) {
            String where = p.getServerErrorMessage().getWhere();
            Matcher m = COPY_CONTEXT_LINE.matcher(where);
            if (m.find()) {
                OptionalLong row = copyRow.apply(Long.parseLong(m.group(1)));
                if (row.isPresent()) {
                    dataLine = copyLine >= 0 ? ", data line " + (copyLine + row.getAsLong())
                            : ", data row " + row.getAsLong();
                    // The server counts the lines of its own COPY; show the table's row instead.
                    context = where.substring(0, m.start(1)) + row.getAsLong() + where.substring(m.end(1));
                }
            }
        }
        return new RestoreFailedException("restoring " + dumpName + " failed in the COPY into " + copyTable
                + " " + copyWhere + dataLine + ": " + describe(e, context), e);
    }

    static String describe(SQLException e) {
        return describe(e, null);
    }

    /** PostgreSQL's own words: "ERROR: relation ... does not exist", with its detail and context when given. */
    private static String describe(SQLException e, String contextOverride) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            StringBuilder s = new StringBuilder();
            s.append(m.getSeverity() == null ? "ERROR" : m.getSeverity()).append(": ").append(m.getMessage());
            if (m.getDetail() != null) {
                s.append(" (DETAIL: ").append(m.getDetail()).append(')');
            }
            if (m.getWhere() != null) {
                s.append(" (CONTEXT: ").append(contextOverride != null ? contextOverride : m.getWhere()).append(')');
            }
            return s.toString();
        }
        return e.getMessage();
    }
}
