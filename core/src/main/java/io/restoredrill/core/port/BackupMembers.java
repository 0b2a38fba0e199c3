package io.restoredrill.core.port;

import java.io.InputStream;

/**
 * The files of a backup that is made of several: a directory-format dump ({@code pg_dump -Fd}) is a folder or an
 * S3 prefix holding {@code toc.dat} and one file per table. Single-file backups have none.
 */
@FunctionalInterface
public interface BackupMembers {

    /**
     * Opens the member called {@code name} (relative to the backup, e.g. {@code 3456.dat.gz}) from its first byte.
     * The caller closes the stream.
     *
     * @throws io.restoredrill.core.domain.BackupUnusableException when the member is missing or cannot be opened,
     *         naming the backup and the member
     */
    InputStream open(String name);
}
