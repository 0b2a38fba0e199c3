package io.restoredrill.core.adapter.archive;

/**
 * An archive format version as pg_dump writes it in the header ({@code MAKE_ARCHIVE_VERSION}). pg_dump 12 to 15
 * write 1.14, 16 writes 1.15 (compression algorithm in the header), 17 and 18 write 1.16 (BLOB METADATA entries,
 * several BLOBS entries, relkind in the TOC).
 */
public record ArchiveVersion(int major, int minor, int revision) implements Comparable<ArchiveVersion> {

    /** The oldest version read: 1.12 (pg_dump 9.0) brought BLOB entries, which the restore relies on. */
    public static final ArchiveVersion OLDEST = new ArchiveVersion(1, 12, 0);
    /** The newest version read, any revision of it (as pg_restore's {@code K_VERS_MAX}). */
    public static final ArchiveVersion NEWEST = new ArchiveVersion(1, 16, 255);

    static final ArchiveVersion V1_14 = new ArchiveVersion(1, 14, 0);
    static final ArchiveVersion V1_15 = new ArchiveVersion(1, 15, 0);
    static final ArchiveVersion V1_16 = new ArchiveVersion(1, 16, 0);

    boolean atLeast(ArchiveVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(ArchiveVersion o) {
        return Integer.compare(code(), o.code());
    }

    private int code() {
        return (major * 256 + minor) * 256 + revision;
    }

    /** {@code 1.14-0}, as pg_restore prints it. */
    @Override
    public String toString() {
        return major + "." + minor + "-" + revision;
    }
}
