package io.restoredrill.core.port;

import java.io.InputStream;
import java.util.Optional;

/**
 * The parts of a backup that can be opened apart: a directory-format dump ({@code pg_dump -Fd}) is a folder or an
 * S3 prefix holding {@code toc.dat} and one file per table; a single file in a folder or S3 can be opened at any of
 * its bytes, which lets a custom-format archive's tables be read at once.
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

    /** The backup's own bytes, opened at an offset, when its source can (a file, an S3 object); else empty. */
    default Optional<Offsets> offsets() {
        return Optional.empty();
    }

    /** Opens a single-file backup at a byte. */
    @FunctionalInterface
    interface Offsets {
        /**
         * The backup from byte {@code offset} on; the caller closes the stream.
         *
         * @throws io.restoredrill.core.domain.BackupUnusableException when it cannot be opened
         */
        InputStream openAt(long offset);
    }
}
