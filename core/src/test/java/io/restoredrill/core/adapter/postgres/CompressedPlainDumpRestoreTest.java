package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.DumpFixtures;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Plain dumps made by pg_dump 15 and compressed by each codec's own program (the fixtures under dumps/pg15),
 * restored on a real PostgreSQL 15 and compared with what the source database held, table by table.
 */
class CompressedPlainDumpRestoreTest {

    private final PlainDumpRestorer restorer = new PlainDumpRestorer();

    @ParameterizedTest
    @ValueSource(strings = {"shop.sql", "shop.sql.gz", "shop.sql.zst", "shop.sql.lz4", "shop.sql.bz2", "shop.sql.xz"})
    void restoresTheFixtureDumpWithExactlyTheSourceRows(String fixture) throws IOException {
        DatabaseEndpoint target = TestPostgres.createDatabase("compressed");

        RestoreStats stats = restore(DumpFixtures.file(15, fixture), target);

        assertThat(DumpFixtures.restoredTables(target, 15, "shop")).isEqualTo(DumpFixtures.expectedTables(15, "shop"));
        assertThat(stats.bytesRead()).isEqualTo(Files.size(DumpFixtures.file(15, "shop.sql")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.sql.zst", "shop.sql.bz2"})
    void restoresACompressedDumpWhoseNameSaysPlainSql(String fixture, @TempDir Path dir) throws IOException {
        Path misnamed = Files.copy(DumpFixtures.file(15, fixture), dir.resolve("shop-2026-12-01.sql"));
        DatabaseEndpoint target = TestPostgres.createDatabase("misnamed");

        restore(misnamed, target);

        assertThat(DumpFixtures.restoredTables(target, 15, "shop")).isEqualTo(DumpFixtures.expectedTables(15, "shop"));
    }

    @Test
    void failsNamingTheFileAndCodecWhenACompressedDumpIsCutShort(@TempDir Path dir) throws IOException {
        byte[] xz = Files.readAllBytes(DumpFixtures.file(15, "shop.sql.xz"));
        Path cut = Files.write(dir.resolve("shop.sql.xz"), Arrays.copyOf(xz, xz.length * 3 / 4));
        DatabaseEndpoint target = TestPostgres.createDatabase("cut_xz");

        assertThatThrownBy(() -> restore(cut, target))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining(cut + " is truncated or corrupt: its xz data cannot be decoded after");
    }

    @Test
    void failsWhenAZstdNamedDumpIsNotZstd(@TempDir Path dir) throws IOException {
        Path lying = Files.copy(DumpFixtures.file(15, "shop.sql.lz4"), dir.resolve("shop.sql.zst"));
        DatabaseEndpoint target = TestPostgres.createDatabase("lying_zst");

        assertThatThrownBy(() -> restore(lying, target))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageStartingWith(lying + " is not zstd-compressed, though its name ends in .zst: its content"
                        + " is lz4-compressed");
        assertThatThrownBy(() -> {
            try (InputStream in = Files.newInputStream(lying)) {
                restorer.dumpedFromMajorVersion(ref(lying), in);
            }
        }).isInstanceOf(BackupUnusableException.class).hasMessageContaining("is not zstd-compressed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.sql.zst", "shop.sql.lz4", "shop.sql.bz2", "shop.sql.xz"})
    void readsTheMajorVersionFromTheHeaderOfACompressedDump(String fixture) throws IOException {
        Path dump = DumpFixtures.file(15, fixture);
        try (InputStream in = Files.newInputStream(dump)) {
            assertThat(restorer.dumpedFromMajorVersion(ref(dump), in)).contains(15);
        }
    }

    private RestoreStats restore(Path dump, DatabaseEndpoint target) throws IOException {
        try (InputStream in = Files.newInputStream(dump)) {
            return restorer.restore(ref(dump), in, target, RestoreProgress.NONE);
        }
    }

    private static BackupRef ref(Path dump) {
        String name = dump.getFileName().toString();
        return new BackupRef(dump.toString(), name, 0, Instant.EPOCH, BackupRef.TimestampSource.MODIFICATION_TIME,
                BackupFormat.ofFileName(name).orElseThrow());
    }
}
