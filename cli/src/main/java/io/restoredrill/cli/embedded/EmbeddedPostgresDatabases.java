package io.restoredrill.cli.embedded;

import io.restoredrill.core.adapter.postgres.PostgresConnections;
import io.restoredrill.core.adapter.postgres.RestoredClusterObjects;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.TemporaryDatabase;
import io.restoredrill.core.port.TemporaryDatabaseProvider;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * The default target: a PostgreSQL server started for one drill from the binaries bundled in this jar, in
 * a fresh data directory, and stopped and deleted afterwards. Its major version follows the dump's.
 */
public final class EmbeddedPostgresDatabases implements TemporaryDatabaseProvider {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresDatabases.class);
    static final String DATABASE = "restore_drill";

    private final BundledPostgres bundle;
    private final Optional<Integer> forcedMajor;

    /**
     * @param forcedMajor a major version to use whatever the dump says ({@code --pg-version})
     * @throws IllegalArgumentException when {@code forcedMajor} is not bundled
     */
    public EmbeddedPostgresDatabases(BundledPostgres bundle, Optional<Integer> forcedMajor) {
        this.bundle = bundle;
        this.forcedMajor = forcedMajor;
        forcedMajor.ifPresent(major -> {
            if (!bundle.versions().containsKey(major)) {
                throw new IllegalArgumentException("--pg-version " + major + " is not bundled; this build has "
                        + bundle.versions().keySet());
            }
        });
    }

    @Override
    public TemporaryDatabase create(Optional<Integer> dumpMajorVersion) {
        int major = chooseMajor(dumpMajorVersion);
        log.info("starting embedded PostgreSQL {} ({})", bundle.versions().get(major), bundle.platform());
        EmbeddedPostgres server;
        try {
            server = EmbeddedPostgres.builder()
                    .setPgBinaryResolver((system, hardware) -> bundle.open(major))
                    // We tear down ourselves (also on Ctrl-C, see TeardownOnExit); two hooks would race.
                    .setRegisterShutdownHook(false)
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // A throwaway server: durability buys nothing and costs restore time.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("maintenance_work_mem", "256MB")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new TemporaryDatabaseException("cannot start embedded PostgreSQL " + major + ": " + e.getMessage(), e);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(server, major);
        try {
            database.initialise();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private int chooseMajor(Optional<Integer> dumpMajor) {
        if (forcedMajor.isPresent()) {
            return forcedMajor.get();
        }
        if (dumpMajor.isEmpty()) {
            log.info("the dump's header names no PostgreSQL version; using the newest bundled, {}", bundle.newest());
            return bundle.newest();
        }
        return bundle.serverFor(dumpMajor.get()).orElseThrow(() -> new TemporaryDatabaseException(
                "the dump comes from PostgreSQL " + dumpMajor.get() + ", newer than every bundled embedded server "
                        + bundle.versions().keySet() + "; use --pg-version to force one, or --target with a"
                        + " PostgreSQL " + dumpMajor.get() + " server"));
    }

    private static final class EmbeddedDatabase implements TemporaryDatabase {
        private final EmbeddedPostgres server;
        private final int major;
        private boolean closed;
        private String version = "";
        private final RestoredClusterObjects cluster;

        EmbeddedDatabase(EmbeddedPostgres server, int major) {
            this.server = server;
            this.major = major;
            // Stopping the server removes them all; the object only names and creates them.
            this.cluster = new RestoredClusterObjects(admin(), DATABASE);
        }

        private DatabaseEndpoint admin() {
            return new DatabaseEndpoint("localhost", server.getPort(), "postgres", "postgres", Optional.empty(), false);
        }

        @Override
        public DatabaseEndpoint createDatabase(String nameInBackup) {
            return endpoint().withDatabase(cluster.createDatabase(nameInBackup));
        }

        @Override
        public boolean createRoleIfAbsent(String role) {
            return cluster.createRoleIfAbsent(role);
        }

        void initialise() {
            try (Connection c = PostgresConnections.open(admin()); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
                try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                    rs.next();
                    version = rs.getString(1);
                }
            } catch (SQLException e) {
                throw new TemporaryDatabaseException("embedded PostgreSQL started but cannot be used: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public DatabaseEndpoint endpoint() {
            return new DatabaseEndpoint("localhost", server.getPort(), DATABASE, "postgres", Optional.empty(), false);
        }

        @Override
        public String describe() {
            return "embedded PostgreSQL " + (version.isEmpty() ? String.valueOf(major) : version);
        }

        @Override
        public int serverMajorVersion() {
            return major;
        }

        @Override
        public synchronized void close() {
            // synchronized, not a flag check: when the shutdown hook and the drill close at once, the second
            // caller must wait until the server is really gone, or the JVM could exit before it is.
            if (closed) {
                return;
            }
            closed = true;
            try {
                server.close(); // stops the server (pg_ctl stop -m fast) and deletes its data directory
            } catch (IOException e) {
                throw new TemporaryDatabaseException("cannot stop embedded PostgreSQL on port " + server.getPort()
                        + ": " + e.getMessage(), e);
            }
        }
    }
}
