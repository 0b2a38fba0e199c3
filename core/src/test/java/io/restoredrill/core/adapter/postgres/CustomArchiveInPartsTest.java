package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.adapter.archive.ArchiveData;
import io.restoredrill.core.adapter.archive.CustomArchive;
import io.restoredrill.core.adapter.archive.SeparableData;
import io.restoredrill.core.adapter.archive.TocEntry;
import io.restoredrill.core.adapter.source.FolderBackupSource;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.port.BackupMembers;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A custom-format archive that pg_dump wrote to a file records where each data block starts: in a folder (or S3)
 * its tables are read apart, each block from its own stream opened at its offset, on several connections at once,
 * as pg_restore -j reads such an archive. Archives made by the real pg_dump 15.
 */
class CustomArchiveInPartsTest {

    @TempDir
    static Path dumps;
    @TempDir
    Path scratch;
    private static DatabaseEndpoint source;
    private static Map<String, String> expected;
    private static List<TableRowCount> expectedCounts;
    private static byte[] archive;

    @BeforeAll
    static void dumpTheShop() throws Exception {
        source = ArchiveShop.create("archive_parts_src");
        expected = ArchiveShop.contents(source);
        expectedCounts = ArchiveShop.rowCounts(source);
        archive = Files.readAllBytes(PgDump.run(source, dumps.resolve("shop.dump"), "-Fc"));
    }

    /** The folder's members, recording every offset the restore opened the archive at. */
    private record Recorded(BackupMembers members, List<Long> offsets) {
        static Recorded of(BackupMembers members) {
            List<Long> opened = Collections.synchronizedList(new ArrayList<>());
            return new Recorded(new BackupMembers() {
                @Override
                public InputStream open(String name) {
                    return members.open(name);
                }

                @Override
                public Optional<Offsets> offsets() {
                    return members.offsets().map(offsets -> offset -> {
                        opened.add(offset);
                        return offsets.openAt(offset);
                    });
                }
            }, opened);
        }
    }

    private Recorded restoreFromFolder(byte[] bytes, int jobs, DatabaseEndpoint target) throws IOException {
        Path folder = Files.createDirectories(scratch.resolve("backups-" + System.nanoTime()));
        Files.write(folder.resolve("shop.dump"), bytes);
        FolderBackupSource backups = new FolderBackupSource(folder);
        BackupRef ref = backups.list().getFirst();
        Recorded recorded = Recorded.of(backups.members(ref));
        try (InputStream in = backups.open(ref)) {
            new ArchiveRestorer(jobs).restore(ref, in, recorded.members(), target, RestoreProgress.NONE);
        }
        return recorded;
    }

    private static List<TocEntry> dataEntries(byte[] bytes) {
        return CustomArchive.open(new ByteArrayInputStream(bytes), "shop.dump", OptionalLong.empty()).toc().entries()
                .stream().filter(TocEntry::hasData).toList();
    }

    private static TocEntry dataOf(byte[] bytes, String table) {
        return dataEntries(bytes).stream().filter(e -> e.desc().equals("TABLE DATA") && e.tag().equals(table))
                .findFirst().orElseThrow();
    }

    @Test
    void restoresAnArchiveInAFolderTableByTableOpeningItAtEachDataBlock() throws Exception {
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_parts");

        Recorded recorded = restoreFromFolder(archive, 4, target);

        assertThat(ArchiveShop.rowCounts(target)).containsExactlyElementsOf(expectedCounts);
        assertThat(ArchiveShop.contents(target)).isEqualTo(expected);
        assertThat(recorded.offsets()).as("the archive opened once at each data block")
                .containsExactlyInAnyOrderElementsOf(dataEntries(archive).stream()
                        .map(e -> e.dataOffset().orElseThrow()).toList());
    }

    @Test
    void onOneConnectionTheArchiveIsReadFrontToBackInOneStream() throws Exception {
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_parts_one");

        Recorded recorded = restoreFromFolder(archive, 1, target);

        assertThat(ArchiveShop.rowCounts(target)).containsExactlyElementsOf(expectedCounts);
        assertThat(recorded.offsets()).isEmpty();
    }

    @Test
    void theBlocksComeLargestFirstAndEachReadsAsInTheWholeArchive() {
        CustomArchive whole = CustomArchive.open(new ByteArrayInputStream(archive), "shop.dump", OptionalLong.empty());
        Map<Integer, String> sequential = new ConcurrentHashMap<>();
        whole.readData(collecting(sequential));
        SeparableData parts = CustomArchive.open(new ByteArrayInputStream(archive), "shop.dump", OptionalLong.empty())
                .separable(offset -> new ByteArrayInputStream(archive, (int) offset, archive.length - (int) offset))
                .orElseThrow();
        Map<Integer, String> apart = new ConcurrentHashMap<>();

        parts.dataEntries().parallelStream().forEach(entry -> parts.readEntry(entry, collecting(apart)));

        assertThat(apart).isEqualTo(sequential);
        List<String> order = parts.dataEntries().stream().map(TocEntry::tag).toList();
        assertThat(order.indexOf("orders")).as("orders (4,001 rows) before customers (700)")
                .isLessThan(order.indexOf("customers"));
        assertThat(order.indexOf("customers")).isLessThan(order.indexOf("empty_table"));
    }

    @Test
    void anArchiveWrittenToAPipeHasNoOffsetsAndIsReadInOneStream() throws Exception {
        Path piped = scratch.resolve("piped.dump");
        Process p = new ProcessBuilder("sh", "-c", "pg_dump -Fc --no-password -h " + source.host() + " -p "
                + source.port() + " -U " + source.user() + " " + source.database() + " | cat > " + piped)
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        byte[] pipedArchive = Files.readAllBytes(piped);
        assertThat(CustomArchive.open(new ByteArrayInputStream(pipedArchive), "piped.dump", OptionalLong.empty())
                .separable(offset -> {
                    throw new AssertionError("no offset to open at");
                })).isEmpty();
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_parts_piped");

        Recorded recorded = restoreFromFolder(pipedArchive, 4, target);

        assertThat(ArchiveShop.contents(target)).isEqualTo(expected);
        assertThat(recorded.offsets()).isEmpty();
    }

    @Test
    void anArchiveCutBeforeItsLastBlockFailsNamingTheEntryTheTocPutThere() throws Exception {
        TocEntry last = dataEntries(archive).stream()
                .max(java.util.Comparator.comparingLong(e -> e.dataOffset().orElseThrow())).orElseThrow();
        long at = last.dataOffset().orElseThrow();

        Throwable t = catchThrowable(() -> restoreFromFolder(Arrays.copyOf(archive, (int) at), 4,
                TestPostgres.createDatabase("archive_parts_cut")));

        assertThat(t).isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("shop.dump is truncated: it ends before byte " + at + ", where the TOC says the"
                        + " data of " + last.describe() + " starts");
    }

    @Test
    void anArchiveCutInsideItsLastBlockFailsNamingThatBlock() throws Exception {
        // The last block: every other one is whole, so the failure cannot be another block's, whichever ends first.
        TocEntry last = dataEntries(archive).stream()
                .max(java.util.Comparator.comparingLong(e -> e.dataOffset().orElseThrow())).orElseThrow();
        int cut = (int) (long) last.dataOffset().orElseThrow() + 12;

        Throwable t = catchThrowable(() -> restoreFromFolder(Arrays.copyOf(archive, cut), 4,
                TestPostgres.createDatabase("archive_parts_cut_block")));

        assertThat(t).isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("shop.dump")
                .hasMessageContaining("the data block of " + last.describe());
    }

    @Test
    void aTocWhoseOffsetPointsAtAnotherEntrysBlockIsCorrupt() throws Exception {
        TocEntry orders = dataOf(archive, "orders");
        TocEntry customers = dataOf(archive, "customers");
        byte[] lying = withOffsetReplaced(archive, orders.dataOffset().orElseThrow(),
                customers.dataOffset().orElseThrow());
        assertThat(dataOf(lying, "orders").dataOffset()).contains(customers.dataOffset().orElseThrow());

        Throwable t = catchThrowable(() -> restoreFromFolder(lying, 4,
                TestPostgres.createDatabase("archive_parts_lying")));

        assertThat(t).isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("shop.dump is corrupt: the TOC says the data of " + orders.describe()
                        + " starts at byte " + customers.dataOffset().orElseThrow() + ", but the block there belongs"
                        + " to TOC entry " + customers.dumpId());
    }

    /**
     * The TOC with one entry's data offset changed: pg_backup_archiver.c WriteOffset writes a flag byte
     * (K_OFFSET_POS_SET, 2) and then the offset in offSize (8) bytes, least significant first.
     */
    private static byte[] withOffsetReplaced(byte[] bytes, long from, long to) {
        byte[] pattern = offset(from);
        byte[] replacement = offset(to);
        long tocEnd = dataEntries(bytes).stream().mapToLong(e -> e.dataOffset().orElseThrow()).min().orElseThrow();
        for (int i = 0; i + pattern.length <= tocEnd; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                byte[] copy = bytes.clone();
                System.arraycopy(replacement, 0, copy, i, replacement.length);
                return copy;
            }
        }
        throw new AssertionError("offset " + from + " not found in the TOC");
    }

    private static byte[] offset(long value) {
        byte[] encoded = new byte[9];
        encoded[0] = 2;
        for (int i = 0; i < 8; i++) {
            encoded[1 + i] = (byte) (value >>> (8 * i));
        }
        return encoded;
    }

    private static ArchiveData.Visitor collecting(Map<Integer, String> into) {
        return new ArchiveData.Visitor() {
            @Override
            public void tableData(TocEntry entry, InputStream data) {
                into.put(entry.dumpId(), read(data));
            }

            @Override
            public void largeObject(TocEntry entry, long oid, InputStream data) {
                into.merge(entry.dumpId(), oid + ":" + read(data), (a, b) -> Arrays.stream(new String[] {a, b})
                        .sorted().collect(Collectors.joining(",")));
            }
        };
    }

    private static String read(InputStream data) {
        try {
            return new String(data.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
