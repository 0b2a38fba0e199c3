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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a dump's statements on one autocommit connection, as psql does, and feeds COPY data straight from the
 * scanner's buffer into PgJDBC's {@link CopyIn} (no second copy of the bytes). The connection is opened on first
 * use, so a dump that turns out empty or corrupt never connects.
 */
final class JdbcScriptTarget implements ScriptTarget, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JdbcScriptTarget.class);
    /** The server's context for a COPY error: {@code COPY pgbench_accounts, line 42, column abalance: "x"}. */
    private static final Pattern COPY_CONTEXT_LINE = Pattern.compile("COPY [^,]+, line (\\d+)");

    private final DatabaseEndpoint endpoint;
    private final String dumpName;
    private Connection connection;
    private Statement statement;
    private CopyIn copyIn;
    private String copyTable;
    private long copyLine;

    JdbcScriptTarget(DatabaseEndpoint endpoint, String dumpName) {
        this.endpoint = endpoint;
        this.dumpName = dumpName;
    }

    @Override
    public void execute(String sql, long line) {
        try {
            statement().execute(sql);
        } catch (SQLException e) {
            throw new RestoreFailedException("restoring " + dumpName + " failed at line " + line + " ("
                    + PlainDumpScanner.statementHead(sql) + "): " + describe(e), e);
        }
    }

    @Override
    public void beginCopy(String sql, long line) {
        copyTable = PlainDumpScanner.copyTable(sql);
        copyLine = line;
        try {
            statement(); // opens the connection
            copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        } catch (SQLException e) {
            throw new RestoreFailedException("restoring " + dumpName + " failed at line " + line + " ("
                    + PlainDumpScanner.statementHead(sql) + "): " + describe(e), e);
        }
    }

    @Override
    public void copyData(byte[] data, int offset, int length) {
        try {
            copyIn.writeToCopy(data, offset, length);
        } catch (SQLException e) {
            throw copyFailed(e);
        }
    }

    @Override
    public long endCopy() {
        try {
            long rows = copyIn.endCopy();
            copyIn = null;
            connection.clearWarnings(); // notices during COPY collect on the connection
            return rows;
        } catch (SQLException e) {
            copyIn = null;
            throw copyFailed(e);
        }
    }

    @Override
    public void abortCopy() {
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

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the restore connection to {}: {}", endpoint.describe(), e.getMessage());
        }
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
            // The target is a throwaway database: waiting for each autocommit's WAL flush buys nothing (a crash
            // loses the drill either way), and index builds after the data go faster with more sort memory.
            // Session settings only; the dump's own SETs still apply on top.
            statement.execute("SET synchronous_commit TO off; SET maintenance_work_mem TO '256MB'");
        }
        return statement;
    }

    private RestoreFailedException copyFailed(SQLException e) {
        String dataLine = "";
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null
                && p.getServerErrorMessage().getWhere() != null) {
            Matcher m = COPY_CONTEXT_LINE.matcher(p.getServerErrorMessage().getWhere());
            if (m.find()) {
                dataLine = ", data line " + (copyLine + Long.parseLong(m.group(1)));
            }
        }
        return new RestoreFailedException("restoring " + dumpName + " failed in the COPY into " + copyTable
                + " at line " + copyLine + dataLine + ": " + describe(e), e);
    }

    /** PostgreSQL's own words: "ERROR: relation ... does not exist", with its detail and context when given. */
    private static String describe(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            StringBuilder s = new StringBuilder();
            s.append(m.getSeverity() == null ? "ERROR" : m.getSeverity()).append(": ").append(m.getMessage());
            if (m.getDetail() != null) {
                s.append(" (DETAIL: ").append(m.getDetail()).append(')');
            }
            if (m.getWhere() != null) {
                s.append(" (CONTEXT: ").append(m.getWhere()).append(')');
            }
            return s.toString();
        }
        return e.getMessage();
    }
}
