package io.restoredrill.core.port;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a PostgreSQL database can be reached. {@link #toString()} leaves the password out.
 *
 * @param requireTls      connect over TLS and verify the server's certificate and host name (RDS); false for a
 *                        local embedded server
 * @param rootCertificate the CA certificates (PEM) to verify the server with, e.g. the RDS CA bundle; when empty
 *                        the client's default ({@code ~/.postgresql/root.crt}) applies
 */
public record DatabaseEndpoint(
        String host, int port, String database, String user, Optional<Secret> password, boolean requireTls,
        Optional<Path> rootCertificate) {

    public DatabaseEndpoint(String host, int port, String database, String user, Optional<Secret> password,
                            boolean requireTls) {
        this(host, port, database, user, password, requireTls, Optional.empty());
    }

    public DatabaseEndpoint {
        Objects.requireNonNull(rootCertificate, "rootCertificate");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The same server, another database on it. */
    public DatabaseEndpoint withDatabase(String otherDatabase) {
        return new DatabaseEndpoint(host, port, otherDatabase, user, password, requireTls, rootCertificate);
    }

    /** {@code user@host:port/database}, safe to print. */
    public String describe() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "DatabaseEndpoint[" + describe() + "]";
    }
}
