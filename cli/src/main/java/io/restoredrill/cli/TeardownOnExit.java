package io.restoredrill.cli;

import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.TemporaryDatabase;
import io.restoredrill.core.port.TemporaryDatabaseProvider;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure a temporary database does not outlive the process: when the JVM is asked to exit (Ctrl-C,
 * SIGTERM) while a drill runs, a shutdown hook destroys every temporary database still open.
 */
final class TeardownOnExit implements TemporaryDatabaseProvider {

    private final TemporaryDatabaseProvider delegate;
    private final Set<TemporaryDatabase> open = ConcurrentHashMap.newKeySet();

    TeardownOnExit(TemporaryDatabaseProvider delegate) {
        this.delegate = delegate;
        Runtime.getRuntime().addShutdownHook(new Thread(this::tearDownAll, "restore-drill-teardown"));
    }

    @Override
    public TemporaryDatabase create(Optional<Integer> dumpMajorVersion) {
        TemporaryDatabase database = delegate.create(dumpMajorVersion);
        open.add(database);
        return new TemporaryDatabase() {
            @Override
            public DatabaseEndpoint endpoint() {
                return database.endpoint();
            }

            @Override
            public String describe() {
                return database.describe();
            }

            @Override
            public int serverMajorVersion() {
                return database.serverMajorVersion();
            }

            @Override
            public DatabaseEndpoint createDatabase(String nameInBackup) {
                return database.createDatabase(nameInBackup);
            }

            @Override
            public boolean createRoleIfAbsent(String role) {
                return database.createRoleIfAbsent(role);
            }

            @Override
            public void close() {
                try {
                    database.close();
                } finally {
                    open.remove(database);
                }
            }
        };
    }

    private void tearDownAll() {
        for (TemporaryDatabase database : open) {
            System.err.println("restore-drill: interrupted; tearing down " + database.describe());
            try {
                database.close();
            } catch (RuntimeException e) {
                System.err.println("restore-drill: could not tear down " + database.describe() + ": " + e.getMessage());
            }
        }
    }
}
