package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.DumpFixtures;
import io.restoredrill.core.testing.MajorVersionPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain fixtures of every major, made by that major's pg_dump, restored on a server of the same major and
 * compared with the MANIFEST's fingerprints: proves both the loader on each major's dump dialect (pg_dump 17's
 * {@code transaction_timeout}, 18's {@code \restrict}) and the fixtures themselves, which the archive tests reuse.
 */
class DumpFixturesRestoreTest {

    @ParameterizedTest
    @ValueSource(ints = {15, 16, 17, 18})
    void restoresEachMajorsPlainDumpOnItsOwnMajorWithTheSourcesRows(int major) throws IOException {
        try (MajorVersionPostgres server = MajorVersionPostgres.start(major)) {
            assertThat(server.reportedMajor()).isEqualTo(major);
            DatabaseEndpoint target = server.createDatabase("shop_restored");

            restore(DumpFixtures.file(major, "shop.sql"), target);

            assertThat(DumpFixtures.restoredTables(target, major, "shop"))
                    .isEqualTo(DumpFixtures.expectedTables(major, "shop"));
        }
    }

    private static void restore(Path dump, DatabaseEndpoint target) throws IOException {
        String name = dump.getFileName().toString();
        BackupRef ref = new BackupRef(dump.toString(), name, Files.size(dump), Instant.EPOCH,
                BackupRef.TimestampSource.MODIFICATION_TIME, BackupFormat.ofFileName(name).orElseThrow());
        try (InputStream in = Files.newInputStream(dump)) {
            new PlainDumpRestorer().restore(ref, in, target, RestoreProgress.NONE);
        }
    }
}
