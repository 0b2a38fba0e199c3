package io.restoredrill.core.testing;

import io.restoredrill.core.port.DatabaseEndpoint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server (embedded, version 15) shared by all tests of a JVM, started on first use and
 * stopped when the JVM exits. Tests get fresh databases on it, so they never see each other's data.
 */
public final class TestPostgres {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; nothing more can be done
                }
            }));
        }
        return server;
    }

    public static int port() {
        return server().getPort();
    }

    /** An endpoint for the server's {@code postgres} database, as the superuser. */
    public static DatabaseEndpoint adminEndpoint() {
        return new DatabaseEndpoint("localhost", port(), "postgres", "postgres", Optional.empty(), false);
    }

    /** Creates a new empty database with a unique name derived from {@code hint}. */
    public static DatabaseEndpoint createDatabase(String hint) {
        String name = (hint.replaceAll("[^a-z0-9_]", "_") + "_" + NEXT.incrementAndGet()).toLowerCase();
        execute(adminEndpoint(), "CREATE DATABASE " + name);
        return adminEndpoint().withDatabase(name);
    }

    public static Connection connect(DatabaseEndpoint endpoint) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + endpoint.database(),
                endpoint.user(), endpoint.password().map(p -> p.value()).orElse(""));
    }

    public static void execute(DatabaseEndpoint endpoint, String... statements) {
        try (Connection c = connect(endpoint); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + endpoint.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Names of all databases on the server. */
    public static java.util.List<String> databaseNames() {
        try (Connection c = connect(adminEndpoint()); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT datname FROM pg_database")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean databaseExists(String name) {
        try (Connection c = connect(adminEndpoint());
             var ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
