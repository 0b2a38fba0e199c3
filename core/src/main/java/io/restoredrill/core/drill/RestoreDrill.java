package io.restoredrill.core.drill;

import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupTooOldException;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.DrillException;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.NewestBackup;
import io.restoredrill.core.domain.NoBackupFoundException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.domain.ShrinkageCheck;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.TableShrinkage;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.BackupRestorer;
import io.restoredrill.core.port.BackupSource;
import io.restoredrill.core.port.DatabaseInspector;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.port.TemporaryDatabase;
import io.restoredrill.core.port.TemporaryDatabaseProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The drill: take the newest backup, restore it into a temporary database, prove it holds what it should,
 * and destroy the temporary database again, whatever happened.
 *
 * <p>Every failure of the drill itself ends up in the returned report as a FAILED verdict; the temporary
 * database is torn down before this method returns, on success and on every failure.
 */
public final class RestoreDrill {

    private static final Logger log = LoggerFactory.getLogger(RestoreDrill.class);

    private final BackupSource source;
    private final TemporaryDatabaseProvider databases;
    private final BackupRestorer restorer;
    private final DatabaseInspector inspector;
    private final RestoreProgress progress;
    private final Clock clock;

    public RestoreDrill(BackupSource source, TemporaryDatabaseProvider databases, BackupRestorer restorer,
                        DatabaseInspector inspector, RestoreProgress progress, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.databases = Objects.requireNonNull(databases, "databases");
        this.restorer = Objects.requireNonNull(restorer, "restorer");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public DrillReport run(DrillCommand command) {
        Run run = new Run(command, UUID.randomUUID().toString(), clock.instant());
        try {
            run.execute();
        } catch (DrillException e) {
            log.debug("drill failed", e);
            run.fail(e.getMessage());
        } catch (RuntimeException e) {
            // Not a failure we foresaw, but still a failed drill: report it rather than lose the report.
            log.warn("drill failed unexpectedly", e);
            run.fail("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return run.report();
    }

    /** The state of one drill while it runs. */
    private final class Run {
        private final DrillCommand command;
        private final String drillId;
        private final Instant startedAt;
        private Optional<BackupRef> backup = Optional.empty();
        private Optional<String> target = Optional.empty();
        private Optional<RestoreStats> restoreStats = Optional.empty();
        private final List<CheckResult> checks = new ArrayList<>();
        private List<TableRowCount> tables = List.of();
        private List<TableShrinkage> shrinkage = List.of();
        private final List<String> failures = new ArrayList<>();
        private long restoreMillis;
        private long checksMillis;

        Run(DrillCommand command, String drillId, Instant startedAt) {
            this.command = command;
            this.drillId = drillId;
            this.startedAt = startedAt;
        }

        void execute() {
            BackupRef newest = chooseBackup();
            Optional<Integer> dumpVersion = readDumpVersion(newest);
            TemporaryDatabase database = databases.create(dumpVersion);
            target = Optional.of(database.describe());
            log.info("temporary database: {}", database.describe());
            try {
                restoreInto(database, newest);
                inspect(database);
            } finally {
                tearDown(database);
            }
        }

        private BackupRef chooseBackup() {
            List<BackupRef> all = source.list();
            BackupRef newest = NewestBackup.of(all).orElseThrow(() -> new NoBackupFoundException(
                    "no backup found in " + source.describe()
                            + " (looked for " + NewestBackup.knownSuffixes() + " files)"));
            backup = Optional.of(newest);
            Duration age = newest.ageAt(clock.instant());
            log.info("newest backup: {} ({} bytes, taken {}, {} old)", newest.location(), newest.sizeBytes(),
                    newest.timestamp(), NewestBackup.human(age));
            if (newest.sizeBytes() == 0) {
                throw new BackupUnusableException("newest backup " + newest.location()
                        + " is empty (0 bytes); older backups are not tried in its place");
            }
            command.maxAge().ifPresent(maxAge -> {
                if (age.compareTo(maxAge) > 0) {
                    throw new BackupTooOldException("newest backup " + newest.location() + " is " + NewestBackup.human(age)
                            + " old, older than the allowed " + NewestBackup.human(maxAge)
                            + " (taken " + newest.timestamp() + ")");
                }
            });
            return newest;
        }

        private Optional<Integer> readDumpVersion(BackupRef newest) {
            try (InputStream head = source.open(newest)) {
                return restorer.dumpedFromMajorVersion(newest, head);
            } catch (IOException e) {
                throw new BackupUnusableException("cannot read " + newest.location() + ": " + e.getMessage(), e);
            }
        }

        private void restoreInto(TemporaryDatabase database, BackupRef newest) {
            long started = System.nanoTime();
            try (InputStream dump = source.open(newest)) {
                restoreStats = Optional.of(restorer.restore(newest, dump, database.endpoint(), progress));
            } catch (IOException e) {
                throw new BackupUnusableException("cannot read " + newest.location() + ": " + e.getMessage(), e);
            } finally {
                restoreMillis = millisSince(started);
                progress.finished();
            }
            log.info("restored {} in {} ms", newest.name(), restoreMillis);
        }

        private void inspect(TemporaryDatabase database) {
            long started = System.nanoTime();
            try {
                tables = inspector.countRows(database.endpoint());
                for (HealthCheck check : command.checks()) {
                    CheckResult result = inspector.run(check, database.endpoint());
                    log.info("check {}: {} (value {})", check.name(), result.verdict(),
                            result.value().orElse("none"));
                    checks.add(result);
                }
                command.baseline().ifPresent(baseline ->
                        shrinkage = ShrinkageCheck.findShrunkTables(baseline, tables, command.maxShrink()));
            } finally {
                checksMillis = millisSince(started);
            }
            checks.stream().filter(c -> !c.passed()).forEach(c -> failures.add("check " + c.name() + " failed: "
                    + c.error().orElseGet(() -> "value " + c.value().orElse("(no row)")
                    + " does not satisfy " + c.expected().orElse("?"))));
            shrinkage.forEach(s -> failures.add(s.describe() + " against baseline "
                    + command.baseline().orElseThrow().origin()));
        }

        private void tearDown(TemporaryDatabase database) {
            try {
                database.close();
                log.info("temporary database torn down");
            } catch (RuntimeException e) {
                failures.add("temporary database " + database.describe() + " could not be torn down: "
                        + e.getMessage());
                log.error("teardown failed", e);
            }
        }

        void fail(String reason) {
            failures.add(0, reason);
        }

        DrillReport report() {
            Instant finished = clock.instant();
            Verdict verdict = failures.isEmpty() ? Verdict.PASSED : Verdict.FAILED;
            Optional<String> reason = failures.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", failures));
            return new DrillReport(drillId, command.drillName(), verdict, reason, source.describe(),
                    backup.map(b -> summary(b, startedAt)), target, startedAt,
                    new DrillReport.Timings(restoreMillis, checksMillis,
                            Math.max(0, Duration.between(startedAt, finished).toMillis())),
                    restoreStats, checks, tables, shrinkage);
        }
    }

    private static DrillReport.BackupSummary summary(BackupRef b, Instant now) {
        return new DrillReport.BackupSummary(b.location(), b.name(), b.sizeBytes(), b.timestamp(),
                b.timestampSource(), b.format(), io.restoredrill.core.domain.Hours.of(b.ageAt(now)));
    }

    private static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
