package io.restoredrill.core.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * The pg_dump output formats restore-drill can restore, recognised by file name ending (a directory dump: by the
 * {@code toc.dat} in its folder). Archives are also recognised by content: a file that starts with pg_dump's
 * {@code PGDMP} is restored as a custom archive whatever it is called.
 */
public enum BackupFormat {
    /** Plain SQL script ({@code pg_dump -Fp}), restored by the pure-Java loader. */
    PLAIN_SQL(".sql"),
    /** Gzip-compressed plain SQL script, restored by the pure-Java loader. */
    GZIP_SQL(".sql.gz"),
    /** Custom archive ({@code pg_dump -Fc}), restored by the pure-Java archive reader. */
    CUSTOM(".dump"),
    /** Directory archive ({@code pg_dump -Fd}): a folder (or S3 prefix) holding {@code toc.dat} and the data files. */
    DIRECTORY("/toc.dat"),
    /** Tar archive ({@code pg_dump -Ft}). */
    TAR(".tar");

    private final String suffix;

    BackupFormat(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    /**
     * The format a file name announces, or empty when the name is not a backup restore-drill knows. Never
     * {@link #DIRECTORY}: a directory dump is a folder, found by its {@code toc.dat}.
     */
    public static Optional<BackupFormat> ofFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        // GZIP_SQL before PLAIN_SQL would not matter (".sql.gz" does not end with ".sql"), but keep the
        // longest suffix first so the intent is obvious.
        for (BackupFormat format : new BackupFormat[] {GZIP_SQL, PLAIN_SQL, CUSTOM, TAR}) {
            if (lower.endsWith(format.suffix)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
