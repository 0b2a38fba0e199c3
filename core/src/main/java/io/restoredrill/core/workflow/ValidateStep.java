package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.GuardrailAudit;
import io.restoredrill.core.domain.ShrinkageCheck;
import io.restoredrill.core.domain.TableShrinkage;

import io.restoredrill.core.domain.NewestBackup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.restoredrill.core.adapter.config.DrillSpecFile;
import io.restoredrill.core.adapter.source.S3Location;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupTooOldException;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.DrillException;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.NoBackupFoundException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.BackupRestorer;
import io.restoredrill.core.port.BackupSource;
import io.restoredrill.core.port.DatabaseCredentials;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.DatabaseInspector;
import io.restoredrill.core.port.DrillMetrics;
import io.restoredrill.core.port.ReportStore;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The validate step of the AWS path: connect to the temporary instance with the secret RDS manages for it, load
 * the newest dump first when the drill's backups are S3 dumps, count the rows of every table, run the drill's
 * checks (read-only, each under its own timeout), store the report and publish the metrics.
 *
 * <p>What ends in a verdict and what throws:
 * <ul>
 *   <li>What validation finds in the restored data is a verdict, returned in {@code state.validation}: a failed
 *       or timed-out check, an unreadable table, an instance holding several candidate databases. The report and
 *       metrics are written; the state machine's Choice routes a FAILED verdict to cleanup.</li>
 *   <li>A problem with the backup of an S3-dump drill (none found, too old, empty, does not load) throws its
 *       {@link DrillException} after the FAILED report and metrics are written, so the state machine's Catch
 *       sees the type by name and the failure is still in the reports bucket.</li>
 *   <li>Not reaching the instance (no instance in the state, no secret, connection refused) throws a
 *       {@link TemporaryDatabaseException} without report or metrics: it may be passing, and a retry must not
 *       leave a FAILED drill behind.</li>
 * </ul>
 *
 * <p>RestoreSeconds (report timings, {@code state.validation.restoreMillis}, metric) is the time from the restore
 * request to a usable database: to the start of validation for a snapshot (the instance became available just
 * before), to the end of the load for a dump. The request time is the instance's {@code expiresAt} minus the
 * spec's time-to-live, which is how the restore step computes it; when that gives no plausible time, a dump
 * drill falls back to its load time and a snapshot drill leaves RestoreSeconds out.
 */
public final class ValidateStep {

    private static final Logger log = LoggerFactory.getLogger(ValidateStep.class);

    /** Every RDS for PostgreSQL instance has it: catalog queries and CREATE DATABASE connect to it. */
    public static final String MAINTENANCE_DATABASE = "postgres";

    // rdsadmin is RDS's own database on every instance, not the user's data.
    private static final String LIST_DATABASES = """
            SELECT coalesce(json_agg(datname ORDER BY datname), '[]')::text
            FROM pg_catalog.pg_database
            WHERE NOT datistemplate AND datname <> 'rdsadmin'
            """;

    /**
     * How an S3-dump drill fills its blank instance.
     *
     * @param restorer  loads a dump into a database
     * @param sources   the dumps under an S3 prefix
     * @param databases creates the database the dump is loaded into, on the instance whose maintenance database
     *                  is given: a new one per attempt, so a retried step never loads into a half-filled database
     */
    public record DumpLoading(BackupRestorer restorer, Function<S3Location, BackupSource> sources,
                              Function<DatabaseEndpoint, TemporaryDatabaseProvider> databases) {
        public DumpLoading {
            Objects.requireNonNull(restorer, "restorer");
            Objects.requireNonNull(sources, "sources");
            Objects.requireNonNull(databases, "databases");
        }
    }

    private final DatabaseCredentials credentials;
    private final DatabaseInspector inspector;
    private final ReportStore reports;
    private final DrillMetrics metrics;
    private final DumpLoading dumps;
    private final Clock clock;
    private final boolean requireTls;
    private final Optional<java.nio.file.Path> rootCertificate;

    /** Connects over TLS with a verified server certificate, as RDS needs. */
    public ValidateStep(DatabaseCredentials credentials, DatabaseInspector inspector, ReportStore reports,
                        DrillMetrics metrics, DumpLoading dumps, Clock clock) {
        this(credentials, inspector, reports, metrics, dumps, clock, true);
    }

    /**
     * @param requireTls false only where a local server stands in for the instance (tests); RDS is always
     *                   reached over verified TLS
     */
    public ValidateStep(DatabaseCredentials credentials, DatabaseInspector inspector, ReportStore reports,
                        DrillMetrics metrics, DumpLoading dumps, Clock clock, boolean requireTls) {
        this(credentials, inspector, reports, metrics, dumps, clock, requireTls, Optional.empty());
    }

    /**
     * @param rootCertificate the CA bundle (PEM) that verifies the instance's certificate: Amazon RDS's CAs are
     *                        in no default trust store
     */
    public ValidateStep(DatabaseCredentials credentials, DatabaseInspector inspector, ReportStore reports,
                        DrillMetrics metrics, DumpLoading dumps, Clock clock, boolean requireTls,
                        Optional<java.nio.file.Path> rootCertificate) {
        this.rootCertificate = Objects.requireNonNull(rootCertificate, "rootCertificate");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.dumps = Objects.requireNonNull(dumps, "dumps");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.requireTls = requireTls;
    }

    /**
     * Validates the restored instance of {@code state} and returns the state with {@code validation} (and, for an
     * S3-dump drill, {@code backup}) set.
     *
     * @throws io.restoredrill.core.domain.InvalidConfigurationException when the state's drill spec is invalid
     * @throws TemporaryDatabaseException when the instance cannot be reached (see the class comment)
     * @throws DrillException             for an S3-dump drill whose dump is missing, too old or does not load
     */
    public DrillState validate(DrillState state) {
        DrillSpec spec = DrillSpecFile.parse(state.drill(), "drill spec");
        DrillState.Instance instance = reachableInstance(state);
        Instant started = clock.instant();
        DrillState.Endpoint address = instance.endpoint().orElseThrow();
        DatabaseCredentials.Credentials login = credentials.fromSecret(instance.secretArn().orElseThrow());
        DatabaseEndpoint server = new DatabaseEndpoint(address.host(), address.port(), MAINTENANCE_DATABASE,
                login.username(), Optional.of(login.password()), requireTls, rootCertificate);
        Run run = new Run(spec, state, instance, started);
        return switch (spec.source()) {
            case DrillSpec.RdsSnapshots snapshots -> run.snapshot(snapshots, server);
            case DrillSpec.S3Dumps s3 -> run.dump(s3, server);
        };
    }

    private static DrillState.Instance reachableInstance(DrillState state) {
        DrillState.Instance instance = state.instance().orElseThrow(() -> new TemporaryDatabaseException(
                "the state document has no instance: the restore step must create it before validate runs"));
        if (instance.status() != InstanceStatus.AVAILABLE) {
            throw new TemporaryDatabaseException("temporary instance " + instance.id() + " is " + instance.status()
                    + " (RDS status " + instance.rdsStatus() + "), not available: validate runs only after the"
                    + " status poll saw it available");
        }
        if (instance.endpoint().isEmpty()) {
            throw new TemporaryDatabaseException("temporary instance " + instance.id()
                    + " has no endpoint in the state document");
        }
        if (instance.secretArn().isEmpty()) {
            throw new TemporaryDatabaseException("temporary instance " + instance.id() + " has no secretArn in the"
                    + " state document: it must be created with ManageMasterUserPassword");
        }
        return instance;
    }

    /** One validation while it runs. */
    private final class Run {
        private final DrillSpec spec;
        private final DrillState state;
        private final DrillState.Instance instance;
        private final Instant started;
        private Optional<DrillState.Backup> backup;
        private Optional<BackupRef> dump = Optional.empty();
        private String source = "";
        private Optional<String> target = Optional.empty();
        private Optional<RestoreStats> restoreStats = Optional.empty();
        private Optional<Instant> dataReadyAt = Optional.empty();
        private long loadMillis;
        private long checksMillis;
        private final List<CheckResult> checks = new ArrayList<>();
        private List<TableRowCount> tables = List.of();
        private List<TableShrinkage> shrinkage = List.of();
        private final List<String> failures = new ArrayList<>();

        Run(DrillSpec spec, DrillState state, DrillState.Instance instance, Instant started) {
            this.spec = spec;
            this.state = state;
            this.instance = instance;
            this.started = started;
            this.backup = state.backup();
        }

        DrillState snapshot(DrillSpec.RdsSnapshots snapshots, DatabaseEndpoint server) {
            source = backup.map(b -> "RDS snapshot " + b.identifier() + " (" + b.type() + ") of "
                            + snapshots.dbInstanceIdentifier())
                    .orElse("RDS snapshots of " + snapshots.dbInstanceIdentifier());
            target = Optional.of(describe(server));
            // The instance became available just before this step started.
            dataReadyAt = Optional.of(started);
            chooseDatabase(server).ifPresent(database -> {
                DatabaseEndpoint restored = server.withDatabase(database);
                target = Optional.of(describe(restored));
                inspect(restored);
            });
            return finish();
        }

        DrillState dump(DrillSpec.S3Dumps s3, DatabaseEndpoint server) {
            BackupSource dumpSource = dumps.sources().apply(new S3Location(s3.bucket(), s3.prefix()));
            source = dumpSource.describe();
            target = Optional.of(describe(server));
            try {
                BackupRef newest = chooseDump(dumpSource);
                Optional<Integer> dumpVersion = dumpVersion(dumpSource, newest);
                // Not dropped afterwards: cleanup deletes the whole instance, and dropping first would only cost time.
                TemporaryDatabase database = dumps.databases().apply(server).create(dumpVersion);
                target = Optional.of(describe(database.endpoint()));
                load(dumpSource, newest, database.endpoint());
                dataReadyAt = Optional.of(clock.instant());
                inspect(database.endpoint());
            } catch (NoBackupFoundException | BackupTooOldException | BackupUnusableException
                     | RestoreFailedException e) {
                failures.add(0, e.getMessage());
                try {
                    finish();
                } catch (RuntimeException reportFailure) {
                    e.addSuppressed(reportFailure);
                }
                throw e;
            }
            return finish();
        }

        /**
         * The database to check on a restored snapshot: the one database besides {@code postgres}, else
         * {@code postgres} itself. Several candidates fail the drill, listing them.
         */
        private Optional<String> chooseDatabase(DatabaseEndpoint server) {
            if (spec.database().isPresent()) {
                return spec.database();
            }
            // Through the inspector: read-only, under a timeout, and a connection failure comes back as a result.
            Duration timeout = spec.checks().stream().map(HealthCheck::timeout).max(Comparator.naturalOrder())
                    .filter(longest -> longest.compareTo(HealthCheck.DEFAULT_TIMEOUT) > 0)
                    .orElse(HealthCheck.DEFAULT_TIMEOUT);
            CheckResult listing = inspector.run(
                    new HealthCheck("list databases", LIST_DATABASES, Optional.empty(), timeout), server);
            if (!listing.passed()) {
                throw new TemporaryDatabaseException("cannot list the databases of temporary instance "
                        + instance.id() + " (" + server.describe() + "): " + listing.error().orElse("unknown error"));
            }
            List<String> names = databaseNames(listing.value().orElse("[]"));
            List<String> candidates = names.stream().filter(name -> !name.equals(MAINTENANCE_DATABASE)).toList();
            if (candidates.size() == 1) {
                return Optional.of(candidates.get(0));
            }
            if (candidates.isEmpty()) {
                return Optional.of(MAINTENANCE_DATABASE);
            }
            failures.add("the restored instance holds " + candidates.size() + " databases ("
                    + String.join(", ", candidates) + ") and restore-drill checks exactly one; name it with"
                    + " \"database:\" in the drill spec");
            return Optional.empty();
        }

        private static List<String> databaseNames(String json) {
            try {
                return StateJson.mapper().readValue(json, new TypeReference<List<String>>() { });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the database list is not a JSON array of names", e); // a bug
            }
        }

        private BackupRef chooseDump(BackupSource dumpSource) {
            BackupRef newest = NewestBackup.of(dumpSource.list()).orElseThrow(() ->
                    new NoBackupFoundException("no dump found in " + dumpSource.describe() + " (looked for "
                            + NewestBackup.knownSuffixes() + " files)"));
            Instant now = clock.instant();
            Duration age = newest.ageAt(now);
            dump = Optional.of(newest);
            backup = Optional.of(new DrillState.Backup("s3-dump", newest.name(), newest.location(),
                    newest.format().name().toLowerCase(Locale.ROOT).replace('_', '-'), newest.timestamp(),
                    hours(age), true, Optional.of(newest.sizeBytes())));
            log.info("newest dump: {} ({} bytes, taken {}, {} old)", newest.location(), newest.sizeBytes(),
                    newest.timestamp(), NewestBackup.human(age));
            if (newest.sizeBytes() == 0) {
                throw new BackupUnusableException("newest dump " + newest.location()
                        + " is empty (0 bytes); older dumps are not tried in its place");
            }
            spec.maxBackupAge().ifPresent(maxAge -> {
                if (age.compareTo(maxAge) > 0) {
                    throw new BackupTooOldException("newest dump " + newest.location() + " is " + NewestBackup.human(age)
                            + " old, older than the allowed " + NewestBackup.human(maxAge) + " (taken " + newest.timestamp() + ")");
                }
            });
            return newest;
        }

        private Optional<Integer> dumpVersion(BackupSource dumpSource, BackupRef newest) {
            try (InputStream head = dumpSource.open(newest)) {
                return dumps.restorer().dumpedFromMajorVersion(newest, head);
            } catch (IOException e) {
                throw new BackupUnusableException("cannot read " + newest.location() + ": " + e.getMessage(), e);
            }
        }

        private void load(BackupSource dumpSource, BackupRef newest, DatabaseEndpoint database) {
            long startedNanos = System.nanoTime();
            try (InputStream in = dumpSource.open(newest)) {
                restoreStats = Optional.of(dumps.restorer().restore(newest, in, database, RestoreProgress.NONE));
            } catch (IOException e) {
                throw new BackupUnusableException("cannot read " + newest.location() + ": " + e.getMessage(), e);
            } finally {
                loadMillis = millisSince(startedNanos);
            }
            log.info("loaded {} into {} in {} ms", newest.name(), database.describe(), loadMillis);
        }

        private void inspect(DatabaseEndpoint database) {
            long startedNanos = System.nanoTime();
            try {
                try {
                    tables = inspector.countRows(database);
                    log.info("{} tables counted in {}", tables.size(), database.describe());
                } catch (RestoreFailedException e) {
                    // A table the restore left unreadable is a finding; the checks may still tell more.
                    failures.add(e.getMessage());
                }
                for (HealthCheck check : spec.checks()) {
                    CheckResult result = inspector.run(check, database);
                    log.info("check {}: {} (value {}{})", check.name(), result.verdict(),
                            result.value().orElse("none"), result.error().map(e -> ", " + e).orElse(""));
                    checks.add(result);
                }
            } finally {
                checksMillis = millisSince(startedNanos);
            }
            checks.stream().filter(c -> !c.passed()).forEach(c -> failures.add("check " + c.name() + " failed: "
                    + c.error().orElseGet(() -> "value " + c.value().orElse("(no row)")
                    + " does not satisfy " + c.expected().orElse("?"))));
            compareWithLastPass();
        }

        /** Silent data loss: a table that lost more than maxShrink of its rows since the last passing drill. */
        private void compareWithLastPass() {
            if (tables.isEmpty()) {
                return; // nothing was counted: comparing would call every table "missing" and hide the real cause
            }
            reports.latestBaseline(spec.name()).ifPresent(baseline -> {
                shrinkage = ShrinkageCheck.findShrunkTables(baseline, tables, spec.maxShrink());
                shrinkage.forEach(s -> failures.add(s.describe() + " since the last passing drill ("
                        + baseline.origin() + ")"));
            });
        }

        DrillState finish() {
            Instant now = clock.instant();
            Verdict verdict = failures.isEmpty() ? Verdict.PASSED : Verdict.FAILED;
            Optional<String> reason = failures.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", failures));
            Optional<Instant> requestedAt = restoreRequestedAt();
            OptionalDouble restoreSeconds = restoreSeconds(requestedAt);
            long restoreMillis = restoreSeconds.isPresent() ? Math.round(restoreSeconds.getAsDouble() * 1000) : 0;
            Instant startedAt = requestedAt.orElse(started);
            int checksFailed = (int) checks.stream().filter(c -> !c.passed()).count();

            DrillReport report = new DrillReport(state.executionId(), spec.name(), verdict, reason, source,
                    dump.map(b -> summary(b, now)), target, startedAt,
                    new DrillReport.Timings(restoreMillis, checksMillis,
                            Math.max(0, Duration.between(startedAt, now).toMillis())),
                    restoreStats, checks, tables, shrinkage, state.audit().map(a -> new GuardrailAudit(
                            a.productionInstance(), a.productionInstanceExists(), a.deletionProtection(),
                            a.newestIndependentBackupAgeHours(), a.onlyAutomatedBackups(), a.findings())));
            String location = reports.store(report, state.executionId());
            metrics.publish(spec.name(), report.passed(), restoreSeconds,
                    backup.map(b -> OptionalDouble.of(b.ageHours())).orElseGet(OptionalDouble::empty), checksFailed);
            log.info("drill {}: {}{}", spec.name(), verdict, reason.map(r -> " (" + r + ")").orElse(""));

            DrillState result = dump.isPresent() ? state.withBackup(backup.orElseThrow()) : state;
            return result.withValidation(new DrillState.Validation(verdict.name(), reason, Optional.of(location),
                    checks.size() - checksFailed, checksFailed, tables.size(), restoreMillis));
        }

        /** When the restore was requested: the restore step sets expiresAt to that moment plus the time-to-live. */
        private Optional<Instant> restoreRequestedAt() {
            Instant requested = instance.expiresAt().minus(spec.target().timeToLive());
            boolean plausible = !requested.isAfter(started)
                    && Duration.between(requested, started).compareTo(spec.target().timeToLive()) <= 0;
            return plausible ? Optional.of(requested) : Optional.empty();
        }

        private OptionalDouble restoreSeconds(Optional<Instant> requestedAt) {
            if (dataReadyAt.isEmpty()) {
                return OptionalDouble.empty(); // the data never became usable: there is no restore time
            }
            if (requestedAt.isPresent()) {
                return OptionalDouble.of(Duration.between(requestedAt.get(), dataReadyAt.get()).toMillis() / 1000.0);
            }
            return dump.isPresent() ? OptionalDouble.of(loadMillis / 1000.0) : OptionalDouble.empty();
        }

        private String describe(DatabaseEndpoint endpoint) {
            return "RDS instance " + instance.id() + " (" + endpoint.host() + ":" + endpoint.port() + "/"
                    + endpoint.database() + ")";
        }
    }

    private static DrillReport.BackupSummary summary(BackupRef b, Instant now) {
        return new DrillReport.BackupSummary(b.location(), b.name(), b.sizeBytes(), b.timestamp(),
                b.timestampSource(), b.format(), hours(b.ageAt(now)));
    }

    private static double hours(Duration age) {
        return io.restoredrill.core.domain.Hours.of(age);
    }

    private static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
