package io.restoredrill.core.drill;

import io.restoredrill.core.domain.DrillException;
import io.restoredrill.core.port.BackupRestorer;
import io.restoredrill.core.port.BackupSource;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.port.TemporaryDatabaseProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Where the data under proof comes from: a backup to load, or a database that already holds one. */
public sealed interface Subject permits Subject.Backups, Subject.Restored {

    /**
     * The newest backup of a source, loaded into a database created for it. There is no fallback to an older one.
     *
     * @param source    the backups
     * @param noun      what a backup is called in messages: {@code "backup"}, or {@code "dump"} on the AWS path
     * @param maxAge    the newest backup must be younger than this, when given
     * @param restorer  loads it
     * @param databases creates the database it is loaded into; the pipeline closes that database when done
     * @param progress  told how the load goes
     * @param server    where the database will be, described, for a report written before it exists
     */
    public record Backups(BackupSource source, String noun, Optional<Duration> maxAge, BackupRestorer restorer,
                          TemporaryDatabaseProvider databases, RestoreProgress progress, Optional<String> server)
            implements Subject {
        public Backups {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(noun, "noun");
            Objects.requireNonNull(maxAge, "maxAge");
            Objects.requireNonNull(restorer, "restorer");
            Objects.requireNonNull(databases, "databases");
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(server, "server");
        }
    }

    /**
     * A database that already holds the backup: a snapshot restored by someone else (the restore step).
     *
     * @param source   the backup, described
     * @param server   where it is, described, for a report written before the database is located
     * @param database finds the database to prove on it; may throw a {@link DrillException} that stops the drill
     * @param takenAt  when the backup was taken (a snapshot's creation time), what freshness is measured against;
     *                 empty when unknown, and then the freshness proof is skipped
     */
    public record Restored(String source, String server, DatabaseLocator database, Optional<Instant> takenAt)
            implements Subject {
        public Restored {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(takenAt, "takenAt");
        }

        /** A restored database whose backup time is not known. */
        public Restored(String source, String server, DatabaseLocator database) {
            this(source, server, database, Optional.empty());
        }
    }

    /** Finds the database to prove on a restored server. */
    @FunctionalInterface
    public interface DatabaseLocator {
        Located locate();
    }

    /** A database to prove and how the report names it. */
    public record Located(DatabaseEndpoint endpoint, String description) {
        public Located {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(description, "description");
        }
    }
}
