package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.adapter.archive.CustomArchive;
import io.restoredrill.core.adapter.archive.TocEntry;
import io.restoredrill.core.adapter.source.FolderBackupSource;
import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Every kind of broken archive fails the restore with a message that says which file, entry or block, and why. */
class ArchiveBadInputTest {

    @TempDir
    static Path dumps;
    @TempDir
    Path scratch;
    private static DatabaseEndpoint source;
    private static byte[] gzipArchive;
    private static byte[] plainArchive;
    /** Written to a pipe: no data offsets, so bytes may be taken out of its header without breaking it. */
    private static byte[] pipedArchive;

    @BeforeAll
    static void dump() throws Exception {
        source = ArchiveShop.create("archive_bad_src");
        gzipArchive = Files.readAllBytes(PgDump.run(source, dumps.resolve("gzip.dump"), "-Fc"));
        plainArchive = Files.readAllBytes(PgDump.run(source, dumps.resolve("none.dump"), "-Fc", "-Z0"));
        Path piped = dumps.resolve("piped.dump");
        Process p = new ProcessBuilder("sh", "-c", "pg_dump -Fc --no-password -h " + source.host() + " -p "
                + source.port() + " -U " + source.user() + " " + source.database() + " | cat > " + piped)
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        pipedArchive = Files.readAllBytes(piped);
    }

    private Throwable restoreFailure(byte[] archive) throws Exception {
        Path file = Files.write(scratch.resolve("broken.dump"), archive);
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_broken");
        try (InputStream in = Files.newInputStream(file)) {
            return catchThrowable(() -> DumpRestorers.standard().restore(ArchiveShop.ref(file, BackupFormat.CUSTOM), in,
                    target, RestoreProgress.NONE));
        }
    }

    private static TocEntry dataEntry(byte[] archive, String table) {
        return CustomArchive.open(new ByteArrayInputStream(archive), "x", OptionalLong.empty()).toc().entries().stream()
                .filter(e -> e.desc().equals("TABLE DATA") && e.tag().equals(table)).findFirst().orElseThrow();
    }

    @Test
    void anArchiveCutInItsDataFailsNamingTheEntryWhoseDataIsMissing() throws Exception {
        TocEntry orders = dataEntry(gzipArchive, "orders");
        int cut = (int) (long) orders.dataOffset().orElseThrow() + 40;

        Throwable t = restoreFailure(Arrays.copyOf(gzipArchive, cut));

        assertThat(t).isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("broken.dump")
                .hasMessageContaining("the data block of " + orders.describe());
    }

    @Test
    void anArchiveCutInItsTableOfContentsIsTruncated() throws Exception {
        Throwable t = restoreFailure(Arrays.copyOf(gzipArchive, 900));

        // Where byte 900 falls (inside a string, or in a length that announces one) depends on the dump's exact
        // bytes; either way the message names the TOC entry and where the archive ends.
        assertThat(t).isInstanceOf(BackupUnusableException.class)
                .hasMessageMatching("(?s).*broken\\.dump (is corrupt or truncated: TOC entry \\d+ of \\d+ at byte \\d+"
                        + " says \\d+ bytes follow, but the archive has only \\d+ bytes left \\(900 in all\\)"
                        + "|is truncated: it ends at byte 900 inside TOC entry \\d+ of \\d+)");
    }

    @Test
    void aChunkLengthRunningPastTheEndOfTheArchiveIsCaughtBeforeReading() throws Exception {
        TocEntry customers = dataEntry(plainArchive, "customers");
        byte[] lying = plainArchive.clone();
        int length = (int) (long) customers.dataOffset().orElseThrow() + 1 + 5; // after the block type and dump id
        lying[length] = 0; // positive
        lying[length + 1] = 0;
        lying[length + 2] = 0;
        lying[length + 3] = 0;
        lying[length + 4] = 0x40; // 1 GiB

        Throwable t = restoreFailure(lying);

        assertThat(t).isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("the chunk length of the data block of " + customers.describe())
                .hasMessageContaining("says 1073741824 bytes follow, but the archive has only");
    }

    @Test
    void aChunkShorterThanItsDataIsCaughtWhereTheNextBlockShouldStart() throws Exception {
        TocEntry customers = dataEntry(gzipArchive, "customers");
        byte[] lying = gzipArchive.clone();
        int length = (int) (long) customers.dataOffset().orElseThrow() + 1 + 5;
        lying[length + 1] = (byte) (lying[length + 1] + 3); // three bytes longer than what follows

        Throwable t = restoreFailure(lying);

        assertThat(t).isInstanceOf(BackupUnusableException.class).hasMessageContaining("is corrupt");
    }

    @Test
    void anUnknownCompressionMethodIsNamed() throws Exception {
        Throwable t = restoreFailure(asVersion115(pipedArchive, 7));

        assertThat(t).isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("broken.dump uses an unknown compression method 7 (known: 0 none, 1 gzip, 2 lz4,"
                        + " 3 zstd)");
    }

    @Test
    void anArchiveNewerThanTheReaderFailsNamingItsVersion() throws Exception {
        byte[] newer = gzipArchive.clone();
        newer[6] = 17;

        Throwable t = restoreFailure(newer);

        assertThat(t).isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("broken.dump is a pg_dump archive of version 1.17-0, newer than restore-drill"
                        + " reads (up to 1.16, written by pg_dump 12 to 18)");
    }

    @Test
    void readsTheVersion115HeaderWithItsCompressionAlgorithmByte() throws Exception {
        Path file = Files.write(scratch.resolve("v115.dump"), asVersion115(pipedArchive, 1));
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_v115");
        try (InputStream in = Files.newInputStream(file)) {
            DumpRestorers.standard().restore(ArchiveShop.ref(file, BackupFormat.CUSTOM), in, target, RestoreProgress.NONE);
        }
        assertThat(ArchiveShop.contents(target)).isEqualTo(ArchiveShop.contents(source));
    }

    @Test
    void aDirectoryDumpWithAMissingDataFileIsIncomplete() throws Exception {
        Path dir = PgDump.run(source, scratch.resolve("shop-dir"), "-Fd");
        Path removed;
        try (Stream<Path> files = Files.list(dir)) {
            removed = files.filter(f -> f.getFileName().toString().matches("\\d+\\.dat\\.gz")).findFirst().orElseThrow();
        }
        Files.delete(removed);

        Throwable t = restoreDirectory(dir);

        assertThat(t).isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("The directory backup " + dir + " is incomplete: it has no file "
                        + removed.getFileName());
    }

    @Test
    void aDirectoryDumpWithATruncatedTocIsTruncated() throws Exception {
        Path dir = PgDump.run(source, scratch.resolve("shop-dir-toc"), "-Fd");
        Path toc = dir.resolve("toc.dat");
        Files.write(toc, Arrays.copyOf(Files.readAllBytes(toc), 1000));

        Throwable t = restoreDirectory(dir);

        assertThat(t).isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining(toc + " is truncated: it ends at byte 1000 inside TOC entry");
    }

    @Test
    void anUncompressedDataFileCutShortIsTruncated() throws Exception {
        Path dir = PgDump.run(source, scratch.resolve("shop-dir-none"), "-Fd", "-Z0");
        Path biggest;
        try (Stream<Path> files = Files.list(dir)) {
            biggest = files.filter(f -> f.getFileName().toString().matches("\\d+\\.dat"))
                    .max(java.util.Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
        }
        byte[] data = Files.readAllBytes(biggest);
        Files.write(biggest, Arrays.copyOf(data, data.length / 2));

        Throwable t = restoreDirectory(dir);

        assertThat(t).isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("(TABLE DATA shop orders) is truncated: it does not end with the line \\. that"
                        + " pg_dump writes after a table's rows");
    }

    @Test
    void aCorruptCompressedDataFileIsNamed() throws Exception {
        Path dir = PgDump.run(source, scratch.resolve("shop-dir-corrupt"), "-Fd");
        Path biggest;
        try (Stream<Path> files = Files.list(dir)) {
            biggest = files.filter(f -> f.getFileName().toString().matches("\\d+\\.dat\\.gz"))
                    .max(java.util.Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
        }
        byte[] data = Files.readAllBytes(biggest);
        for (int i = 20; i < 60; i++) {
            data[i] ^= 0x5a;
        }
        Files.write(biggest, data);

        Throwable t = restoreDirectory(dir);

        assertThat(t).isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining(biggest.getFileName() + " (the data of TOC entry ")
                .hasMessageContaining("is not valid gzip-compressed data");
    }

    private Throwable restoreDirectory(Path dir) throws Exception {
        FolderBackupSource backups = new FolderBackupSource(dir.getParent());
        BackupRef ref = backups.list().stream().filter(b -> b.location().equals(dir.toString())).findFirst()
                .orElseThrow();
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_broken_dir");
        return catchThrowable(() -> {
            try (InputStream toc = backups.open(ref)) {
                DumpRestorers.standard().restore(ref, toc, backups.members(ref), target, RestoreProgress.NONE);
            }
        });
    }

    /**
     * The same archive with a 1.15 header (pg_dump 16's): the compression level int becomes one algorithm byte;
     * the TOC of 1.15 is that of 1.14.
     */
    private static byte[] asVersion115(byte[] archive, int algorithm) {
        byte[] out = new byte[archive.length - 4];
        System.arraycopy(archive, 0, out, 0, 11);
        out[6] = 15;
        out[11] = (byte) algorithm;
        System.arraycopy(archive, 11 + 5, out, 12, archive.length - 16);
        return out;
    }
}
