package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.adapter.config.ReportJson;
import io.restoredrill.core.adapter.s3.S3ReportStore;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.TableShrinkage;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore-drill baseline accept} end to end: real dumps restored by {@code run} on the scratch server, the
 * baseline file they write and read, and the S3 path against moto.
 */
class BaselineAcceptCommandTest {

    private static final Instant ACCEPTED_AT = Instant.parse("2026-11-27T09:00:00Z");
    private static String target;

    @BeforeAll
    static void scratchServer() {
        target = "postgresql://postgres@localhost:" + TestPostgres.port() + "/postgres";
    }

    private static RunCommandTest.Result run(String... args) {
        return RunCommandTest.run(args);
    }

    private static Path checks(Path dir, String extra) throws Exception {
        return Files.writeString(dir.resolve("checks.yaml"), """
                checks:
                  - name: accounts-present
                    sql: SELECT count(*) FROM public.accounts
                proofs:
                  integrity: off
                  fullRead: off
                """ + extra);
    }

    private static DatabaseEndpoint accounts(String hint) {
        DatabaseEndpoint db = TestPostgres.createDatabase(hint);
        TestPostgres.execute(db,
                "CREATE TABLE accounts (id int PRIMARY KEY, opened_at timestamptz NOT NULL)",
                "INSERT INTO accounts SELECT g, timestamptz '2026-11-25T02:00:00Z' - g * interval '1 minute'"
                        + " FROM generate_series(1, 1000) g",
                "CREATE TABLE audit_log (id int, entry text)",
                "INSERT INTO audit_log SELECT g, 'entry ' || g FROM generate_series(1, 300) g");
        return db;
    }

    @Test
    void anAcceptedShrinkPassesTheNextNightAndTheAcceptanceIsRecordedInItsReport(@TempDir Path dir) throws Exception {
        DatabaseEndpoint production = accounts("accept_local");
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Path checks = checks(dir, "");
        Path baseline = dir.resolve("baseline.json");
        PgDump.plain(production, backups.resolve("shop-2026-11-25T030000Z.sql"));
        assertThat(run("run", "--name", "shop", "--backups", backups.toString(), "--checks", checks.toString(), "--target", target,
                "--report", baseline.toString()).exitCode()).isZero();

        // The next night 200 accounts were closed on purpose: the drill fails, and its report goes beside the baseline.
        TestPostgres.execute(production, "DELETE FROM accounts WHERE id > 800");
        PgDump.plain(production, backups.resolve("shop-2026-11-26T030000Z.sql"));
        String before = Files.readString(baseline);
        RunCommandTest.Result shrunk = run("run", "--name", "shop", "--backups", backups.toString(), "--checks", checks.toString(),
                "--target", target, "--baseline", baseline.toString(), "--report", baseline.toString());
        Path failed = dir.resolve("baseline.failed.json");
        assertThat(shrunk.exitCode()).as(shrunk.toString()).isEqualTo(1);
        assertThat(shrunk.out()).contains("public.accounts shrank from 1000 to 800 rows (-20.0%)");
        assertThat(shrunk.err()).contains("the drill failed, so its report is written to " + failed);
        assertThat(Files.readString(baseline)).as("a failing drill never becomes the baseline").isEqualTo(before);

        RunCommandTest.Result accepted = run("baseline", "accept", "--report", failed.toString(), "--baseline",
                baseline.toString(), "--reason", "accounts closed by the GDPR purge (CHG-9)", "--by", "alice");

        assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
        assertThat(accepted.out()).contains("restore-drill shop: baseline accepted")
                .contains("accepted  by alice at ").contains("accounts closed by the GDPR purge (CHG-9)");

        RunCommandTest.Result nextNight = run("run", "--name", "shop", "--backups", backups.toString(), "--checks", checks.toString(),
                "--target", target, "--baseline", baseline.toString(), "--report", baseline.toString());

        assertThat(nextNight.exitCode()).as(nextNight.toString()).isZero();
        assertThat(nextNight.out()).contains("baseline  " + baseline + " (accepted by alice at ")
                .contains(": accounts closed by the GDPR purge (CHG-9))");
        JsonNode report = new ObjectMapper().readTree(baseline.toFile());
        assertThat(report.at("/verdict").asText()).isEqualTo("PASSED");
        assertThat(report.at("/baseline/origin").asText()).isEqualTo(baseline.toString());
        assertThat(report.at("/baseline/acceptance/acceptedBy").asText()).isEqualTo("alice");
        assertThat(report.at("/baseline/acceptance/report").asText()).isEqualTo(failed.toAbsolutePath().toString());
    }

    @Test
    void refusesAReportWhoseRestoreFailedAndLeavesTheBaselineAlone(@TempDir Path dir) throws Exception {
        DatabaseEndpoint production = accounts("accept_corrupt");
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Path dump = PgDump.plain(production, backups.resolve("shop-2026-11-26T030000Z.sql"));
        byte[] whole = Files.readAllBytes(dump);
        Files.write(dump, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path broken = dir.resolve("broken.json");
        assertThat(run("run", "--name", "shop", "--backups", backups.toString(), "--checks", checks(dir, "").toString(), "--target",
                target, "--report", broken.toString()).exitCode()).isEqualTo(1);
        Path baseline = Files.writeString(dir.resolve("baseline.json"), "the old baseline");

        RunCommandTest.Result refused = run("baseline", "accept", "--report", broken.toString(), "--baseline",
                baseline.toString(), "--reason", "just make it green");

        assertThat(refused.exitCode()).isEqualTo(RestoreDrillCli.USAGE_ERROR);
        assertThat(refused.err()).contains("report " + broken + " (drill shop, FAILED) cannot become the baseline:"
                + " its restore did not complete (no restore statistics); it holds no row counts");
        assertThat(Files.readString(baseline)).isEqualTo("the old baseline");
    }

    @Test
    void aChecksFilesTablesAndFreshnessReachTheDrill(@TempDir Path dir) throws Exception {
        DatabaseEndpoint production = accounts("accept_tables");
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Path checks = checks(dir, """
                  freshness:
                    - { table: accounts, column: opened_at, maxAge: 26h }
                tables:
                  audit_log: { maxShrink: 100% }
                """);
        Path baseline = dir.resolve("baseline.json");
        PgDump.plain(production, backups.resolve("shop-2026-11-25T030000Z.sql"));
        RunCommandTest.Result first = run("run", "--name", "shop", "--backups", backups.toString(), "--checks", checks.toString(),
                "--target", target, "--report", baseline.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        // The dump was taken at 03:00, the newest account opened at 01:59.
        assertThat(first.out()).contains("PASS        freshness")
                .contains("freshness accounts.opened_at newest 2026-11-25T01:59:00Z, 1.02 h before the backup"
                        + " (allowed 26 h)");
        TestPostgres.execute(production, "TRUNCATE audit_log");
        // Two days later, by its name; but no account was opened since.
        PgDump.plain(production, backups.resolve("shop-2026-11-27T030000Z.sql"));

        RunCommandTest.Result purged = run("run", "--name", "shop", "--backups", backups.toString(), "--checks", checks.toString(),
                "--target", target, "--baseline", baseline.toString());

        // The audit log may be emptied; the accounts are two days older than the new dump's name says.
        assertThat(purged.out()).doesNotContain("audit_log shrank")
                .contains("FAIL        freshness")
                .contains("public.accounts.opened_at: newest value 2026-11-25T01:59:00Z is 2d1h older");
        assertThat(purged.exitCode()).isEqualTo(1);
    }

    @Test
    void onTheAwsPathTheExecutionsReportBecomesTheDrillsLatestJson() throws Exception {
        S3Client s3 = motoS3();
        MotoServer.reset();
        s3.createBucket(r -> r.bucket("drill-reports"));
        String execution = "arn:aws:states:eu-west-1:123456789012:execution:restore-drill:nightly-27";
        new S3ReportStore(s3, "drill-reports", "reports").store(new DrillReport(execution, "orders", Verdict.FAILED,
                Optional.of("public.orders shrank from 100 to 60 rows (-40.0%) since the last passing drill (x)"),
                "RDS snapshot s (manual) of orders-prod", Optional.empty(), Optional.of("RDS instance x"),
                Instant.parse("2026-11-27T03:00:00Z"), new DrillReport.Timings(1, 1, 2), Optional.empty(), List.of(),
                List.of(new TableRowCount("public", "orders", 60)),
                List.of(new TableShrinkage("public.orders", 100, Optional.of(60L), 0.4))), execution);

        RunCommandTest.Result accepted = runWith(this::motoS3, "baseline", "accept", "--bucket", "drill-reports",
                "--drill", "orders", "--execution", execution, "--reason", "archived 2025 orders", "--by", "ops");

        assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
        assertThat(accepted.out()).contains("baseline  s3://drill-reports/reports/orders/latest.json")
                .contains("report    s3://drill-reports/reports/orders/2026/11/27/nightly-27.json");
        String latest = s3.getObjectAsBytes(r -> r.bucket("drill-reports").key("reports/orders/latest.json"))
                .asUtf8String();
        assertThat(ReportJson.baselineFromJson(latest, "latest").acceptance()).hasValueSatisfying(a -> {
            assertThat(a.acceptedBy()).isEqualTo("ops");
            assertThat(a.acceptedAt()).isEqualTo(ACCEPTED_AT);
            assertThat(a.report()).isEqualTo("s3://drill-reports/reports/orders/2026/11/27/nightly-27.json");
        });

        RunCommandTest.Result byUri = runWith(this::motoS3, "baseline", "accept", "--report",
                "s3://drill-reports/reports/orders/2026/11/27/nightly-27.json", "--reason", "same, by its URI");
        RunCommandTest.Result noObject = runWith(this::motoS3, "baseline", "accept", "--report",
                "s3://drill-reports/reports/orders/", "--reason", "a folder");
        assertThat(byUri.exitCode()).as(byUri.toString()).isZero();
        assertThat(ReportJson.baselineFromJson(s3.getObjectAsBytes(r -> r.bucket("drill-reports")
                .key("reports/orders/latest.json")).asUtf8String(), "latest").acceptance().orElseThrow().reason())
                .isEqualTo("same, by its URI");
        assertThat(noObject.exitCode()).isEqualTo(RestoreDrillCli.USAGE_ERROR);
        assertThat(noObject.err()).contains("names no object");
        s3.close();
    }

    @Test
    void mixingTheLocalAndTheAwsOptionsIsAUsageError() {
        RunCommandTest.Result mixed = runWith(this::motoS3, "baseline", "accept", "--bucket", "b", "--drill", "d",
                "--execution", "e", "--baseline", "x.json", "--reason", "r");
        RunCommandTest.Result noReason = run("baseline", "accept", "--report", "r.json", "--baseline", "b.json");

        assertThat(mixed.exitCode()).isEqualTo(RestoreDrillCli.USAGE_ERROR);
        assertThat(mixed.err()).contains("--baseline is a local file");
        assertThat(noReason.exitCode()).isEqualTo(RestoreDrillCli.USAGE_ERROR);
        assertThat(noReason.err()).contains("Missing required option: '--reason=<text>'");
    }

    private S3Client motoS3() {
        return MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
    }

    /** The command line with {@code baseline accept} reaching S3 through {@code s3} and a fixed clock. */
    private static RunCommandTest.Result runWith(java.util.function.Supplier<S3Client> s3, String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cli = RestoreDrillCli.commandLine(new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                return type == BaselineAcceptCommand.class
                        ? (K) new BaselineAcceptCommand(s3, Clock.fixed(ACCEPTED_AT, ZoneOffset.UTC))
                        : defaults.create(type);
            }
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new RunCommandTest.Result(code, out.toString(), err.toString());
    }
}
