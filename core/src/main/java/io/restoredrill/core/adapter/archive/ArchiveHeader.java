package io.restoredrill.core.adapter.archive;

import io.restoredrill.core.domain.BackupUnusableException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The header that starts a custom archive, a directory dump's {@code toc.dat} and a tar dump's {@code toc.dat}
 * (pg_backup_archiver.c, {@code ReadHead}): {@code "PGDMP"}, the version, the sizes of ints and offsets, the
 * format, the compression (an int level before 1.15, an algorithm byte from 1.15), the creation time, the
 * database name and the server and pg_dump versions.
 *
 * @param serverVersion the {@code server_version} of the dumped database, e.g. {@code "15.4"}
 */
public record ArchiveHeader(ArchiveVersion version, int intSize, int offSize, Kind kind, Compression compression,
                            Optional<String> databaseName, Optional<String> serverVersion,
                            Optional<String> pgDumpVersion) {

    static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);

    /**
     * What the header's format byte ({@code ArchiveFormat} in pg_backup.h) says: a custom archive, or the
     * {@code toc.dat} of a dump made of members. pg_dump 15 writes 3 in the toc.dat of both directory and tar
     * dumps, so the byte cannot tell those two apart; where the toc.dat came from does.
     */
    public enum Kind {
        CUSTOM, MEMBERS;

        static Optional<Kind> of(int code) {
            return switch (code) {
                case 1 -> Optional.of(CUSTOM);
                case 3, 5 -> Optional.of(MEMBERS);
                default -> Optional.empty();
            };
        }
    }

    /** True when {@code head} (the first bytes of a file) starts like a pg_dump archive. */
    public static boolean startsLikeArchive(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(head, MAGIC.length), MAGIC);
    }

    /** The major version of the dumped server: 15 for "15.4", 9 for "9.6.24". */
    public Optional<Integer> serverMajorVersion() {
        return serverVersion.flatMap(v -> {
            String digits = v.strip().replaceFirst("^(\\d{1,9}).*$", "$1");
            return digits.chars().allMatch(Character::isDigit) && !digits.isEmpty()
                    ? Optional.of(Integer.parseInt(digits)) : Optional.empty();
        });
    }

    /** Reads the header and sets {@code in}'s int and offset sizes from it. */
    static ArchiveHeader read(ArchiveInput in) {
        byte[] magic = new byte[MAGIC.length];
        for (int i = 0; i < magic.length; i++) {
            int b = in.readByteOrEnd();
            if (b < 0) {
                if (i == 0) {
                    throw new BackupUnusableException(in.name() + " is empty");
                }
                throw in.truncated("the archive header");
            }
            magic[i] = (byte) b;
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new BackupUnusableException(in.name() + " is not a pg_dump archive: it does not start with \"PGDMP\"");
        }
        int major = in.readByte("the archive header");
        int minor = in.readByte("the archive header");
        int revision = in.readByte("the archive header");
        ArchiveVersion version = new ArchiveVersion(major, minor, revision);
        if (version.compareTo(ArchiveVersion.NEWEST) > 0) {
            throw new BackupUnusableException(in.name() + " is a pg_dump archive of version " + version
                    + ", newer than restore-drill reads (up to " + ArchiveVersion.NEWEST.major() + "."
                    + ArchiveVersion.NEWEST.minor() + ", written by pg_dump 12 to 18); a newer restore-drill is needed");
        }
        if (version.compareTo(ArchiveVersion.OLDEST) < 0) {
            throw new BackupUnusableException(in.name() + " is a pg_dump archive of version " + version
                    + ", older than restore-drill reads (from " + ArchiveVersion.OLDEST.major() + "."
                    + ArchiveVersion.OLDEST.minor() + ", pg_dump 9.0)");
        }
        int intSize = in.readByte("the archive header");
        if (intSize < 1 || intSize > 32) {
            throw new BackupUnusableException(in.name() + " is corrupt: its header gives an integer size of " + intSize);
        }
        int offSize = in.readByte("the archive header");
        if (offSize < 1 || offSize > 32) {
            throw new BackupUnusableException(in.name() + " is corrupt: its header gives an offset size of " + offSize);
        }
        in.sizes(intSize, offSize);
        int format = in.readByte("the archive header");
        Kind kind = Kind.of(format).orElseThrow(() -> new BackupUnusableException(in.name()
                + " is not a restorable pg_dump archive: unknown archive format " + format + " in its header"));
        Compression compression;
        if (version.atLeast(ArchiveVersion.V1_15)) {
            int algorithm = in.readByte("the archive header");
            compression = Compression.ofAlgorithm(algorithm).orElseThrow(() -> new BackupUnusableException(in.name()
                    + " uses an unknown compression method " + algorithm + " (known: 0 none, 1 gzip, 2 lz4, 3 zstd)"));
        } else {
            long level = in.readInt("the archive header");
            // Before 1.15 only gzip existed: a level of 0 means none, anything else (-1 is zlib's default) gzip.
            compression = level == 0 ? Compression.NONE : Compression.GZIP;
        }
        for (int i = 0; i < 7; i++) {
            in.readInt("the archive header's creation time");
        }
        Optional<String> database = in.readString("the archive header's database name");
        Optional<String> server = in.readString("the archive header's server version");
        Optional<String> pgDump = in.readString("the archive header's pg_dump version");
        return new ArchiveHeader(version, intSize, offSize, kind, compression, database, server, pgDump);
    }
}
