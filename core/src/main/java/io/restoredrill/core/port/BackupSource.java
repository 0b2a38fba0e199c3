package io.restoredrill.core.port;

import io.restoredrill.core.domain.BackupRef;

import java.io.InputStream;
import java.util.List;

/** Where backups are kept: a folder, an S3 prefix. Read-only: a drill never changes its source. */
public interface BackupSource {

    /** Where this source is, for people: a path or {@code s3://bucket/prefix/}. */
    String describe();

    /**
     * Every backup in the source whose name announces a known format, in no particular order.
     *
     * @throws io.restoredrill.core.domain.NoBackupFoundException when the source itself cannot be read
     *         (missing folder, missing bucket, access denied), naming the source and the cause
     */
    List<BackupRef> list();

    /**
     * Opens a backup for reading from its first byte; for a backup with {@link #members members} (a directory
     * dump), its table of contents ({@code toc.dat}). The caller closes the stream.
     *
     * @throws io.restoredrill.core.domain.BackupUnusableException when it cannot be opened
     */
    InputStream open(BackupRef backup);

    /**
     * The other files of a backup made of several (a directory-format dump); for a single-file backup, members that
     * fail to open, as it has none.
     */
    default BackupMembers members(BackupRef backup) {
        return BackupMembers.none(backup.location());
    }
}
