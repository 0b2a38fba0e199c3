package io.restoredrill.core.port;

/**
 * A database that exists only for one drill. {@link #close()} destroys it (stops the embedded server, or
 * drops the database it created on a scratch server); it is idempotent and safe to call from a shutdown hook.
 */
public interface TemporaryDatabase extends AutoCloseable {

    /** Where the drill restores into and runs its checks. */
    DatabaseEndpoint endpoint();

    /** What it is, for the report: e.g. {@code "embedded PostgreSQL 16.4"}. Never contains a password. */
    String describe();

    /** PostgreSQL major version of the server it lives on. */
    int serverMajorVersion();

    /**
     * Destroys the database.
     *
     * @throws io.restoredrill.core.domain.TemporaryDatabaseException when it could not be destroyed
     */
    @Override
    void close();
}
