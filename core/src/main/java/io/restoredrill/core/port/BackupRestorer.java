package io.restoredrill.core.port;

import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.RestoreStats;

import java.io.InputStream;
import java.util.Optional;

/** Loads one backup into an empty database. */
public interface BackupRestorer {

    /**
     * Reads the dump's header and returns the PostgreSQL major version it was dumped from (pg_dump's
     * "Dumped from database version N"), or empty when the header does not say. Reads only the start of
     * {@code dumpHead}; the caller closes it.
     */
    Optional<Integer> dumpedFromMajorVersion(BackupRef backup, InputStream dumpHead);

    /**
     * Restores {@code dump} (the backup's bytes, as stored: still compressed for gzip) into {@code target},
     * stopping at the first error.
     *
     * @throws io.restoredrill.core.domain.BackupUnusableException when the dump is empty, truncated or corrupt
     * @throws io.restoredrill.core.domain.RestoreFailedException  when a statement fails; the message names the
     *         dump's line (where known) and the start of the statement
     */
    RestoreStats restore(BackupRef backup, InputStream dump, DatabaseEndpoint target, RestoreProgress progress);

    /**
     * Restores a backup that may be made of several files: {@code dump} is what {@link BackupSource#open} gave (for
     * a directory dump its {@code toc.dat}), {@code members} opens the rest. Restorers of single-file formats ignore
     * {@code members}.
     */
    default RestoreStats restore(BackupRef backup, InputStream dump, BackupMembers members, DatabaseEndpoint target,
                                 RestoreProgress progress) {
        return restore(backup, dump, target, progress);
    }

    /**
     * Restores into a temporary database. A backup of one database goes into {@code target.endpoint()}; a backup
     * of a whole cluster (a pg_dumpall file) creates its roles and one more temporary database per database it holds
     * beside it ({@link TemporaryDatabase#createDatabase}), and the returned stats name them
     * ({@link RestoreStats#databases()}).
     *
     * @throws io.restoredrill.core.domain.BackupUnusableException also when the file holds no data at all (a
     *         pg_dumpall {@code --globals-only} file)
     */
    default RestoreStats restore(BackupRef backup, InputStream dump, BackupMembers members, TemporaryDatabase target,
                                 RestoreProgress progress) {
        return restore(backup, dump, members, target.endpoint(), progress);
    }
}
