package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.adapter.source.FolderBackupSource;
import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.NewestBackup;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Archives made by the real pg_dump 15, restored by the pure-Java reader and compared with the dumped database. */
class ArchiveRestorerTest {

    @TempDir
    static Path dumps;
    private static DatabaseEndpoint source;
    private static Map<String, String> expected;
    private static List<TableRowCount> expectedCounts;

    @BeforeAll
    static void dumpTheShop() throws Exception {
        source = ArchiveShop.create("archive_src");
        expected = ArchiveShop.contents(source);
        expectedCounts = ArchiveShop.rowCounts(source);
        assertThat(expectedCounts).contains(new TableRowCount("shop", "orders", 4001),
                new TableRowCount("shop", "audit", 1), new TableRowCount("public", "empty_table", 0));
    }

    private static RestoreStats restore(Path file, BackupFormat format, DatabaseEndpoint target) throws Exception {
        BackupRef ref = ArchiveShop.ref(file, format);
        try (InputStream in = Files.newInputStream(file)) {
            return DumpRestorers.standard().restore(ref, in, target, RestoreProgress.NONE);
        }
    }

    private static void assertRestoredAsDumped(DatabaseEndpoint target) throws Exception {
        assertThat(ArchiveShop.rowCounts(target)).containsExactlyElementsOf(expectedCounts);
        assertThat(ArchiveShop.contents(target)).isEqualTo(expected);
    }

    @Test
    void restoresAGzipCustomArchiveWithItsDataSequencesViewsAndLargeObjects() throws Exception {
        Path dump = PgDump.run(source, dumps.resolve("shop-gzip.dump"), "-Fc");
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_gzip");

        RestoreStats stats = restore(dump, BackupFormat.CUSTOM, target);

        assertRestoredAsDumped(target);
        assertThat(stats.rowsCopied()).isEqualTo(700 + 4001 + 1);
        assertThat(stats.bytesRead()).isEqualTo(Files.size(dump));
    }

    @Test
    void restoresAnUncompressedCustomArchive() throws Exception {
        Path dump = PgDump.run(source, dumps.resolve("shop-none.dump"), "-Fc", "-Z0");
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_none");

        restore(dump, BackupFormat.CUSTOM, target);

        assertRestoredAsDumped(target);
    }

    @Test
    void restoresACustomArchiveWrittenToAPipeWhichHasNoDataOffsets() throws Exception {
        Path dump = dumps.resolve("shop-piped.dump");
        Process p = new ProcessBuilder("sh", "-c", "pg_dump -Fc --no-password -h " + source.host() + " -p "
                + source.port() + " -U " + source.user() + " " + source.database() + " | cat > " + dump)
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_piped");

        restore(dump, BackupFormat.CUSTOM, target);

        assertRestoredAsDumped(target);
    }

    @Test
    void restoresACustomArchiveOfInsertStatements() throws Exception {
        Path dump = PgDump.run(source, dumps.resolve("shop-inserts.dump"), "-Fc", "--inserts");
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_inserts");

        restore(dump, BackupFormat.CUSTOM, target);

        assertRestoredAsDumped(target);
    }

    @Test
    void restoresADirectoryDumpFoundInAFolderAsOneBackup() throws Exception {
        Path folder = Files.createDirectories(dumps.resolve("nightly"));
        PgDump.run(source, folder.resolve("shop-2026-11-30"), "-Fd");
        FolderBackupSource backups = new FolderBackupSource(folder);
        BackupRef newest = NewestBackup.of(backups.list()).orElseThrow();
        assertThat(newest.format()).isEqualTo(BackupFormat.DIRECTORY);
        assertThat(newest.timestampSource()).isEqualTo(BackupRef.TimestampSource.FILE_NAME);
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_dir");

        try (InputStream toc = backups.open(newest)) {
            DumpRestorers.standard().restore(newest, toc, backups.members(newest), target, RestoreProgress.NONE);
        }

        assertRestoredAsDumped(target);
    }

    @Test
    void restoresATarDump() throws Exception {
        Path dump = PgDump.run(source, dumps.resolve("shop.tar"), "-Ft");
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_tar");

        restore(dump, BackupFormat.TAR, target);

        assertRestoredAsDumped(target);
    }

    @Test
    void restoresACustomArchiveWhateverItIsCalled() throws Exception {
        Path dump = PgDump.run(source, dumps.resolve("shop-custom.sql"), "-Fc");
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_misnamed");

        restore(dump, BackupFormat.PLAIN_SQL, target);

        assertRestoredAsDumped(target);
    }

    @Test
    void restoresAPlainScriptNamedDotDumpAsAScript() throws Exception {
        Path dump = PgDump.run(source, dumps.resolve("shop-plain.dump"), "-Fp");
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_plain_named_dump");

        restore(dump, BackupFormat.CUSTOM, target);

        assertRestoredAsDumped(target);
    }

    @Test
    void leavesOutPrivilegesAndOwnership() throws Exception {
        Path dump = PgDump.run(source, dumps.resolve("shop-acl.dump"), "-Fc");
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_acl");

        restore(dump, BackupFormat.CUSTOM, target);

        try (Connection c = TestPostgres.connect(target); Statement s = c.createStatement()) {
            assertThat(ArchiveShop.single(s, "SELECT relacl IS NULL FROM pg_class WHERE oid = 'shop.orders'::regclass"))
                    .isEqualTo("t");
        }
    }

    @Test
    void aTocEntryThatFailsStopsTheRestoreNamingTheEntry() throws Exception {
        Path dump = PgDump.run(source, dumps.resolve("shop-twice.dump"), "-Fc");
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_twice");
        TestPostgres.execute(target, "CREATE SCHEMA shop", "CREATE TABLE shop.customers (id int)");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> restore(dump, BackupFormat.CUSTOM, target))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("restoring " + dump + " failed at TOC entry ")
                .hasMessageContaining("(SCHEMA shop)")
                .hasMessageContaining("ERROR: schema \"shop\" already exists");
    }

    @Test
    void badRowsInTheDataFailNamingTheTableDataEntry() throws Exception {
        Path dump = PgDump.run(source, dumps.resolve("shop-badrows.dump"), "-Fc", "-Z0", "--schema-only");
        Path data = PgDump.run(source, dumps.resolve("shop-dataonly.dump"), "-Fc", "-Z0", "--data-only",
                "-t", "shop.customers");
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_badrows");
        restore(dump, BackupFormat.CUSTOM, target);
        TestPostgres.execute(target, "INSERT INTO shop.customers (id, email) VALUES (5, 'taken@example.com')");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> restore(data, BackupFormat.CUSTOM, target))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("failed in the COPY into shop.customers at TOC entry ")
                .hasMessageContaining("(TABLE DATA shop customers), data row 5")
                .hasMessageContaining("duplicate key");
    }

    static BackupUnusableException unusable(Path file, BackupFormat format) {
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_bad");
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> restore(file, format, target));
        assertThat(t).isInstanceOf(BackupUnusableException.class);
        return (BackupUnusableException) t;
    }

    @Test
    void restoresTheSameOnOneConnectionAsOnMany() throws Exception {
        Path custom = PgDump.run(source, dumps.resolve("shop-jobs.dump"), "-Fc");
        Path dir = PgDump.run(source, dumps.resolve("shop-jobs-dir"), "-Fd");
        for (int jobs : new int[] {1, 4}) {
            DatabaseEndpoint fromCustom = TestPostgres.createDatabase("archive_jobs_custom");
            try (InputStream in = Files.newInputStream(custom)) {
                new ArchiveRestorer(jobs).restore(ArchiveShop.ref(custom, BackupFormat.CUSTOM), in, fromCustom,
                        RestoreProgress.NONE);
            }
            assertRestoredAsDumped(fromCustom);
            FolderBackupSource folder = new FolderBackupSource(dumps);
            BackupRef ref = folder.list().stream().filter(b -> b.name().equals("shop-jobs-dir")).findFirst().orElseThrow();
            DatabaseEndpoint fromDir = TestPostgres.createDatabase("archive_jobs_dir");
            try (InputStream toc = folder.open(ref)) {
                new ArchiveRestorer(jobs).restore(ref, toc, folder.members(ref), fromDir, RestoreProgress.NONE);
            }
            assertRestoredAsDumped(fromDir);
        }
    }

    @Test
    void aPostDataEntryThatFailsInParallelStopsTheRestoreNamingTheEntry() throws Exception {
        Path schemaAndData = PgDump.run(source, dumps.resolve("shop-pre.dump"), "-Fc", "--section=pre-data",
                "--section=data");
        Path postData = PgDump.run(source, dumps.resolve("shop-post.dump"), "-Fc", "--section=post-data");
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_post_fails");
        try (InputStream in = Files.newInputStream(schemaAndData)) {
            new ArchiveRestorer(4).restore(ArchiveShop.ref(schemaAndData, BackupFormat.CUSTOM), in, target,
                    RestoreProgress.NONE);
        }
        TestPostgres.execute(target, "INSERT INTO shop.customers (id, email) VALUES (100000, 'c1@example.com')");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (InputStream in = Files.newInputStream(postData)) {
                new ArchiveRestorer(4).restore(ArchiveShop.ref(postData, BackupFormat.CUSTOM), in, target,
                        RestoreProgress.NONE);
            }
        }).isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("(CONSTRAINT shop customers customers_email_key)")
                .hasMessageContaining("could not create unique index");
    }
}
