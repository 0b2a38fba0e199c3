package io.restoredrill.cli;

import io.restoredrill.core.port.TemporaryDatabase;
import io.restoredrill.core.port.TemporaryDatabaseProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A scratch server's temporary database, created while the rest of the drill gets ready (the checks file read,
 * the newest backup found): CREATE DATABASE takes about a tenth of a second, which no longer comes before the
 * restore. The drill's first {@link #create} takes this database, or gets the error that kept it from being
 * created; later ones create their own. A database that no drill took (the checks file was wrong, no backup was
 * found) is dropped by {@link #close}.
 *
 * <p>Only for providers whose database does not depend on the dump: the embedded server picks its version from
 * the dump, so it is created {@linkplain #onDemand on demand}.
 */
final class DatabaseCreatedAhead implements TemporaryDatabaseProvider, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseCreatedAhead.class);

    private final TemporaryDatabaseProvider delegate;
    /** Empty once taken, or for a provider that creates on demand. */
    private Optional<CompletableFuture<TemporaryDatabase>> ahead;

    private DatabaseCreatedAhead(TemporaryDatabaseProvider delegate,
                                 Optional<CompletableFuture<TemporaryDatabase>> ahead) {
        this.delegate = delegate;
        this.ahead = ahead;
    }

    /** Starts creating one database now, on its own thread. */
    static DatabaseCreatedAhead startingNow(TemporaryDatabaseProvider delegate) {
        CompletableFuture<TemporaryDatabase> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(delegate.create(Optional.empty()));
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        }, "restore-drill-create-database");
        thread.setDaemon(true);
        thread.start();
        return new DatabaseCreatedAhead(delegate, Optional.of(future));
    }

    /** Creates each database when it is asked for. */
    static DatabaseCreatedAhead onDemand(TemporaryDatabaseProvider delegate) {
        return new DatabaseCreatedAhead(delegate, Optional.empty());
    }

    @Override
    public synchronized TemporaryDatabase create(Optional<Integer> dumpMajorVersion) {
        if (ahead.isEmpty()) {
            return delegate.create(dumpMajorVersion);
        }
        CompletableFuture<TemporaryDatabase> future = ahead.get();
        ahead = Optional.empty();
        try {
            return future.join();
        } catch (CompletionException e) {
            // The creation's own error (cannot connect, no CREATEDB privilege, ...), as a create on demand throws it.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Drops the database created ahead if no drill took it; an error creating it then is only logged. */
    @Override
    public synchronized void close() {
        if (ahead.isEmpty()) {
            return;
        }
        CompletableFuture<TemporaryDatabase> future = ahead.get();
        ahead = Optional.empty();
        TemporaryDatabase unused;
        try {
            unused = future.join();
        } catch (CompletionException e) {
            log.debug("the temporary database created ahead could not be created: {}", e.getCause().getMessage());
            return;
        }
        unused.close();
        log.debug("dropped {}, which no drill used", unused.describe());
    }
}
