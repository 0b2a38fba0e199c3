package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.port.DatabaseEndpoint;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens JDBC connections to a {@link DatabaseEndpoint}. The one place that turns an endpoint into a
 * connection, so TLS and the password are handled the same way everywhere and the password never becomes
 * part of a URL (URLs end up in exception messages and logs).
 */
public final class PostgresConnections {

    private static final Logger log = LoggerFactory.getLogger(PostgresConnections.class);

    private PostgresConnections() {
    }

    /**
     * PgJDBC's driver, used directly: {@link java.sql.DriverManager} would first look for every driver on the class
     * path, a scan of the jar's service files that costs a drill's first connection 5-15 ms.
     */
    private static final Driver DRIVER = new Driver();

    public static Connection open(DatabaseEndpoint endpoint) throws SQLException {
        return DRIVER.connect(url(endpoint), properties(endpoint, false));
    }

    /**
     * A connection that sends statements with the simple query protocol, as psql does: several statements
     * in one string are allowed, and there is no per-statement prepare round trip (fast for a dump's DDL).
     */
    public static Connection openForScripts(DatabaseEndpoint endpoint) throws SQLException {
        return DRIVER.connect(url(endpoint), properties(endpoint, true));
    }

    /**
     * Closes {@code c}, one of {@code endpoint}'s, when what it was for is over or failed: an error closing it only
     * goes to the debug log (the server ends the session when the socket closes).
     */
    static void closeQuietly(Connection c, DatabaseEndpoint endpoint) {
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing a connection to {}: {}", endpoint.describe(), e.getMessage());
        }
    }

    /** The JDBC URL without credentials; safe to show. */
    public static String url(DatabaseEndpoint endpoint) {
        return "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + endpoint.database();
    }

    private static Properties properties(DatabaseEndpoint endpoint, boolean simpleQueries) {
        Properties p = new Properties();
        PGProperty.USER.set(p, endpoint.user());
        endpoint.password().ifPresent(secret -> PGProperty.PASSWORD.set(p, secret.value()));
        PGProperty.APPLICATION_NAME.set(p, "restore-drill");
        PGProperty.CONNECT_TIMEOUT.set(p, 15);
        // PostgreSQL 9.0 (2010) and newer take the application name in the start-up message: no SET after it, which
        // cost every connection a round trip.
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "9.0");
        if (endpoint.requireTls()) {
            // RDS: encrypt, and check the server's certificate chain and host name.
            PGProperty.SSL_MODE.set(p, "verify-full");
            endpoint.rootCertificate().ifPresent(pem -> PGProperty.SSL_ROOT_CERT.set(p, pem.toString()));
        } else {
            PGProperty.SSL_MODE.set(p, "disable");
        }
        if (simpleQueries) {
            PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        }
        return p;
    }
}
