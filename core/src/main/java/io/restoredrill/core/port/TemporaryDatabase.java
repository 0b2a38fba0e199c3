package io.restoredrill.core.port;

/**
 * A database that exists only for one drill. {@link #close()} destroys it (stops the embedded server, or
 * drops the database it created on a scratch server, with the databases and roles a pg_dumpall restore added
 * through {@link #createDatabase} and {@link #createRoleIfAbsent}); it is idempotent and safe to call from a
 * shutdown hook.
 */
public interface TemporaryDatabase extends AutoCloseable {

    /** Where the drill restores into and runs its checks. */
    DatabaseEndpoint endpoint();

    /** What it is, for the report: e.g. {@code "embedded PostgreSQL 16.4"}. Never contains a password. */
    String describe();

    /** PostgreSQL major version of the server it lives on. */
    int serverMajorVersion();

    /**
     * Creates another empty database on the same server, for one database of a backup that holds several (a
     * pg_dumpall file); {@link #close()} drops it together with this one. Its name is derived from this database's
     * and {@code nameInBackup}; the server's own databases ({@code postgres}, {@code template1}) are never written.
     *
     * @param nameInBackup the database's name in the backup
     * @return where the new database is, reached as {@link #endpoint()} is
     * @throws io.restoredrill.core.domain.TemporaryDatabaseException when it cannot be created, or when this kind
     *         of temporary database cannot have others beside it
     */
    default DatabaseEndpoint createDatabase(String nameInBackup) {
        throw new io.restoredrill.core.domain.TemporaryDatabaseException(describe() + " holds one database only, so"
                + " it cannot restore database " + nameInBackup + " of a backup of several databases (pg_dumpall);"
                + " restore the databases' own pg_dump files instead");
    }

    /**
     * Creates a role without any attribute (no login, no password) when the server has no role of that name, for
     * a backup that brings its roles (a pg_dumpall file). A role it creates is dropped by {@link #close()}; an
     * existing role is never changed.
     *
     * @return true when the role was created, false when it existed
     * @throws io.restoredrill.core.domain.TemporaryDatabaseException when it cannot be created, or when this kind
     *         of temporary database cannot create roles
     */
    default boolean createRoleIfAbsent(String role) {
        throw new io.restoredrill.core.domain.TemporaryDatabaseException(describe() + " cannot restore a backup of a"
                + " whole cluster (pg_dumpall): it creates no roles (here " + role + ") or databases beside its own");
    }

    /**
     * Destroys the database.
     *
     * @throws io.restoredrill.core.domain.TemporaryDatabaseException when it could not be destroyed
     */
    @Override
    void close();
}
