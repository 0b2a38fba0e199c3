package io.restoredrill.core.drill;

import io.restoredrill.core.domain.AmbiguousDatabaseException;
import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupTooOldException;
import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.NoBackupFoundException;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofSettings;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.domain.SchemaFingerprint;
import io.restoredrill.core.domain.SchemaObject;
import io.restoredrill.core.domain.SchemaUnreadableException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.BackupRestorer;
import io.restoredrill.core.port.BackupSource;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.DatabaseInspector;
import io.restoredrill.core.port.DatabaseProof;
import io.restoredrill.core.port.DatabaseProofs;
import io.restoredrill.core.port.SchemaFingerprinter;
import io.restoredrill.core.port.ReportStore;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.port.TemporaryDatabase;
import io.restoredrill.core.port.TemporaryDatabaseProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verification pipeline's own rules, on in-memory fakes of its ports: the order of its steps, which failure
 * stops it and which is a finding, the failure texts, the baseline comparison and the teardown. The real loaders,
 * inspector and servers are exercised by {@link RestoreDrillTest} and the validate step's tests.
 */
class VerificationTest {

    private static final Instant NOW = Instant.parse("2026-11-26T05:00:00Z");
    private static final DatabaseEndpoint SERVER =
            new DatabaseEndpoint("db.example", 5432, "postgres", "drill", Optional.empty(), false);
    private static final BackupRef NEWEST = backup("orders-2026-11-26T030000Z.sql", 1_000,
            Instant.parse("2026-11-26T03:00:00Z"));
    private static final BackupRef OLDER = backup("orders-2026-11-25T030000Z.sql", 1_000,
            Instant.parse("2026-11-25T03:00:00Z"));
    private static final HealthCheck ORDERS = new HealthCheck("orders", "SELECT count(*) FROM orders",
            Optional.empty(), Duration.ofSeconds(30));

    /** What the fakes were asked, in order (integrity and the full read run at once, from two threads). */
    private final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch integrityStarted = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch fullReadStarted = new java.util.concurrent.CountDownLatch(1);
    private boolean integrityWaitsForTheFullRead;
    private final List<String> unmet = new java.util.concurrent.CopyOnWriteArrayList<>();
    private List<BackupRef> backups = List.of(OLDER, NEWEST);
    private RuntimeException restoreFailure;
    private RuntimeException countFailure;
    private RuntimeException teardownFailure;
    private List<TableRowCount> tables = List.of(new TableRowCount("public", "orders", 90));
    private Verdict checkVerdict = Verdict.PASSED;
    private static final SchemaObject ORDERS_TABLE = new SchemaObject(SchemaObject.Kind.TABLE, "public.orders", "table");
    private static final SchemaObject ORDERS_TOTAL =
            new SchemaObject(SchemaObject.Kind.COLUMN, "public.orders.total", "numeric NOT NULL");
    private static final SchemaFingerprint WITH_TOTAL = SchemaFingerprint.of(List.of(ORDERS_TABLE, ORDERS_TOTAL));
    private static final SchemaFingerprint WITHOUT_TOTAL = SchemaFingerprint.of(List.of(ORDERS_TABLE));
    private SchemaFingerprint restoredSchema = WITH_TOTAL;
    private SchemaUnreadableException schemaFailure;
    private io.restoredrill.core.domain.NewestValue newestValue = new io.restoredrill.core.domain.NewestValue.Found(
            "public.orders.placed_at", "timestamp with time zone", Instant.parse("2026-11-26T02:00:00Z"));
    private ProofResult integrityResult = new ProofResult("integrity", ProofVerdict.PASSED,
            "1 of 1 indexes, 1 of 1 tables checked: no corruption", List.of(), 5);
    private ProofResult fullReadResult = new ProofResult("full-read", ProofVerdict.PASSED,
            "1 table, 90 rows read", List.of(), 7);

    private final Verification verification = new Verification(new Inspector(), new Proofs(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void provesTheNewestBackupStepByStepAndTearsItsDatabaseDown() {
        VerificationOutcome outcome = verification.run(plan(Baselines.none()),
                backups("backup", Optional.empty()));

        assertThat(outcome.verdict()).as(outcome.failureReason().orElse("")).isEqualTo(Verdict.PASSED);
        assertThat(calls.subList(0, 9)).containsExactly("list", "open " + NEWEST.name(), "version " + NEWEST.name(),
                "create 15", "open " + NEWEST.name(), "restore " + NEWEST.name() + " into restore_drill_1",
                "count restore_drill_1", "check orders on restore_drill_1", "fingerprint restore_drill_1 within PT1M");
        // Integrity and the full read run at once: either may be asked first.
        assertThat(calls.subList(9, 11)).containsExactlyInAnyOrder("integrity restore_drill_1 within PT10M",
                "full-read restore_drill_1 within PT10M, PT2M per table");
        assertThat(calls.subList(11, calls.size())).containsExactly("close restore_drill_1");
        assertThat(outcome.proofs()).extracting(ProofResult::name, ProofResult::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple("integrity", ProofVerdict.PASSED),
                org.assertj.core.groups.Tuple.tuple("full-read", ProofVerdict.PASSED),
                org.assertj.core.groups.Tuple.tuple("schema", ProofVerdict.SKIPPED));
        assertThat(outcome.schema()).contains(WITH_TOTAL);
        assertThat(outcome.backup().orElseThrow().ref()).isEqualTo(NEWEST);
        assertThat(outcome.backup().orElseThrow().ageHours()).isEqualTo(2.0);
        assertThat(outcome.target()).contains("fake database restore_drill_1");
        assertThat(outcome.restore()).contains(new RestoreStats(1_000, 90, 3));
        assertThat(outcome.loadedAt()).contains(NOW);
        assertThat(outcome.abortedBy()).isEmpty();
    }

    @Test
    void aTableThatCannotBeReadIsAFindingTheChecksStillRunAndNoShrinkageIsJudged() {
        countFailure = new RestoreFailedException("table public.orders cannot be read: invalid page");
        VerificationOutcome outcome = verification.run(plan(new CountingBaselines(), ProofSettings.none()),
                backups("backup", Optional.empty()));

        assertThat(outcome.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(outcome.abortedBy()).isEmpty();
        assertThat(outcome.failures()).containsExactly("table public.orders cannot be read: invalid page");
        assertThat(outcome.shrinkage()).isEmpty();
        assertThat(outcome.checks()).hasSize(1);
        assertThat(calls).contains("check orders on restore_drill_1").doesNotContain("baseline");
    }

    @Test
    void integrityAndTheFullReadRunAtOnceAndAreReportedInTheirOrder() {
        // Each waits (up to 10 s) until the other has started: run one after the other, neither would see the other.
        integrityWaitsForTheFullRead = true;

        VerificationOutcome outcome = verification.run(plan(Baselines.none()),
                backups("backup", Optional.empty()));

        assertThat(unmet).isEmpty();
        assertThat(outcome.proofs()).extracting(ProofResult::name).containsExactly("integrity", "full-read", "schema");
    }

    @Test
    void aFailedProofFailsTheDrillNamingTheProofItsValueAndFirstFinding() {
        integrityResult = new ProofResult("integrity", ProofVerdict.FAILED, "1 corruption finding",
                List.of("index public.orders_pkey: item order invariant violated", "table public.orders: bad"), 9);

        VerificationOutcome outcome = verification.run(plan(Baselines.none()),
                backups("backup", Optional.empty()));

        assertThat(outcome.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(outcome.failures()).containsExactly("proof integrity failed: 1 corruption finding (index"
                + " public.orders_pkey: item order invariant violated; and 1 more in the report)");
        DrillReport report = outcome.report("d-1", NOW, 1, NOW, Optional.empty());
        assertThat(report.proofs()).contains(integrityResult);
        assertThat(report.schema()).contains(WITH_TOTAL);
        assertThat(report.failureReason().orElseThrow()).startsWith("proof integrity failed");
    }

    @Test
    void skippedAndIncompleteProofsAreReportedButNeitherFailNorPassTheDrill() {
        integrityResult = ProofResult.skipped("integrity", "amcheck is not available: permission denied", 1);
        fullReadResult = new ProofResult("full-read", ProofVerdict.INCOMPLETE, "budget ran out",
                List.of("public.orders not read"), 2);

        VerificationOutcome outcome = verification.run(plan(Baselines.none()),
                backups("backup", Optional.empty()));

        assertThat(outcome.verdict()).as(outcome.failureReason().orElse("")).isEqualTo(Verdict.PASSED);
        assertThat(outcome.proofs()).contains(integrityResult, fullReadResult).noneMatch(ProofResult::passed);
    }

    @Test
    void theFingerprintIsTakenBeforeIntegrityCreatesAmcheck() {
        verification.run(plan(Baselines.none()), backups("backup", Optional.empty()));

        assertThat(calls.stream().filter(c -> c.startsWith("fingerprint") || c.startsWith("integrity")))
                .extracting(c -> c.split(" ")[0]).containsExactly("fingerprint", "integrity");
    }

    @Test
    void aLostColumnFailsTheSchemaProofAgainstTheBaselinesFingerprint() {
        restoredSchema = WITHOUT_TOTAL;
        Baseline yesterday = new Baseline("yesterday.json", Map.of("public.orders", 90L), Optional.of(WITH_TOTAL));

        VerificationOutcome outcome = verification.run(plan(Baselines.given(Optional.of(yesterday))),
                backups("backup", Optional.empty()));

        assertThat(outcome.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(outcome.failures()).singleElement().asString().startsWith("proof schema failed: 1 lost, 0 changed"
                + " (0 breaking), 0 added against baseline yesterday.json (lost column public.orders.total");
        assertThat(outcome.proofs()).last().extracting(ProofResult::name).isEqualTo("schema");
    }

    @Test
    void theSameSchemaAsTheBaselinesPassesTheSchemaProof() {
        Baseline yesterday = new Baseline("yesterday.json", Map.of("public.orders", 90L), Optional.of(WITH_TOTAL));

        VerificationOutcome outcome = verification.run(plan(Baselines.given(Optional.of(yesterday))),
                backups("backup", Optional.empty()));

        assertThat(outcome.verdict()).as(outcome.failureReason().orElse("")).isEqualTo(Verdict.PASSED);
        assertThat(outcome.proofs()).filteredOn(p -> p.name().equals("schema")).singleElement()
                .satisfies(p -> assertThat(p.passed()).isTrue());
    }

    @Test
    void anExpectedFingerprintIsComparedInsteadOfTheBaselines() {
        // The baseline lost the column already; the committed fingerprint still has it.
        restoredSchema = WITHOUT_TOTAL;
        Baseline yesterday = new Baseline("yesterday.json", Map.of("public.orders", 90L), Optional.of(WITHOUT_TOTAL));
        ProofSettings defaults = ProofSettings.localDefaults();
        ProofSettings expecting = new ProofSettings(defaults.integrity(), defaults.fullRead(),
                new ProofSettings.Schema(true, Duration.ofSeconds(20),
                        Optional.of(new ProofSettings.ExpectedSchema(WITH_TOTAL, "schema.json"))));

        VerificationOutcome outcome = verification.run(
                plan(Baselines.given(Optional.of(yesterday)), expecting),
                backups("backup", Optional.empty()));

        assertThat(outcome.failures()).singleElement().asString()
                .startsWith("proof schema failed: 1 lost, 0 changed (0 breaking), 0 added against schema.json");
        assertThat(calls).contains("fingerprint restore_drill_1 within PT20S");
    }

    @Test
    void aSchemaThatCannotBeReadIsASkippedSchemaProofWithTheReason() {
        schemaFailure = new SchemaUnreadableException("cannot read the catalogs: canceling statement due to"
                + " statement timeout", null);
        Baseline yesterday = new Baseline("yesterday.json", Map.of("public.orders", 90L), Optional.of(WITH_TOTAL));

        VerificationOutcome outcome = verification.run(plan(Baselines.given(Optional.of(yesterday))),
                backups("backup", Optional.empty()));

        assertThat(outcome.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(outcome.schema()).isEmpty();
        assertThat(outcome.proofs()).filteredOn(p -> p.name().equals("schema")).singleElement().satisfies(p -> {
            assertThat(p.verdict()).isEqualTo(ProofVerdict.SKIPPED);
            assertThat(p.value()).contains("statement timeout");
        });
        assertThat(calls).as("the other proofs still run").anyMatch(c -> c.startsWith("integrity"));
    }

    @Test
    void turnedOffProofsDoNotRunAndTheReportHasNone() {
        VerificationOutcome outcome = verification.run(plan(Baselines.none(), ProofSettings.none()),
                backups("backup", Optional.empty()));

        assertThat(outcome.proofs()).isEmpty();
        assertThat(outcome.schema()).isEmpty();
        assertThat(calls).noneMatch(c -> c.startsWith("fingerprint") || c.startsWith("integrity")
                || c.startsWith("full-read"));
    }

    @Test
    void noProofRunsWhenTheDrillStoppedBeforeADatabaseExisted() {
        backups = List.of();

        VerificationOutcome outcome = verification.run(plan(Baselines.none()),
                backups("backup", Optional.empty()));

        assertThat(outcome.abortedBy()).containsInstanceOf(NoBackupFoundException.class);
        assertThat(outcome.proofs()).isEmpty();
        assertThat(outcome.report("d-1", NOW, 0, NOW, Optional.empty()).proofs()).isEmpty();
    }

    @Test
    void aBackupThatDoesNotLoadStopsTheProofButItsDatabaseIsStillTornDown() {
        restoreFailure = new RestoreFailedException("line 12: relation \"no_such_table\" does not exist");
        checkVerdict = Verdict.FAILED;

        VerificationOutcome outcome = verification.run(plan(Baselines.none()),
                backups("backup", Optional.empty()));

        assertThat(outcome.abortedBy()).containsSame(restoreFailure);
        assertThat(outcome.failures()).containsExactly("line 12: relation \"no_such_table\" does not exist");
        assertThat(outcome.checks()).isEmpty();
        assertThat(outcome.restore()).isEmpty();
        assertThat(outcome.loadedAt()).isEmpty();
        assertThat(calls).last().isEqualTo("close restore_drill_1");
    }

    @Test
    void theFailureTextsNameTheBackupAsThePathCallsIt() {
        backups = List.of();
        VerificationOutcome none = verification.run(plan(Baselines.none()),
                backups("dump", Optional.of("RDS instance rd-1 (db.example:5432/postgres)")));

        assertThat(none.abortedBy()).containsInstanceOf(NoBackupFoundException.class);
        assertThat(none.failureReason().orElseThrow())
                .isEqualTo("no dump found in fake source (looked for *.sql, *.sql.gz, *.sql.zst, *.sql.lz4, *.sql.bz2,"
                        + " *.sql.xz, *.dump, *.tar and toc.dat files)");
        assertThat(none.target()).as("the server, for a report written before any database exists")
                .contains("RDS instance rd-1 (db.example:5432/postgres)");

        backups = List.of(OLDER, backup("orders-2026-11-26T030000Z.sql.gz", 0, NEWEST.timestamp()));
        assertThat(verification.run(plan(Baselines.none()), backups("dump", Optional.empty()))
                .failureReason().orElseThrow()).isEqualTo("newest dump fake://orders-2026-11-26T030000Z.sql.gz is"
                + " empty (0 bytes); older dumps are not tried in its place");
        assertThat(calls).doesNotContain("create 15");
    }

    @Test
    void aBackupOlderThanAllowedStopsTheDrillBeforeAnyDatabaseIsCreated() {
        VerificationOutcome outcome = verification.run(plan(Baselines.none()),
                new Subject.Backups(new Source(), "backup", Optional.of(Duration.ofMinutes(90)), new Restorer(),
                        new Databases(), RestoreProgress.NONE, Optional.empty()));

        assertThat(outcome.abortedBy()).containsInstanceOf(BackupTooOldException.class);
        assertThat(outcome.failureReason().orElseThrow()).isEqualTo("newest backup fake://" + NEWEST.name()
                + " is 2h 0m old, older than the allowed 1h 30m (taken 2026-11-26T03:00:00Z)");
        assertThat(outcome.backup()).as("still reported").isPresent();
        assertThat(outcome.target()).isEmpty();
        assertThat(calls).containsExactly("list");
    }

    @Test
    void anUnforeseenFailureStopsTheDrillAndComesFirstBeforeWhatWasFoundEarlier() {
        checkVerdict = Verdict.FAILED;
        IllegalStateException bug = new IllegalStateException("boom");
        Baselines broken = new Baselines() {
            @Override
            public Optional<Baseline> find() {
                throw bug;
            }

            @Override
            public String cite(Baseline baseline) {
                return "";
            }
        };

        VerificationOutcome outcome = verification.run(plan(broken), backups("backup", Optional.empty()));

        assertThat(outcome.abortedBy()).containsSame(bug);
        assertThat(outcome.failures()).containsExactly("unexpected IllegalStateException: boom",
                "check orders failed: value 90 does not satisfy >= 100");
    }

    @Test
    void aDatabaseThatCannotBeTornDownFailsTheDrillNamingIt() {
        teardownFailure = new TemporaryDatabaseException("cannot drop temporary database restore_drill_1");

        VerificationOutcome outcome = verification.run(plan(Baselines.none()),
                backups("backup", Optional.empty()));

        assertThat(outcome.abortedBy()).isEmpty();
        assertThat(outcome.failureReason()).contains("temporary database fake database restore_drill_1 could not be"
                + " torn down: cannot drop temporary database restore_drill_1");
    }

    @Test
    void shrinkageIsJudgedAgainstTheBaselineAndCitedAsItsSourceNamesIt() {
        Baseline yesterday = new Baseline("yesterday.json", Map.of("public.orders", 100L, "public.gone", 3L));
        VerificationOutcome given = verification.run(plan(Baselines.given(Optional.of(yesterday))),
                backups("backup", Optional.empty()));

        assertThat(given.shrinkage()).extracting(s -> s.table()).containsExactly("public.gone");
        assertThat(given.failureReason()).contains("public.gone (3 rows in the baseline) is missing against"
                + " baseline yesterday.json");

        Baseline lastPass = new Baseline("s3://reports/orders/latest.json", Map.of("public.orders", 200L));
        VerificationOutcome stored = verification.run(
                plan(Baselines.lastPassingReport(new Reports(lastPass), "orders")),
                backups("dump", Optional.empty()));

        assertThat(stored.failureReason()).contains("public.orders shrank from 200 to 90 rows (-55.0%) since the"
                + " last passing drill (s3://reports/orders/latest.json)");
    }

    @Test
    void freshnessRunsAfterTheChecksAndBeforeTheFingerprintAgainstTheSnapshotsCreationTime() {
        ProofSettings proofs = ProofSettings.localDefaults().withFreshness(List.of(
                new io.restoredrill.core.domain.FreshnessRequirement("orders", "placed_at", Duration.ofHours(26),
                        Duration.ofSeconds(30))));

        VerificationOutcome outcome = verification.run(plan(Baselines.none(), proofs),
                new Subject.Restored("RDS snapshot s1 (manual) of orders-prod", "RDS instance rd-1 (server)",
                        () -> new Subject.Located(SERVER.withDatabase("orders"), "RDS instance rd-1 (orders)"),
                        Optional.of(Instant.parse("2026-11-26T04:00:00Z"))));

        assertThat(calls.subList(0, 4)).containsExactly("count orders", "check orders on orders",
                "newest orders.placed_at on orders", "fingerprint orders within PT1M");
        assertThat(outcome.proofs().get(0).name()).isEqualTo("freshness");
        // The value is 02:00, the snapshot was created at 04:00: two hours behind.
        assertThat(outcome.freshness()).singleElement().satisfies(p -> {
            assertThat(p.lagHours()).contains(2.0);
            assertThat(p.backupTakenAt()).contains(Instant.parse("2026-11-26T04:00:00Z"));
        });
        assertThat(outcome.report("x", NOW, 0, NOW, Optional.empty()).freshness()).isEqualTo(outcome.freshness());
    }

    @Test
    void aDumpsFreshnessIsMeasuredAgainstItsTimestampAndAStaleOneFailsTheDrill() {
        newestValue = new io.restoredrill.core.domain.NewestValue.Found("public.orders.placed_at",
                "timestamp with time zone", Instant.parse("2026-11-25T00:00:00Z"));
        ProofSettings proofs = ProofSettings.none().withFreshness(List.of(
                new io.restoredrill.core.domain.FreshnessRequirement("orders", "placed_at", Duration.ofHours(26),
                        Duration.ofSeconds(30))));

        VerificationOutcome outcome = verification.run(plan(Baselines.none(), proofs),
                backups("backup", Optional.empty()));

        // NEWEST was taken at 2026-11-26T03:00Z: 27 hours after the newest order.
        assertThat(outcome.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(outcome.freshness().get(0).lagHours()).contains(27.0);
        assertThat(outcome.failures()).singleElement().asString().startsWith("proof freshness failed: 1 of 1 not fresh");
    }

    @Test
    void aRestoredDatabaseIsProvenWhereTheLocatorFindsItAndIsNotTornDown() {
        VerificationOutcome outcome = verification.run(plan(Baselines.none()),
                new Subject.Restored("RDS snapshot s1 (manual) of orders-prod", "RDS instance rd-1 (server)",
                        () -> new Subject.Located(SERVER.withDatabase("orders"), "RDS instance rd-1 (orders)")));

        assertThat(outcome.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(outcome.source()).isEqualTo("RDS snapshot s1 (manual) of orders-prod");
        assertThat(outcome.target()).contains("RDS instance rd-1 (orders)");
        assertThat(outcome.backup()).isEmpty();
        assertThat(calls.subList(0, 3)).containsExactly("count orders", "check orders on orders",
                "fingerprint orders within PT1M");
        assertThat(calls.subList(3, calls.size())).containsExactlyInAnyOrder("integrity orders within PT10M",
                "full-read orders within PT10M, PT2M per table");
    }

    @Test
    void aLocatorThatCannotTellWhichDatabaseToProveFailsTheDrillBeforeAnyCheck() {
        VerificationOutcome outcome = verification.run(plan(Baselines.none()),
                new Subject.Restored("RDS snapshots of orders-prod", "RDS instance rd-1 (server)", () -> {
                    throw new AmbiguousDatabaseException("the restored instance holds 2 databases (a, b)");
                }));

        assertThat(outcome.abortedBy()).containsInstanceOf(AmbiguousDatabaseException.class);
        assertThat(outcome.failures()).containsExactly("the restored instance holds 2 databases (a, b)");
        assertThat(outcome.target()).contains("RDS instance rd-1 (server)");
        assertThat(calls).isEmpty();
    }

    @Test
    void theReportCarriesWhatTheOutcomeFoundWithThePathsOwnIdAndTimes() {
        VerificationOutcome outcome = verification.run(plan(Baselines.none()),
                backups("backup", Optional.empty()));

        DrillReport report = outcome.report("exec-1", NOW.minusSeconds(60), 42, NOW, Optional.empty());

        assertThat(report.drillId()).isEqualTo("exec-1");
        assertThat(report.drillName()).isEqualTo("orders");
        assertThat(report.source()).isEqualTo("fake source");
        assertThat(report.backup().orElseThrow().name()).isEqualTo(NEWEST.name());
        assertThat(report.backup().orElseThrow().ageHours()).isEqualTo(2.0);
        assertThat(report.timings().restoreMillis()).isEqualTo(42);
        assertThat(report.timings().totalMillis()).isEqualTo(60_000);
        assertThat(report.tables()).isEqualTo(outcome.tables());
        assertThat(report.checks()).isEqualTo(outcome.checks());
    }

    private static Verification.Plan plan(Baselines baselines) {
        return plan(baselines, ProofSettings.localDefaults());
    }

    private static Verification.Plan plan(Baselines baselines, ProofSettings proofs) {
        return new Verification.Plan("orders", List.of(ORDERS), 0.10, baselines, proofs);
    }

    private Subject.Backups backups(String noun, Optional<String> server) {
        return new Subject.Backups(new Source(), noun, Optional.empty(), new Restorer(), new Databases(),
                RestoreProgress.NONE, server);
    }

    private static BackupRef backup(String name, long size, Instant taken) {
        return new BackupRef("fake://" + name, name, size, taken, BackupRef.TimestampSource.FILE_NAME,
                BackupFormat.ofFileName(name).orElseThrow());
    }

    private final class Source implements BackupSource {
        @Override
        public String describe() {
            return "fake source";
        }

        @Override
        public List<BackupRef> list() {
            calls.add("list");
            return backups;
        }

        @Override
        public InputStream open(BackupRef backup) {
            calls.add("open " + backup.name());
            return new ByteArrayInputStream(new byte[0]);
        }
    }

    private final class Restorer implements BackupRestorer {
        @Override
        public Optional<Integer> dumpedFromMajorVersion(BackupRef backup, InputStream dumpHead) {
            calls.add("version " + backup.name());
            return Optional.of(15);
        }

        @Override
        public RestoreStats restore(BackupRef backup, InputStream dump, DatabaseEndpoint target,
                                    RestoreProgress progress) {
            calls.add("restore " + backup.name() + " into " + target.database());
            if (restoreFailure != null) {
                throw restoreFailure;
            }
            return new RestoreStats(1_000, 90, 3);
        }
    }

    private final class Databases implements TemporaryDatabaseProvider {
        @Override
        public TemporaryDatabase create(Optional<Integer> dumpMajorVersion) {
            calls.add("create " + dumpMajorVersion.orElse(0));
            return new TemporaryDatabase() {
                @Override
                public DatabaseEndpoint endpoint() {
                    return SERVER.withDatabase("restore_drill_1");
                }

                @Override
                public String describe() {
                    return "fake database restore_drill_1";
                }

                @Override
                public int serverMajorVersion() {
                    return 15;
                }

                @Override
                public void close() {
                    calls.add("close restore_drill_1");
                    if (teardownFailure != null) {
                        throw teardownFailure;
                    }
                }
            };
        }
    }

    private final class Inspector implements DatabaseInspector {
        @Override
        public List<TableRowCount> countRows(DatabaseEndpoint database) {
            calls.add("count " + database.database());
            if (countFailure != null) {
                throw countFailure;
            }
            return tables;
        }

        @Override
        public CheckResult run(HealthCheck check, DatabaseEndpoint database) {
            calls.add("check " + check.name() + " on " + database.database());
            return new CheckResult(check.name(), check.sql(),
                    checkVerdict == Verdict.PASSED ? Optional.empty() : Optional.of(">= 100"), Optional.of("90"),
                    checkVerdict, Optional.empty(), 1);
        }
    }

    /** Waits for the other proof to have started; records it when it never does (the proofs ran one after the other). */
    private void awaitQuietly(java.util.concurrent.CountDownLatch other) {
        try {
            if (!other.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                unmet.add("the other proof did not start while this one ran");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unmet.add("interrupted");
        }
    }

    private final class Proofs implements DatabaseProofs {
        @Override
        public DatabaseProof integrity() {
            return new DatabaseProof() {
                @Override
                public String name() {
                    return "integrity";
                }

                @Override
                public ProofResult run(DatabaseEndpoint database, Duration budget) {
                    calls.add("integrity " + database.database() + " within " + budget);
                    integrityStarted.countDown();
                    if (integrityWaitsForTheFullRead) {
                        awaitQuietly(fullReadStarted);
                    }
                    return integrityResult;
                }
            };
        }

        @Override
        public DatabaseProof fullRead(Duration perTableBudget) {
            return new DatabaseProof() {
                @Override
                public String name() {
                    return "full-read";
                }

                @Override
                public ProofResult run(DatabaseEndpoint database, Duration budget) {
                    calls.add("full-read " + database.database() + " within " + budget + ", " + perTableBudget
                            + " per table");
                    fullReadStarted.countDown();
                    if (integrityWaitsForTheFullRead) {
                        awaitQuietly(integrityStarted);
                    }
                    return fullReadResult;
                }
            };
        }

        @Override
        public SchemaFingerprinter fingerprinter() {
            return (database, budget) -> {
                calls.add("fingerprint " + database.database() + " within " + budget);
                if (schemaFailure != null) {
                    throw schemaFailure;
                }
                return restoredSchema;
            };
        }

        @Override
        public io.restoredrill.core.port.NewestValueReader newestValues() {
            return (database, requirement) -> {
                calls.add("newest " + requirement.describe() + " on " + database.database());
                return newestValue;
            };
        }
    }

    private final class CountingBaselines implements Baselines {
        @Override
        public Optional<Baseline> find() {
            calls.add("baseline");
            return Optional.of(new Baseline("b", Map.of("public.orders", 1_000L)));
        }

        @Override
        public String cite(Baseline baseline) {
            return "against " + baseline.origin();
        }
    }

    private record Reports(Baseline latest) implements ReportStore {
        @Override
        public String store(DrillReport report, String executionId) {
            throw new UnsupportedOperationException("the pipeline stores no report");
        }

        @Override
        public Optional<Baseline> latestBaseline(String drillName) {
            return Optional.of(latest);
        }
    }
}
