package io.restoredrill.core.domain;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** The pg_dump output formats restore-drill can restore, recognised by file name ending. */
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
    /** Custom archive ({@code pg_dump -Fc}), restored with {@code pg_restore}. */
    CUSTOM(".dump", false);

    // Longest suffix first, so that ".sql.gz" is not taken for ".sql" should a looser ending ever appear.
    private static final BackupFormat[] BY_SUFFIX_LENGTH = Stream.of(values())
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

    /** The format a file name announces, or empty when the name is not a backup restore-drill knows. */
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
