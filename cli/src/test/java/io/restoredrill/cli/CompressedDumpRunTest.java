package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.testing.CompressionPrograms;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** `restore-drill run` on plain dumps compressed by zstd and bzip2 themselves, as a user runs it. */
@ExtendWith(NothingLeftRunning.AfterEachTest.class)
class CompressedDumpRunTest {

    private static final String CHECKS = """
            checks:
              - name: every-order
                sql: SELECT count(*) FROM public.orders
                expect: "= 5000"
            """;

    @BeforeAll
    static void startTheScratchServerFirst() {
        TestPostgres.server();
    }

    @Test
    void passesOnAZstdCompressedDumpAndNamesItsFormatInTheReport(@TempDir Path dir) throws Exception {
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Path plain = dumpOrders(dir);
        CompressionPrograms.compress(plain, backups.resolve("orders-2026-12-01.sql.zst"), "zstd", "-q");
        Path report = dir.resolve("report.json");

        RunCommandTest.Result result = RunCommandTest.run("run", "--backups", backups.toString(),
                "--checks", Files.writeString(dir.resolve("checks.yaml"), CHECKS).toString(),
                "--report", report.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("orders-2026-12-01.sql.zst").contains("PASS  every-order");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/verdict").asText()).isEqualTo("PASSED");
        assertThat(json.at("/backup/format").asText()).isEqualTo("ZSTD_SQL");
    }

    @Test
    void failsNamingTheFileAndCodecWhenTheNewestDumpIsACutBzip2Stream(@TempDir Path dir) throws Exception {
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Path plain = dumpOrders(dir);
        // Yesterday's dump is fine; today's upload broke off. The drill proves today's and never falls back.
        CompressionPrograms.compress(plain, backups.resolve("orders-2026-11-30.sql.bz2"), "bzip2");
        Path whole = CompressionPrograms.compress(plain, dir.resolve("whole.sql.bz2"), "bzip2");
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(backups.resolve("orders-2026-12-01.sql.bz2"), Arrays.copyOf(bytes, bytes.length / 2));

        RunCommandTest.Result result = RunCommandTest.run("run", "--backups", backups.toString(),
                "--checks", Files.writeString(dir.resolve("checks.yaml"), CHECKS).toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out() + result.err()).contains(cut + " is truncated or corrupt: its bzip2 data cannot be"
                + " decoded after");
        assertThat(TestPostgres.databaseNames()).noneMatch(name -> name.startsWith("restore_drill_"));
    }

    private static Path dumpOrders(Path dir) {
        var source = TestPostgres.createDatabase("compressed_run");
        TestPostgres.execute(source, "CREATE TABLE orders (id int PRIMARY KEY, note text)",
                "INSERT INTO orders SELECT g, repeat('note ', g % 20) FROM generate_series(1, 5000) g");
        return PgDump.plain(source, dir.resolve("orders.sql"));
    }
}
