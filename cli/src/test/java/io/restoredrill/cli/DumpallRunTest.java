package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `restore-drill run` on files written by the real pg_dumpall 15 to 18 (core's fixtures), as a user runs it: on the
 * embedded server of the dump's major, each database restored into its own temporary database, checks in the database they
 * name; a globals-only file refused. Nothing is left running either way.
 */
@ExtendWith(NothingLeftRunning.AfterEachTest.class)
class DumpallRunTest {

    private static final Path DUMPS = Path.of("..", "core", "src", "test", "resources", "dumps");
    private static final Path FIXTURES = DUMPS.resolve("pg17");
    private static final String CHECKS = """
            checks:
              - name: shop-orders
                database: shop
                sql: SELECT count(*) FROM shop.orders
                expect: "= 30"
              - name: inventory-stock
                database: inventory
                sql: SELECT sum(stock) FROM public.items
                expect: "= 80"
            """;

    @ParameterizedTest
    @ValueSource(ints = {15, 16, 17, 18})
    void restoresEveryDatabaseOfADumpallFileAndRunsEachCheckInItsDatabase(int major, @TempDir Path dir)
            throws Exception {
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Files.copy(DUMPS.resolve("pg" + major).resolve("cluster.sql.gz"), backups.resolve("cluster-2026-12-01.sql.gz"));
        Path report = dir.resolve("report.json");

        RunCommandTest.Result result = RunCommandTest.run("run", "--backups", backups.toString(), "--no-proofs",
                "--checks", Files.writeString(dir.resolve("checks.yaml"), CHECKS).toString(),
                "--report", report.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("embedded PostgreSQL " + major + ".")
                .contains("databases template1 (as restore_drill_template1, 0 tables), inventory (as"
                        + " restore_drill_inventory, 1 table), postgres (as restore_drill_postgres, 0 tables), shop (as"
                        + " restore_drill_shop, 11 tables)")
                .contains("PASS  shop-orders").contains("PASS  inventory-stock");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/verdict").asText()).isEqualTo("PASSED");
        List<String> databases = new ArrayList<>();
        json.at("/restore/databases").forEach(d -> databases.add(d.at("/name").asText() + ">" + d.at("/restoredAs")
                .asText()));
        assertThat(databases).containsExactly("template1>restore_drill_template1", "inventory>restore_drill_inventory",
                "postgres>restore_drill_postgres", "shop>restore_drill_shop");
        List<String> tables = new ArrayList<>();
        json.at("/tables").forEach(t -> tables.add(t.at("/database").asText() + "." + t.at("/schema").asText() + "."
                + t.at("/table").asText() + "=" + t.at("/rows").asLong()));
        assertThat(tables).contains("shop.shop.orders=30", "shop.shop.order_lines=60", "inventory.public.items=10");
        // The production password hash never reaches the output or the report.
        assertThat(result.out() + result.err() + Files.readString(report)).doesNotContain("SCRAM-SHA-256");
    }

    @Test
    void refusesAGlobalsOnlyFileAsNotADataBackup(@TempDir Path dir) throws Exception {
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Path globals = Files.copy(FIXTURES.resolve("globals.sql"), backups.resolve("globals-2026-12-01.sql"));

        RunCommandTest.Result result = RunCommandTest.run("run", "--backups", backups.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out() + result.err()).contains(globals + " is not a data backup: it was written by"
                + " pg_dumpall --globals-only");
    }
}
