package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.SchemaDrift;
import io.restoredrill.core.domain.SchemaFingerprint;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference: our restore of a real archive must give the schema and data that pg_restore 15 gives. */
class ArchiveVersusPgRestoreTest {

    private static final Duration BUDGET = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void restoresTheSameSchemaAndDataAsPgRestore() throws Exception {
        DatabaseEndpoint source = ArchiveShop.create("archive_vs_src");
        Path dump = PgDump.run(source, dir.resolve("shop.dump"), "-Fc");
        DatabaseEndpoint byPgRestore = TestPostgres.createDatabase("archive_vs_pgrestore");
        DatabaseEndpoint byUs = TestPostgres.createDatabase("archive_vs_ours");

        pgRestore(dump, byPgRestore);
        try (InputStream in = Files.newInputStream(dump)) {
            new ArchiveRestorer().restore(ArchiveShop.ref(dump, BackupFormat.CUSTOM), in, byUs, RestoreProgress.NONE);
        }

        CatalogSchemaFingerprinter fingerprinter = new CatalogSchemaFingerprinter();
        SchemaFingerprint reference = fingerprinter.read(byPgRestore, BUDGET);
        SchemaFingerprint ours = fingerprinter.read(byUs, BUDGET);
        assertThat(SchemaDrift.between(reference, ours)).isEqualTo(new SchemaDrift(List.of(), List.of(), List.of()));
        assertThat(ours.digest()).isEqualTo(reference.digest());
        assertThat(ours.digest()).isEqualTo(fingerprinter.read(source, BUDGET).digest());
        assertThat(ArchiveShop.contents(byUs)).isEqualTo(ArchiveShop.contents(byPgRestore));
    }

    private static void pgRestore(Path dump, DatabaseEndpoint target) throws Exception {
        Process p = new ProcessBuilder("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                "--no-password", "-h", target.host(), "-p", String.valueOf(target.port()), "-U", target.user(),
                "-d", target.database(), dump.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
