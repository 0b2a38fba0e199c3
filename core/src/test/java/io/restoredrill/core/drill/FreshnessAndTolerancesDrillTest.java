package io.restoredrill.core.drill;

import io.restoredrill.core.adapter.postgres.DumpRestorers;
import io.restoredrill.core.adapter.postgres.JdbcDatabaseInspector;
import io.restoredrill.core.adapter.postgres.PostgresProofs;
import io.restoredrill.core.adapter.postgres.ScratchServerDatabases;
import io.restoredrill.core.adapter.source.FolderBackupSource;
import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.FreshnessRequirement;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofSettings;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.domain.RecoveryPoint;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * The freshness proof and per-table tolerances in the local drill: real dumps made by pg_dump, restored into
 * temporary databases on a real PostgreSQL, measured against the dump's own timestamp (from its name).
 */
class FreshnessAndTolerancesDrillTest {

    private static final Instant NOW = Instant.parse("2026-11-26T05:00:00Z");
    /** The dump's name says it was taken at 03:00 UTC. */
    private static final String DUMP = "shop-2026-11-26T030000Z.sql";

    @TempDir
    Path backups;

    @AfterEach
    void noTemporaryDatabaseLeft() {
        assertThat(TestPostgres.databaseNames()).noneMatch(name -> name.startsWith("restore_drill_"));
    }

    private static DatabaseEndpoint shop(String hint, String newestOrder) {
        DatabaseEndpoint db = TestPostgres.createDatabase(hint);
        TestPostgres.execute(db,
                "CREATE SCHEMA shop",
                "CREATE TABLE shop.orders (id int PRIMARY KEY, placed_at timestamptz NOT NULL)",
                "INSERT INTO shop.orders SELECT g, timestamptz '" + newestOrder + "' - g * interval '1 minute'"
                        + " FROM generate_series(0, 999) g",
                "CREATE TABLE public.audit_log (id int, entry text)",
                "INSERT INTO audit_log SELECT g, 'entry ' || g FROM generate_series(1, 300) g");
        return db;
    }

    private static ProofSettings freshness(String maxAge) {
        return ProofSettings.none().withFreshness(List.of(new FreshnessRequirement("shop.orders", "placed_at",
                io.restoredrill.core.adapter.config.Durations.parse(maxAge), FreshnessRequirement.DEFAULT_TIMEOUT)));
    }

    private DrillReport drill(DrillCommand command) {
        return new RestoreDrill(new FolderBackupSource(backups), new ScratchServerDatabases(TestPostgres.adminEndpoint()),
                DumpRestorers.standard(), new JdbcDatabaseInspector(), new PostgresProofs(), RestoreProgress.NONE,
                Clock.fixed(NOW, ZoneOffset.UTC)).run(command);
    }

    @Test
    void aBackupWhoseNewestOrderIsOlderThanMaxAgeFailsTheDrill() {
        // A dump taken at 03:00 whose newest order is from two days before: a fresh name, stale data.
        PgDump.plain(shop("fresh_stale", "2026-11-24T02:00:00Z"), backups.resolve(DUMP));

        DrillReport report = drill(new DrillCommand("shop", List.of(), Optional.empty(), Optional.empty(), 0.10,
                freshness("26h")));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.failureReason().orElseThrow()).contains("proof freshness failed",
                "shop.orders.placed_at: newest value 2026-11-24T02:00:00Z is 2d1h older than the backup"
                        + " (2026-11-26T03:00:00Z), more than the allowed 26h0m");
        assertThat(report.proofs()).extracting(ProofResult::name, ProofResult::verdict)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("freshness", ProofVerdict.FAILED));
        assertThat(report.freshness()).singleElement().satisfies(p -> {
            assertThat(p.lagHours()).contains(49.0);
            assertThat(p.newestValue()).contains(Instant.parse("2026-11-24T02:00:00Z"));
            assertThat(p.backupTakenAt()).contains(Instant.parse("2026-11-26T03:00:00Z"));
        });
    }

    @Test
    void aBackupHoldingRecentOrdersPassesAndRecordsItsRecoveryPoint() {
        PgDump.plain(shop("fresh_recent", "2026-11-26T02:30:00Z"), backups.resolve(DUMP));

        DrillReport report = drill(new DrillCommand("shop", List.of(), Optional.empty(), Optional.empty(), 0.10,
                freshness("26h")));

        assertThat(report.verdict()).as(report.failureReason().orElse("")).isEqualTo(Verdict.PASSED);
        assertThat(report.freshness()).extracting(RecoveryPoint::table, RecoveryPoint::column,
                        RecoveryPoint::lagHours, RecoveryPoint::verdict)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("shop.orders", "placed_at", Optional.of(0.5),
                        ProofVerdict.PASSED));
    }

    @Test
    void aFreshnessTableMissingFromTheBackupFailsNamingIt() {
        PgDump.plain(shop("fresh_missing", "2026-11-26T02:30:00Z"), backups.resolve(DUMP));
        ProofSettings proofs = ProofSettings.none().withFreshness(List.of(new FreshnessRequirement("shop.invoices",
                "issued_at", Duration.ofHours(26), FreshnessRequirement.DEFAULT_TIMEOUT)));

        DrillReport report = drill(new DrillCommand("shop", List.of(), Optional.empty(), Optional.empty(), 0.10,
                proofs));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.failureReason().orElseThrow())
                .contains("shop.invoices.issued_at: table shop.invoices is not in the restored database");
    }

    @Test
    void aHundredPercentToleranceLetsTheAuditLogEmptyWhileTheOrdersShrinkStillFails() {
        DatabaseEndpoint db = shop("tolerance", "2026-11-26T02:30:00Z");
        Baseline yesterday = new Baseline("yesterday.json", Map.of("shop.orders", 1000L, "public.audit_log", 300L));
        TestPostgres.execute(db, "TRUNCATE audit_log", "DELETE FROM shop.orders WHERE id >= 800");
        PgDump.plain(db, backups.resolve(DUMP));

        DrillReport report = drill(new DrillCommand("shop", List.of(), Optional.empty(), Optional.of(yesterday), 0.10,
                ProofSettings.none(), Map.of("audit_log", 1.0)));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.shrinkage()).extracting(s -> s.table()).containsExactly("shop.orders");
        assertThat(report.failureReason()).contains(
                "shop.orders shrank from 1000 to 800 rows (-20.0%) against baseline yesterday.json");
        assertThat(report.baseline()).hasValueSatisfying(b -> assertThat(b.origin()).isEqualTo("yesterday.json"));
    }

    @Test
    void aToleranceForATableThatDoesNotExistIsReportedNotIgnored() {
        PgDump.plain(shop("tolerance_typo", "2026-11-26T02:30:00Z"), backups.resolve(DUMP));

        DrillReport report = drill(new DrillCommand("shop", List.of(), Optional.empty(), Optional.empty(), 0.10,
                ProofSettings.none(), Map.of("audit_logs", 1.0)));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.failureReason().orElseThrow()).isEqualTo("tables: audit_logs (maxShrink 100%) matches no"
                + " table of the restored database or the baseline: correct the name (schema.table, or a table name"
                + " that matches it in any schema) or remove the entry");
    }
}
