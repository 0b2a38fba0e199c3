package io.restoredrill.core.drill;

import io.restoredrill.core.adapter.postgres.DumpRestorers;
import io.restoredrill.core.adapter.postgres.JdbcDatabaseInspector;
import io.restoredrill.core.adapter.postgres.ScratchServerDatabases;
import io.restoredrill.core.adapter.source.FolderBackupSource;
import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.Expectation;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drill end to end in core: real dumps made by pg_dump in a folder, restored into temporary databases on
 * a real PostgreSQL server, checked, and dropped. After every test no temporary database is left.
 */
class RestoreDrillTest {

    private static final Instant NOW = Instant.parse("2026-11-26T05:00:00Z");
    private static DatabaseEndpoint production;

    @TempDir
    Path backups;

    @BeforeAll
    static void createSourceDatabase() {
        production = TestPostgres.createDatabase("drill_source");
        TestPostgres.execute(production,
                "CREATE TABLE accounts (id int PRIMARY KEY, balance numeric NOT NULL)",
                "INSERT INTO accounts SELECT g, g * 1.5 FROM generate_series(1, 5000) g",
                "CREATE TABLE audit_log (id bigserial PRIMARY KEY, entry text)",
                "INSERT INTO audit_log (entry) SELECT 'entry ' || g FROM generate_series(1, 300) g");
    }

    @AfterEach
    void noTemporaryDatabaseLeft() {
        assertThat(TestPostgres.databaseNames()).noneMatch(name -> name.startsWith("restore_drill_"));
    }

    @Test
    void restoresAPlainDumpAndPassesItsChecks() {
        PgDump.plain(production, backups.resolve("accounts-2026-11-26T030000Z.sql"));

        DrillReport report = drill(command(check("accounts", "SELECT count(*) FROM accounts", "= 5000")));

        assertThat(report.verdict()).as(report.failureReason().orElse("")).isEqualTo(Verdict.PASSED);
        assertThat(report.checks()).singleElement().satisfies(c -> assertThat(c.value()).contains("5000"));
        assertThat(report.tables()).containsExactly(
                new TableRowCount("public", "accounts", 5000), new TableRowCount("public", "audit_log", 300));
        assertThat(report.backup().orElseThrow().ageHours()).isEqualTo(2.0);
    }

    @Test
    void restoresAGzipDump() {
        PgDump.gzip(production, backups.resolve("accounts-2026-11-26.sql.gz"));

        DrillReport report = drill(command(check("sum", "SELECT sum(balance) FROM accounts", "= 18753750")));

        assertThat(report.verdict()).as(report.failureReason().orElse("")).isEqualTo(Verdict.PASSED);
    }

    @Test
    void restoresACustomFormatDumpWithPgRestore() {
        PgDump.custom(production, backups.resolve("accounts-2026-11-26.dump"));

        DrillReport report = drill(command(check("accounts", "SELECT count(*) FROM accounts", ">= 5000")));

        assertThat(report.verdict()).as(report.failureReason().orElse("")).isEqualTo(Verdict.PASSED);
        assertThat(report.backup().orElseThrow().format()).hasToString("CUSTOM");
    }

    @Test
    void choosesTheNewestBackupByTheTimestampInItsName() throws IOException {
        PgDump.plain(production, backups.resolve("accounts-2026-11-26T030000Z.sql"));
        Path older = Files.writeString(backups.resolve("accounts-2026-11-25T030000Z.sql"), "broken");
        Files.setLastModifiedTime(older, java.nio.file.attribute.FileTime.from(NOW)); // newer mtime, older name

        DrillReport report = drill(command());

        assertThat(report.backup().orElseThrow().name()).isEqualTo("accounts-2026-11-26T030000Z.sql");
        assertThat(report.verdict()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void failsWhenTheNewestDumpIsTruncatedAndDoesNotFallBackToAnOlderOne() throws IOException {
        PgDump.plain(production, backups.resolve("accounts-2026-11-25T030000Z.sql"));
        Path newest = PgDump.plain(production, backups.resolve("accounts-2026-11-26T030000Z.sql"));
        byte[] whole = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(whole, whole.length / 2));

        DrillReport report = drill(command());

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.backup().orElseThrow().name()).isEqualTo("accounts-2026-11-26T030000Z.sql");
        assertThat(report.failureReason().orElseThrow()).contains("truncated");
    }

    @Test
    void failsWhenTheNewestDumpIsEmpty() throws IOException {
        PgDump.plain(production, backups.resolve("accounts-2026-11-25T030000Z.sql"));
        Files.createFile(backups.resolve("accounts-2026-11-26T030000Z.sql.gz"));

        DrillReport report = drill(command());

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.failureReason().orElseThrow()).contains("accounts-2026-11-26T030000Z.sql.gz").contains("empty");
        assertThat(report.target()).as("nothing restored, no database created").isEmpty();
    }

    @Test
    void failsWhenTheNewestBackupIsOlderThanAllowed() {
        PgDump.plain(production, backups.resolve("accounts-2026-11-24T030000Z.sql"));

        DrillReport report = drill(new DrillCommand("accounts", List.of(), Optional.of(Duration.ofHours(26)),
                Optional.empty(), DrillCommand.DEFAULT_MAX_SHRINK));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.failureReason().orElseThrow()).contains("is 2d 2h old, older than the allowed 1d 2h");
    }

    @Test
    void failsWhenThereIsNoBackup() {
        DrillReport report = drill(command());

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.failureReason().orElseThrow()).startsWith("no backup found in " + backups);
    }

    @Test
    void failsWhenACheckFails() {
        PgDump.plain(production, backups.resolve("accounts-2026-11-26.sql"));

        DrillReport report = drill(command(check("accounts", "SELECT count(*) FROM accounts", ">= 6000")));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.failureReason().orElseThrow())
                .contains("check accounts failed: value 5000 does not satisfy >= 6000");
    }

    @Test
    void failsWhenACheckTriesToWriteAndTheWriteDoesNotPersist() {
        PgDump.plain(production, backups.resolve("accounts-2026-11-26.sql"));

        DrillReport report = drill(command(
                check("wipe", "DELETE FROM accounts RETURNING 1", null),
                check("accounts", "SELECT count(*) FROM accounts", "= 5000")));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.checks().get(0).passed()).isFalse();
        assertThat(report.checks().get(0).error().orElseThrow()).contains("tried to write");
        assertThat(report.checks().get(1).passed()).as("rows still there after the writing check").isTrue();
    }

    @Test
    void failsWhenATableShrankAgainstTheBaselineBeyondTheAllowedFraction() {
        PgDump.plain(production, backups.resolve("accounts-2026-11-26.sql"));
        Baseline yesterday = new Baseline("yesterday.json", Map.of(
                "public.accounts", 6000L,      // -16.7%: beyond 10%
                "public.audit_log", 310L));    // -3.2%: within 10%

        DrillReport report = drill(new DrillCommand("accounts", List.of(), Optional.empty(), Optional.of(yesterday), 0.10));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.shrinkage()).singleElement().satisfies(s -> assertThat(s.table()).isEqualTo("public.accounts"));
        assertThat(report.failureReason().orElseThrow()).contains("public.accounts shrank from 6000 to 5000 rows (-16.7%)");
    }

    @Test
    void failsWhenATableOfTheBaselineIsMissing() {
        PgDump.plain(production, backups.resolve("accounts-2026-11-26.sql"));
        Baseline yesterday = new Baseline("yesterday.json", Map.of("public.customers", 10L));

        DrillReport report = drill(new DrillCommand("accounts", List.of(), Optional.empty(), Optional.of(yesterday), 0.10));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.failureReason().orElseThrow()).contains("public.customers (10 rows in the baseline) is missing");
    }

    @Test
    void failsWithTheDumpLineWhenAStatementFails() throws IOException {
        Path dump = PgDump.plain(production, backups.resolve("accounts-2026-11-26.sql"));
        Files.writeString(dump, Files.readString(dump).replace(
                "ALTER TABLE ONLY public.accounts", "ALTER TABLE ONLY public.no_such_table"));

        DrillReport report = drill(command());

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.failureReason().orElseThrow()).contains("line").contains("no_such_table");
    }

    private DrillReport drill(DrillCommand command) {
        RestoreDrill drill = new RestoreDrill(new FolderBackupSource(backups),
                new ScratchServerDatabases(TestPostgres.adminEndpoint()), DumpRestorers.standard(),
                new JdbcDatabaseInspector(), new io.restoredrill.core.adapter.postgres.PostgresProofs(),
                RestoreProgress.NONE, Clock.fixed(NOW, ZoneOffset.UTC));
        return drill.run(command);
    }

    private static DrillCommand command(HealthCheck... checks) {
        return new DrillCommand("accounts", List.of(checks), Optional.empty(), Optional.empty(),
                DrillCommand.DEFAULT_MAX_SHRINK);
    }

    private static HealthCheck check(String name, String sql, String expect) {
        return new HealthCheck(name, sql, Optional.ofNullable(expect).map(Expectation::parse), Duration.ofSeconds(30));
    }
}
