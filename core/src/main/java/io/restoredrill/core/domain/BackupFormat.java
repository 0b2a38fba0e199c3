package io.restoredrill.core.domain;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The pg_dump output formats restore-drill can restore, recognised by file name ending (a directory dump: by the
 * {@code toc.dat} in its folder). Content is read too: a file that starts with pg_dump's {@code PGDMP} is restored
 * as a custom archive whatever it is called, and a plain script's compression is read from its magic bytes.
 */
public enum BackupFormat {
    /** Plain SQL script ({@code pg_dump -Fp}), restored by the pure-Java loader. */
    PLAIN_SQL(".sql", true),
    /** Gzip-compressed plain SQL script, restored by the pure-Java loader. */
    GZIP_SQL(".sql.gz", true),
    /** Plain SQL script compressed with zstd. */
    ZSTD_SQL(".sql.zst", true),
    /** Plain SQL script compressed with lz4 (its frame format, as the {@code lz4} program writes it). */
    LZ4_SQL(".sql.lz4", true),
    /** Plain SQL script compressed with bzip2. */
    BZIP2_SQL(".sql.bz2", true),
    /** Plain SQL script compressed with xz. */
    XZ_SQL(".sql.xz", true),
    /** Custom archive ({@code pg_dump -Fc}), restored by the pure-Java archive reader. */
    CUSTOM(".dump", false),
    /** Directory archive ({@code pg_dump -Fd}): a folder (or S3 prefix) holding {@code toc.dat} and the data files. */
    DIRECTORY("/toc.dat", false),
    /** Tar archive ({@code pg_dump -Ft}). */
    TAR(".tar", false);

    // Longest suffix first, so that ".sql.gz" is not taken for ".sql" should a looser ending ever appear. A
    // directory dump is a folder, never a file name.
    private static final BackupFormat[] BY_SUFFIX_LENGTH = Stream.of(values())
            .filter(f -> f != DIRECTORY)
            .sorted(Comparator.comparingInt((BackupFormat f) -> f.suffix.length()).reversed())
            .toArray(BackupFormat[]::new);

    private final String suffix;
    private final boolean plainSql;

    BackupFormat(String suffix, boolean plainSql) {
        this.suffix = suffix;
        this.plainSql = plainSql;
    }

    public String suffix() {
        return suffix;
    }

    /** True for a plain SQL script, compressed or not: what the pure-Java script loader restores. */
    public boolean isPlainSql() {
        return plainSql;
    }

    /**
     * The format a file name announces, or empty when the name is not a backup restore-drill knows. Never
     * {@link #DIRECTORY}: a directory dump is a folder, found by its {@code toc.dat}.
     */
    public static Optional<BackupFormat> ofFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (BackupFormat format : BY_SUFFIX_LENGTH) {
            if (lower.endsWith(format.suffix)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
