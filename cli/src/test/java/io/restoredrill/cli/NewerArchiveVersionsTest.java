package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Archives written by pg_dump 16, 17 and 18 (built from PostgreSQL's source; see scripts/make-archive-fixtures.sh)
 * from servers of the same majors, with lz4, zstd and gzip data, as custom, directory and tar dumps: each is
 * restored by {@code restore-drill run} into an embedded server of its major, and checks compare every table's
 * rows, the sequence, the materialized view, the large object and the comment with what the source held.
 */
class NewerArchiveVersionsTest {

    private static final Path FIXTURES = Path.of("..", "core", "src", "test", "resources", "archive");

    // Teardown (nothing left running) is RunCommandTest's subject; its data-directory check sees the whole /tmp,
    // which concurrent builds on the machine share, so it is not repeated for these 18 drills.

    @BeforeAll
    static void startTheScratchServerFirst() {
        TestPostgres.server();
    }

    static Stream<Arguments> archives() {
        return Stream.of(16, 17, 18).flatMap(major -> Stream.of("fixture-lz4.dump", "fixture-zstd.dump",
                        "fixture-gzip.dump", "fixture-zstd.dir", "fixture-lz4.dir", "fixture.tar")
                .map(name -> Arguments.of(major, name)));
    }

    @ParameterizedTest(name = "pg_dump {0}: {1}")
    @MethodSource("archives")
    void restoresTheArchiveIntoAServerOfItsMajorWithEveryRowAndObject(int major, String name, @TempDir Path dir)
            throws Exception {
        Path fixtures = FIXTURES.resolve("pg" + major);
        Path backups = Files.createDirectories(dir.resolve("backups"));
        copy(fixtures.resolve(name), backups.resolve(name));
        Path checks = Files.writeString(dir.resolve("checks.yaml"), checks(expected(fixtures.resolve("expected.txt"))));
        Path report = dir.resolve("report.json");

        RunCommandTest.Result result = RunCommandTest.run("run", "--backups", backups.toString(), "--checks",
                checks.toString(), "--no-proofs", "--report", report.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("target    embedded PostgreSQL " + major + ".");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/verdict").asText()).isEqualTo("PASSED");
        assertThat(json.at("/checks").size()).isEqualTo(7);
    }

    private static Map<String, String> expected(Path file) throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                expected.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertThat(expected).hasSize(7);
        return expected;
    }

    /** One check per expected value: the query gives 1 when the restored value is the source's. */
    private static String checks(Map<String, String> expected) {
        StringBuilder yaml = new StringBuilder("checks:\n");
        for (String table : List.of("shop.customers", "shop.orders", "public.empty_table")) {
            check(yaml, table, "SELECT (count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
                    + " = '" + expected.get(table) + "')::int FROM " + table + " t");
        }
        check(yaml, "sequence", "SELECT (last_value = " + expected.get("sequence") + ")::int FROM shop.orders_id_seq");
        check(yaml, "matview", "SELECT (string_agg(status || '=' || n, ',' ORDER BY status) = '"
                + expected.get("matview") + "')::int FROM shop.order_totals");
        check(yaml, "large-objects", "SELECT (string_agg(convert_from(lo_get(oid), 'UTF8'), ',') = '"
                + expected.get("large objects") + "')::int FROM pg_largeobject_metadata");
        check(yaml, "comment", "SELECT (obj_description('shop.orders'::regclass) = '" + expected.get("comment")
                + "')::int");
        return yaml.toString();
    }

    private static void check(StringBuilder yaml, String name, String sql) {
        yaml.append("  - name: ").append(name.replace('.', '-')).append('\n')
                .append("    sql: \"").append(sql.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n")
                .append("    expect: \"= 1\"\n");
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.isDirectory(from)) {
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        } else {
            Files.copy(from, to);
        }
    }
}
