package io.restoredrill.cli;

import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line end to end: real dumps, real embedded PostgreSQL, exit codes, stdout, report. */
@ExtendWith(NothingLeftRunning.AfterEachTest.class)
class RunCommandTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "shop");

    @BeforeAll
    static void startTheScratchServerFirst() {
        // Started before the snapshots, so its processes count as already running, not as left behind.
        TestPostgres.server();
    }

    @Test
    void passesOnTheBundledExampleAndWritesAReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");

        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString(), "--report", report.toString());

        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.out).contains("restore-drill shop: PASSED")
                .contains("shop-2026-11-25T030000Z.sql.gz")
                .contains("PASS  every-order-has-items");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/verdict").asText()).isEqualTo("PASSED");
        assertThat(json.at("/backup/name").asText()).isEqualTo("shop-2026-11-25T030000Z.sql.gz");
        assertThat(tableRows(json, "shop.orders")).isEqualTo(10_000);
        assertThat(json.at("/target").asText()).startsWith("embedded PostgreSQL 15.");
    }

    @Test
    void judgesTheObjectivesWithoutFailingTheDrillForAMissedOne(@TempDir Path dir) throws Exception {
        // The example's dumps are days old: a 1h recovery point is missed, a 1h restore time is met.
        Path checks = Files.writeString(dir.resolve("checks.yaml"), Files.readString(EXAMPLE.resolve("checks.yaml"))
                + "\nobjectives: { restoreTime: 1h, recoveryPoint: 1h }\n");
        Path report = dir.resolve("report.json");

        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(), "--checks", checks.toString(),
                "--no-proofs", "--report", report.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("objective +MET +restoreTime [0-9.]+ s \\(restore time\\), objective 60.0 min")
                .containsPattern("objective +MISSED +recoveryPoint [0-9.]+ h \\(backup age\\), objective 60.0 min");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/objectives/0/name").asText()).isEqualTo("restoreTime");
        assertThat(json.at("/objectives/0/verdict").asText()).isEqualTo("MET");
        assertThat(json.at("/objectives/1/verdict").asText()).isEqualTo("MISSED");
        // The report rounds ageHours to two decimals: 36 s.
        assertThat(json.at("/objectives/1/achievedSeconds").asDouble())
                .isCloseTo(json.at("/backup/ageHours").asDouble() * 3600, org.assertj.core.data.Offset.offset(36.0));
    }

    @Test
    void runsWithoutAChecksFileOnTheRowCountsAndTheDefaultProofs(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");

        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(), "--report", report.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("restore-drill shop: PASSED").contains("tables    7 tables readable")
                .containsPattern("PASS +integrity");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/checks")).isEmpty();
        assertThat(tableRows(json, "shop.orders")).isEqualTo(10_000);
    }

    @Test
    void provesIntegrityFullReadAndSchemaByDefaultAndTheNextRunAgainstThatReportPassesTheSchemaProof(
            @TempDir Path dir) throws Exception {
        Path first = dir.resolve("first.json");

        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString(), "--report", first.toString());

        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.out).containsPattern("PASS +integrity +13 of 13 indexes .*: no corruption")
                .containsPattern("PASS +full-read +7 of 7 tables read completely, 52,664 rows")
                .containsPattern("SKIPPED +schema +skipped: nothing to compare with: no baseline")
                .contains("schema    sha256:");
        JsonNode json = new ObjectMapper().readTree(first.toFile());
        assertThat(json.at("/proofs").findValuesAsText("name")).containsExactly("integrity", "full-read", "schema");
        assertThat(json.at("/proofs/0/verdict").asText()).isEqualTo("PASSED");
        assertThat(json.at("/schema/digest").asText()).startsWith("sha256:");
        assertThat(json.at("/schema/objects")).hasSizeGreaterThan(50);

        Result second = run("run", "--backups", EXAMPLE.resolve("backups").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString(), "--baseline", first.toString());

        assertThat(second.exitCode).as(second.toString()).isZero();
        assertThat(second.out).containsPattern("PASS +schema +same schema as baseline " + java.util.regex.Pattern.quote(
                first.toString()));
    }

    @Test
    void aDumpThatLostAColumnFailsTheSchemaProofAgainstTheBaselineAndAnExpectedFingerprint(@TempDir Path dir)
            throws Exception {
        var source = TestPostgres.createDatabase("lost_column");
        TestPostgres.execute(source, "CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL)",
                "CREATE INDEX customers_email ON customers (email)",
                "INSERT INTO customers SELECT g, 'c' || g || '@example.com' FROM generate_series(1, 200) g");
        Path monday = Files.createDirectories(dir.resolve("monday"));
        PgDump.plain(source, monday.resolve("crm-2026-11-23.sql"));
        Path checks = Files.writeString(dir.resolve("checks.yaml"), """
                checks:
                  - name: customers
                    sql: SELECT count(*) FROM public.customers
                    expect: "= 200"
                """);
        Path mondayReport = dir.resolve("monday.json");
        assertThat(run("run", "--backups", monday.toString(), "--checks", checks.toString(),
                "--report", mondayReport.toString()).exitCode).isZero();
        // The application's migration dropped the column (and its index with it); the next dump has neither.
        TestPostgres.execute(source, "ALTER TABLE customers DROP COLUMN email");
        Path tuesday = Files.createDirectories(dir.resolve("tuesday"));
        PgDump.plain(source, tuesday.resolve("crm-2026-11-24.sql"));

        Result againstBaseline = run("run", "--backups", tuesday.toString(), "--checks", checks.toString(),
                "--baseline", mondayReport.toString());

        assertThat(againstBaseline.exitCode).as(againstBaseline.toString()).isEqualTo(1);
        assertThat(againstBaseline.out).contains("restore-drill tuesday: FAILED")
                .containsPattern("FAIL +schema +2 lost, 0 changed \\(0 breaking\\), 0 added against baseline")
                .contains("lost column public.customers.email").contains("lost index public.customers_email")
                .contains("proof schema failed");

        // The same comparison with a committed fingerprint (here the report itself), relative to the checks file.
        Files.copy(mondayReport, dir.resolve("expected.json"));
        Path expecting = Files.writeString(dir.resolve("expecting.yaml"), Files.readString(checks) + """
                proofs:
                  schema: { expect: expected.json }
                """);
        Result againstFile = run("run", "--backups", tuesday.toString(), "--checks", expecting.toString());

        assertThat(againstFile.exitCode).as(againstFile.toString()).isEqualTo(1);
        assertThat(againstFile.out).contains("against " + dir.resolve("expected.json"))
                .contains("lost column public.customers.email");

        Result withoutProofs = run("run", "--backups", tuesday.toString(), "--checks", expecting.toString(),
                "--no-proofs");

        assertThat(withoutProofs.exitCode).as(withoutProofs.toString()).isZero();
        assertThat(withoutProofs.out).doesNotContain("proofs").doesNotContain("schema    sha256");
    }

    @Test
    void anUnknownProofKeyIsAUsageErrorAndRestoresNothing(@TempDir Path dir) throws Exception {
        Path checks = Files.writeString(dir.resolve("checks.yaml"), """
                checks:
                  - name: orders
                    sql: SELECT count(*) FROM shop.orders
                proofs:
                  integrity: { budgett: 5m }
                """);

        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(), "--checks", checks.toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains(checks + ": proofs.integrity: unknown key \"budgett\"");
        assertThat(result.out).doesNotContain("restore-drill shop");
    }

    /**
     * The machine's pg_dump (15) cannot dump newer servers, so these dumps are the example's real dump with the
     * header line saying another version: what the embedded server's choice is made from.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {16, 17})
    void embeddedServerFollowsTheMajorVersionTheDumpWasMadeFrom(int major, @TempDir Path dir) throws Exception {
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Path original = EXAMPLE.resolve("backups").resolve("shop-2026-11-25T030000Z.sql.gz");
        String dump;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(original))) {
            dump = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Files.writeString(backups.resolve("shop-2026-11-25.sql"), dump.replaceFirst(
                "Dumped from database version 15\\.\\d+", "Dumped from database version " + major + ".4"));

        Result result = run("run", "--backups", backups.toString(), "--checks", EXAMPLE.resolve("checks.yaml").toString());

        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.out).contains("target    embedded PostgreSQL " + major + ".");
    }

    @Test
    void pgVersionOverridesTheDumpsVersion() {
        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString(), "--pg-version", "17");

        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.out).contains("target    embedded PostgreSQL 17.");
    }

    @Test
    void failsWhenTheNewestBackupIsOlderThanMaxAge() {
        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString(), "--max-age", "26h");

        assertThat(result.exitCode).as(result.toString()).isEqualTo(1);
        assertThat(result.out).contains("FAILED").contains("older than the allowed 1d 2h");
    }

    @Test
    void failsWhenATableShrankAgainstTheBaseline(@TempDir Path dir) throws Exception {
        Path baseline = dir.resolve("baseline.json");
        assertThat(run("run", "--backups", EXAMPLE.resolve("backups").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString(), "--report", baseline.toString()).exitCode).isZero();
        // Pretend the previous night's backup had 12,000 orders: 10,000 now is a 16.7% loss.
        ObjectMapper mapper = new ObjectMapper();
        JsonNode previous = mapper.readTree(baseline.toFile());
        for (JsonNode table : previous.at("/tables")) {
            if (table.get("table").asText().equals("orders")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) table).put("rows", 12_000);
            }
        }
        mapper.writeValue(baseline.toFile(), previous);

        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString(), "--baseline", baseline.toString());

        assertThat(result.exitCode).as(result.toString()).isEqualTo(1);
        assertThat(result.out).contains("shop.orders shrank from 12000 to 10000 rows (-16.7%)");
    }

    @Test
    void malformedChecksFileIsAUsageErrorAndRestoresNothing(@TempDir Path dir) throws Exception {
        Path checks = Files.writeString(dir.resolve("checks.yaml"), """
                checks:
                  - name: orders
                    sql: SELECT count(*) FROM shop.orders
                    expect: "about 10000"
                """);

        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(), "--checks", checks.toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains(checks.toString()).contains("orders").contains("about 10000");
        assertThat(result.out).doesNotContain("restore-drill shop");
    }

    @Test
    void unknownPgVersionIsAUsageError() {
        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString(), "--pg-version", "9");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("--pg-version 9 is not bundled");
    }

    @Test
    void missingBackupFolderFailsTheDrill(@TempDir Path dir) {
        Result result = run("run", "--backups", dir.resolve("nowhere").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString());

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.out).contains("FAILED").contains("nowhere");
    }

    @Test
    void failingCheckFailsTheDrill(@TempDir Path dir) throws Exception {
        Path checks = Files.writeString(dir.resolve("checks.yaml"), """
                checks:
                  - name: a-million-customers
                    sql: SELECT count(*) FROM shop.customers
                    expect: ">= 1000000"
                """);

        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(), "--checks", checks.toString());

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.out).contains("FAIL  a-million-customers  value 2000, expected >= 1000000");
    }

    @Test
    void restoresIntoATemporaryDatabaseOnAScratchServerAndDropsIt(@TempDir Path dir) throws Exception {
        var source = TestPostgres.createDatabase("scratch_source");
        TestPostgres.execute(source, "CREATE TABLE items (id int PRIMARY KEY, label text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 500) g");
        Path backups = Files.createDirectories(dir.resolve("backups"));
        PgDump.plain(source, backups.resolve("items-2026-11-25.sql"));
        Path checks = Files.writeString(dir.resolve("checks.yaml"), """
                checks:
                  - name: items
                    sql: SELECT count(*) FROM public.items
                    expect: "= 500"
                """);
        Result result = run("run", "--backups", backups.toString(), "--checks", checks.toString(),
                "--target", "postgresql://postgres@localhost:" + TestPostgres.port() + "/postgres");

        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.out).contains("temporary database restore_drill_");
        assertThat(TestPostgres.databaseNames()).noneMatch(name -> name.startsWith("restore_drill_"));
    }

    // The scratch server's database is created while the options are read (DatabaseCreatedAhead): a drill that
    // stops before the restore drops it again, and an unreachable server still fails the drill with its own error.

    @Test
    void aMalformedChecksFileWithAScratchTargetLeavesNoDatabaseBehind(@TempDir Path dir) throws Exception {
        Path checks = Files.writeString(dir.resolve("checks.yaml"), "checks:\n  - name: orders\n    expect: \"= 1\"\n");

        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(), "--checks", checks.toString(),
                "--target", scratchTarget());

        assertThat(result.exitCode).as(result.toString()).isEqualTo(2);
        assertThat(result.err).contains(checks.toString()).contains("orders");
        assertThat(TestPostgres.databaseNames()).noneMatch(name -> name.startsWith("restore_drill_"));
    }

    @Test
    void aMissingBackupFolderWithAScratchTargetFailsTheDrillAndLeavesNoDatabaseBehind(@TempDir Path dir) {
        Result result = run("run", "--backups", dir.resolve("nowhere").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString(), "--target", scratchTarget());

        assertThat(result.exitCode).as(result.toString()).isEqualTo(1);
        assertThat(result.out).contains("FAILED").contains("nowhere");
        assertThat(TestPostgres.databaseNames()).noneMatch(name -> name.startsWith("restore_drill_"));
    }

    @Test
    void anUnreachableScratchServerFailsTheDrillNamingIt() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString(),
                "--target", "postgresql://drill:s3cret-pw@127.0.0.1:" + closedPort + "/postgres");

        assertThat(result.exitCode).as(result.toString()).isEqualTo(1);
        assertThat(result.out).contains("FAILED")
                .contains("cannot connect to the scratch PostgreSQL server drill@127.0.0.1:" + closedPort);
        assertThat(result.out + result.err).doesNotContain("s3cret-pw");
    }

    @Test
    void aMistypedMaxAgeIsAUsageErrorBeforeAnyDatabaseIsCreated() {
        Result result = run("run", "--backups", EXAMPLE.resolve("backups").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString(), "--max-age", "26 hours",
                "--target", scratchTarget());

        assertThat(result.exitCode).as(result.toString()).isEqualTo(2);
        assertThat(result.err).contains("--max-age").contains("\"26 hours\"").contains("e.g. 1h30m");
        assertThat(result.out).doesNotContain("restore-drill shop");
        assertThat(TestPostgres.databaseNames()).noneMatch(name -> name.startsWith("restore_drill_"));
    }

    private static String scratchTarget() {
        return "postgresql://postgres@localhost:" + TestPostgres.port() + "/postgres";
    }

    private static long tableRows(JsonNode report, String table) {
        for (JsonNode t : report.at("/tables")) {
            if ((t.get("schema").asText() + "." + t.get("table").asText()).equals(table)) {
                return t.get("rows").asLong();
            }
        }
        throw new AssertionError("no table " + table + " in " + report.at("/tables"));
    }

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = RestoreDrillCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
