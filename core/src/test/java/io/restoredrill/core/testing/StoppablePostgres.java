package io.restoredrill.core.testing;

import io.restoredrill.core.port.DatabaseEndpoint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * An embedded PostgreSQL of its own, on a data directory that outlives a stop, so a test can damage a relation's
 * file while the server is down and start it again on the damaged files. Not the shared {@link TestPostgres}.
 */
public final class StoppablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private EmbeddedPostgres server;

    public StoppablePostgres(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        start();
    }

    public void start() {
        if (server != null) {
            throw new IllegalStateException("already running");
        }
        try {
            // Without cleaning, zonky runs initdb only when the directory holds no postgresql.conf: the second
            // start reuses the files the first one left.
            server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL on " + dataDirectory, e);
        }
    }

    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = null;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public DatabaseEndpoint endpoint(String database) {
        return new DatabaseEndpoint("localhost", server.getPort(), database, "postgres", Optional.empty(), false);
    }

    /** The first column of the first row of {@code sql}, as text. */
    public String query(String database, String sql) {
        try (Connection c = TestPostgres.connect(endpoint(database)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
        }
    }

    /** The file of a relation, from {@code pg_relation_filepath} (relative to the data directory). */
    public Path fileOf(String database, String relation) {
        return dataDirectory.resolve(query(database, "SELECT pg_relation_filepath('" + relation + "')"));
    }

    @Override
    public void close() {
        if (server != null) {
            stop();
        }
    }
}
