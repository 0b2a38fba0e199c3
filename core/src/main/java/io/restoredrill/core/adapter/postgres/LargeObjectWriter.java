package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.port.DatabaseEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes the contents of large objects that the archive's {@code BLOB} (or {@code BLOB METADATA}) entries already
 * created, with {@code lo_put} on a connection of its own (opened on first use): bytes travel as a bound
 * {@code bytea} parameter, which the script connection's simple protocol cannot carry.
 */
final class LargeObjectWriter implements AutoCloseable {

    private static final int PIECE = 1 << 20;

    private final DatabaseEndpoint endpoint;
    private final String dumpName;
    private Connection connection;
    private PreparedStatement put;

    LargeObjectWriter(DatabaseEndpoint endpoint, String dumpName) {
        this.endpoint = endpoint;
        this.dumpName = dumpName;
    }

    /** Writes {@code data} into large object {@code oid}; returns the bytes written. */
    long write(long oid, InputStream data, String what) {
        long offset = 0;
        byte[] piece = new byte[PIECE];
        try {
            for (;;) {
                int n = data.readNBytes(piece, 0, PIECE);
                if (n == 0) {
                    return offset;
                }
                PreparedStatement statement = statement();
                statement.setLong(1, oid);
                statement.setLong(2, offset);
                statement.setBytes(3, n == PIECE ? piece : java.util.Arrays.copyOf(piece, n));
                statement.execute();
                offset += n;
            }
        } catch (IOException e) {
            throw new BackupUnusableException(what + " cannot be read: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new RestoreFailedException("restoring " + dumpName + " failed writing " + what + " at byte "
                    + offset + ": " + e.getMessage(), e);
        }
    }

    private PreparedStatement statement() throws SQLException {
        if (put == null) {
            connection = PostgresConnections.open(endpoint);
            put = connection.prepareStatement("SELECT pg_catalog.lo_put(?::oid, ?, ?)");
        }
        return put;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // The restore's outcome is already decided; the server drops the session either way.
                org.slf4j.LoggerFactory.getLogger(LargeObjectWriter.class)
                        .debug("closing the large-object connection: {}", e.getMessage());
            }
        }
    }
}
