package io.restoredrill.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One backup of an account's database: a DB snapshot or a DB cluster snapshot.
 *
 * @param database the instance or cluster it was taken of (for a shared snapshot: the source's identifier in the
 *                 account that shared it, which is the production database's identifier in the backup-account
 *                 pattern)
 * @param status   RDS's status, e.g. {@code available}, {@code creating}
 */
public record AccountBackup(AccountDatabase.Kind databaseKind, String database, String identifier, Type type,
                            Instant createdAt, String status) {

    /** Where a backup comes from, and so whether it outlives its database. */
    public enum Type {
        MANUAL, SHARED, AWS_BACKUP, AUTOMATED,
        /** A copy kept in another region or another account (found by {@code BackupCopies}). */
        COPY;

        /**
         * Whether the backup survives the database's deletion without anyone's help: automated snapshots are deleted
         * with the instance unless someone chose to retain them; manual, shared, AWS Backup ones and copies are not.
         */
        public boolean independent() {
            return this != AUTOMATED;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public AccountBackup {
        Objects.requireNonNull(databaseKind, "databaseKind");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
    }

    public boolean available() {
        return "available".equals(status);
    }
}
