package io.restoredrill.core.adapter.source;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupRef.TimestampSource;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.NoBackupFoundException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class FolderBackupSourceTest {

    @TempDir
    Path folder;

    @Test
    void listsBackupsWithTimestampFromTheirNames() throws IOException {
        write("orders-2026-11-25T030000Z.dump", "custom");
        write("orders-2026-11-24.sql.gz", "gzip");
        Files.setLastModifiedTime(folder.resolve("orders-2026-11-24.sql.gz"),
                FileTime.from(Instant.parse("2026-11-26T10:00:00Z")));

        assertThat(new FolderBackupSource(folder).list())
                .extracting(BackupRef::name, BackupRef::location, BackupRef::sizeBytes, BackupRef::timestamp,
                        BackupRef::timestampSource, BackupRef::format)
                .containsExactlyInAnyOrder(
                        tuple("orders-2026-11-25T030000Z.dump",
                                folder.resolve("orders-2026-11-25T030000Z.dump").toString(), 6L,
                                Instant.parse("2026-11-25T03:00:00Z"), TimestampSource.FILE_NAME, BackupFormat.CUSTOM),
                        tuple("orders-2026-11-24.sql.gz",
                                folder.resolve("orders-2026-11-24.sql.gz").toString(), 4L,
                                Instant.parse("2026-11-24T00:00:00Z"), TimestampSource.FILE_NAME,
                                BackupFormat.GZIP_SQL));
    }

    @Test
    void usesTheModificationTimeWhenTheNameCarriesNoTimestamp() throws IOException {
        Instant modified = Instant.parse("2026-11-20T04:05:06Z");
        Files.setLastModifiedTime(write("latest.sql", "plain"), FileTime.from(modified));

        assertThat(new FolderBackupSource(folder).list())
                .singleElement()
                .satisfies(backup -> {
                    assertThat(backup.timestamp()).isEqualTo(modified);
                    assertThat(backup.timestampSource()).isEqualTo(TimestampSource.MODIFICATION_TIME);
                    assertThat(backup.format()).isEqualTo(BackupFormat.PLAIN_SQL);
                });
    }

    @Test
    void ignoresHiddenPartialUnknownAndNestedFiles() throws IOException {
        write("orders-2026-11-25.sql", "the only backup");
        write(".orders-2026-11-26.sql", "hidden");
        write("orders-2026-11-26.sql.gz.part", "partial");
        write("orders-2026-11-26.dump.tmp", "partial");
        write("orders-2026-11-26.sql.partial", "partial");
        write("orders-2026-11-26.sql.bak", "unknown ending");
        write("README.txt", "unknown ending");
        Files.createDirectory(folder.resolve("archive"));
        write("archive/orders-2026-11-27.sql", "nested");
        Files.createDirectory(folder.resolve("looks-like-a-backup.sql"));

        assertThat(new FolderBackupSource(folder).list())
                .extracting(BackupRef::name)
                .containsExactly("orders-2026-11-25.sql");
    }

    @Test
    void listsNothingInAnEmptyFolder() {
        assertThat(new FolderBackupSource(folder).list()).isEmpty();
    }

    @Test
    void failsNamingTheFolderWhenItDoesNotExist() {
        Path missing = folder.resolve("no-such-folder");

        assertThatThrownBy(() -> new FolderBackupSource(missing).list())
                .isInstanceOf(NoBackupFoundException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void failsNamingTheFolderWhenItIsAFile() throws IOException {
        Path file = write("orders-2026-11-25.sql", "not a folder");

        assertThatThrownBy(() -> new FolderBackupSource(file).list())
                .isInstanceOf(NoBackupFoundException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a directory");
    }

    @Test
    void opensARealDumpFromItsFirstByte() throws IOException {
        DatabaseEndpoint db = TestPostgres.createDatabase("folder_source");
        TestPostgres.execute(db, "CREATE TABLE orders (id int)", "INSERT INTO orders VALUES (1), (2)");
        Path dump = PgDump.custom(db, folder.resolve("orders-2026-11-25T030000Z.dump"));
        FolderBackupSource source = new FolderBackupSource(folder);

        BackupRef backup = source.list().getFirst();
        try (InputStream in = source.open(backup)) {
            byte[] read = in.readAllBytes();
            assertThat(read).isEqualTo(Files.readAllBytes(dump));
            assertThat(new String(read, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
            assertThat((long) read.length).isEqualTo(backup.sizeBytes());
        }
    }

    @Test
    void failsToOpenABackupThatWasDeletedAfterListing() throws IOException {
        Path file = write("orders-2026-11-25.sql", "soon gone");
        FolderBackupSource source = new FolderBackupSource(folder);
        BackupRef backup = source.list().getFirst();
        Files.delete(file);

        assertThatThrownBy(() -> source.open(backup))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void describesItselfByTheFoldersAbsolutePath() {
        assertThat(new FolderBackupSource(folder).describe()).isEqualTo(folder.toAbsolutePath().toString());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }
}
