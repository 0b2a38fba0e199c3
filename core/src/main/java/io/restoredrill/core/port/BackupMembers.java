package io.restoredrill.core.port;

import io.restoredrill.core.domain.BackupUnusableException;

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

    /** A single file's, from a source that cannot open it at a byte: it has no members. */
    static BackupMembers none(String location) {
        return name -> {
            throw new BackupUnusableException(location + " is a single file; it has no member " + name);
        };
    }

    /** A single file's: it has no members, and opens at any of its bytes through {@code offsets}. */
    static BackupMembers singleFile(String location, Offsets offsets) {
        BackupMembers none = none(location);
        return new BackupMembers() {
            @Override
            public InputStream open(String name) {
                return none.open(name);
            }

            @Override
            public Optional<Offsets> offsets() {
                return Optional.of(offsets);
            }
        };
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
