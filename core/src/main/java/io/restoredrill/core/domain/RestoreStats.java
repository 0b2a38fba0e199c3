package io.restoredrill.core.domain;

/**
 * What a restore loaded.
 *
 * @param bytesRead  bytes of the backup consumed (uncompressed for gzip dumps)
 * @param rowsCopied rows loaded through COPY (0 when the restorer cannot tell, e.g. pg_restore)
 * @param statements SQL statements executed (0 when the restorer cannot tell)
 */
public record RestoreStats(long bytesRead, long rowsCopied, long statements) {
}
