package io.restoredrill.cli;

import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.TemporaryDatabase;
import io.restoredrill.core.port.TemporaryDatabaseProvider;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure a temporary database does not outlive the process: when the JVM is asked to exit (Ctrl-C,
 * SIGTERM) while a drill runs, a shutdown hook destroys every temporary database still open. A database still
 * being created then (CREATE DATABASE sent, no answer yet) is waited for, up to {@link #CREATION_WAIT}, and
 * destroyed too; none is created after the hook started.
 */
final class TeardownOnExit implements TemporaryDatabaseProvider {

    static final Duration CREATION_WAIT = Duration.ofSeconds(30);

    private final TemporaryDatabaseProvider delegate;
    private final Set<TemporaryDatabase> open = ConcurrentHashMap.newKeySet();
    /** Guarded by {@code this}. */
    private int creating;
    /** Guarded by {@code this}. */
    private boolean exiting;

    TeardownOnExit(TemporaryDatabaseProvider delegate) {
        this(delegate, true);
    }

    /** @param hook whether to register the shutdown hook (tests call {@link #tearDownAll} themselves) */
    TeardownOnExit(TemporaryDatabaseProvider delegate, boolean hook) {
        this.delegate = delegate;
        if (hook) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::tearDownAll, "restore-drill-teardown"));
        }
    }

    @Override
    public TemporaryDatabase create(Optional<Integer> dumpMajorVersion) {
        synchronized (this) {
            if (exiting) {
                throw new TemporaryDatabaseException("restore-drill is exiting: no temporary database is created");
            }
            creating++;
        }
        TemporaryDatabase database;
        try {
            database = delegate.create(dumpMajorVersion);
            open.add(database);
        } finally {
            synchronized (this) {
                creating--;
                notifyAll();
            }
        }
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

    void tearDownAll() {
        awaitCreations();
        for (TemporaryDatabase database : open) {
            System.err.println("restore-drill: interrupted; tearing down " + database.describe());
            try {
                database.close();
            } catch (RuntimeException e) {
                System.err.println("restore-drill: could not tear down " + database.describe() + ": " + e.getMessage());
            }
        }
    }

    private synchronized void awaitCreations() {
        exiting = true;
        long deadline = System.nanoTime() + CREATION_WAIT.toNanos();
        boolean interrupted = false;
        while (creating > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                System.err.println("restore-drill: a temporary database was still being created after "
                        + CREATION_WAIT.toSeconds() + " s; it may be left on the server");
                break;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
