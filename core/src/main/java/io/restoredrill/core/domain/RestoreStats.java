package io.restoredrill.core.domain;

import java.util.List;

/**
 * What a restore loaded.
 *
 * @param bytesRead  bytes of the backup consumed (uncompressed for gzip dumps)
 * @param rowsCopied rows loaded through COPY (0 when the restorer cannot tell, e.g. pg_restore)
 * @param statements SQL statements executed (0 when the restorer cannot tell)
 * @param databases  for a backup of several databases (pg_dumpall), each of them and where it was restored, in the
 *                   file's order; empty for a backup of one database, which is restored into the drill's temporary
 *                   database itself
 */
public record RestoreStats(long bytesRead, long rowsCopied, long statements, List<RestoredDatabase> databases) {

    public RestoreStats {
        databases = databases == null ? List.of() : List.copyOf(databases);
    }

    /** A backup of one database. */
    public RestoreStats(long bytesRead, long rowsCopied, long statements) {
        this(bytesRead, rowsCopied, statements, List.of());
    }

    /** True when the backup held several databases, each restored into its own temporary database. */
    public boolean severalDatabases() {
        return !databases.isEmpty();
    }
}
