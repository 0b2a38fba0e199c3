package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.AmbiguousDatabaseException;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupTooOldException;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.DrillException;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.GuardrailAudit;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.NoBackupFoundException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.RestoreTrend;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.domain.VerificationProgress;
import io.restoredrill.core.drill.Baselines;
import io.restoredrill.core.drill.ProvingRound;
import io.restoredrill.core.drill.Subject;
import io.restoredrill.core.drill.Verification;
import io.restoredrill.core.drill.VerificationOutcome;
import io.restoredrill.core.port.BackupRestorer;
import io.restoredrill.core.port.BackupSource;
import io.restoredrill.core.port.DatabaseCredentials;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.DatabaseInspector;
import io.restoredrill.core.port.DatabaseProofs;
import io.restoredrill.core.port.DrillMetrics;
import io.restoredrill.core.port.ProgressStore;
import io.restoredrill.core.port.ReportStore;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.port.RestoreTrendStore;
import io.restoredrill.core.port.TemporaryDatabase;
import io.restoredrill.core.port.TemporaryDatabaseProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The validate step of the AWS path: connect to the temporary instance with the secret RDS manages for it, load
 * the newest dump first when the drill's backups are S3 dumps, count the rows of every table, run the drill's
 * checks (read-only, each under its own timeout), run the proofs (schema fingerprint, integrity, full read, within
 * the spec's budgets), store the report and publish the metrics. The proof itself is
 * {@link Verification}'s, the same the local drill runs; this step hands it the restored instance (or, for dumps,
 * the S3 prefix and a database on the blank instance) and the last passing report as the baseline. A pg_dumpall
 * dump brings its roles and one database per database it holds, which it creates on the instance beside that one
 * ({@link #onTheInstance}); it is proven in the round that loads it.
 *
 * <p>The proofs may take several invocations ({@link #validate(DrillState, Duration)}, README "The state
 * document"): a round proves until its deadline, stores what it found with the {@link ProgressStore} and returns the
 * state with {@code proving}; the state machine invokes the step again, and the round that ends the proofs (or the
 * last, {@link DrillSpec#VALIDATE_ROUNDS}) writes the report.
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

    // rdsadmin is RDS's own database on every instance, not the user's data. Each name hex-encoded (UTF-8), so that
    // the one value a check returns can list names holding any character, commas included.
    private static final String LIST_DATABASES = """
            SELECT coalesce(string_agg(encode(convert_to(datname, 'UTF8'), 'hex'), ',' ORDER BY datname), '')
            FROM pg_catalog.pg_database
            WHERE NOT datistemplate AND datname <> 'rdsadmin'
            """;

    /**
     * How an S3-dump drill fills its blank instance.
     *
     * @param restorer  loads a dump into a database
     * @param sources   the dumps under the spec's S3 prefix
     * @param databases creates the database the dump is loaded into, on the instance whose maintenance database
     *                  is given: a new one per attempt, so a retried step never loads into a half-filled database
     */
    public record DumpLoading(BackupRestorer restorer, Function<DrillSpec.S3Dumps, BackupSource> sources,
                              Function<DatabaseEndpoint, TemporaryDatabaseProvider> databases) {
        public DumpLoading {
            Objects.requireNonNull(restorer, "restorer");
            Objects.requireNonNull(sources, "sources");
            Objects.requireNonNull(databases, "databases");
        }
    }

    private final DatabaseCredentials credentials;
    private final DatabaseInspector inspector;
    private final DatabaseProofs proofs;
    private final ReportStore reports;
    private final DrillMetrics metrics;
    private final DumpLoading dumps;
    private final Clock clock;
    private final boolean requireTls;
    private final Optional<java.nio.file.Path> rootCertificate;
    private final Verification verification;
    private final ProgressStore progress;
    private final RestoreTrendStore trends;

    /** For the constructors that predate the trend (tests of other behaviour): no window is kept. */
    private static final RestoreTrendStore NO_TREND = new RestoreTrendStore() {
        @Override
        public Optional<RestoreTrend> load(String drillName) {
            return Optional.empty();
        }

        @Override
        public void save(String drillName, RestoreTrend trend) {
        }
    };

    /**
     * What a round keeps of the function's time after its proofs stop: dropping amcheck (at most 30 s), storing the
     * progress or, in the last round, reading the baseline and storing the report and metrics.
     */
    public static final Duration ROUND_MARGIN = Duration.ofSeconds(60);

    /** A round's time when the function's remaining time is not known: validate's timeout less the margin. */
    public static final Duration DEFAULT_ROUND = DrillSpec.VALIDATE_TIMEOUT.minus(ROUND_MARGIN);

    /**
     * Connects over TLS with a verified server certificate, as RDS needs.
     *
     * @param progress        keeps what the rounds found between them, when the proofs take more than one
     * @param rootCertificate the CA bundle (PEM) that verifies the instance's certificate: Amazon RDS's CAs are
     *                        in no default trust store
     */
    public ValidateStep(DatabaseCredentials credentials, DatabaseInspector inspector, DatabaseProofs proofs,
                        ReportStore reports, ProgressStore progress, DrillMetrics metrics, DumpLoading dumps,
                        Clock clock, Optional<java.nio.file.Path> rootCertificate) {
        this(credentials, inspector, proofs, reports, progress, metrics, dumps, clock, true, rootCertificate);
    }

    /**
     * @param requireTls false only where a local server stands in for the instance (tests); RDS is always
     *                   reached over verified TLS
     */
    public ValidateStep(DatabaseCredentials credentials, DatabaseInspector inspector, DatabaseProofs proofs,
                        ReportStore reports, ProgressStore progress, DrillMetrics metrics, DumpLoading dumps,
                        Clock clock, boolean requireTls, Optional<java.nio.file.Path> rootCertificate) {
        this(credentials, inspector, proofs, reports, progress, NO_TREND, metrics, dumps, clock, requireTls,
                rootCertificate);
    }

    /**
     * @param trends the restore times of each drill's last passing drills, read for the trend metric and extended
     *               after a passing drill
     */
    public ValidateStep(DatabaseCredentials credentials, DatabaseInspector inspector, DatabaseProofs proofs,
                        ReportStore reports, ProgressStore progress, RestoreTrendStore trends, DrillMetrics metrics,
                        DumpLoading dumps, Clock clock, boolean requireTls,
                        Optional<java.nio.file.Path> rootCertificate) {
        this.trends = Objects.requireNonNull(trends, "trends");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.rootCertificate = Objects.requireNonNull(rootCertificate, "rootCertificate");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.proofs = Objects.requireNonNull(proofs, "proofs");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.dumps = Objects.requireNonNull(dumps, "dumps");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.requireTls = requireTls;
        this.verification = new Verification(inspector, proofs, clock);
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
        return validate(state, DEFAULT_ROUND);
    }

    /**
     * One validate round: the first does everything once and starts the proofs; a later one (the state has
     * {@code proving}) goes on with the proofs where the last stopped, on the database that round recorded. When
     * a proof is left over, the state comes back with {@code proving} and without {@code validation} (the state
     * machine invokes validate again); after the last round ({@link DrillSpec#VALIDATE_ROUNDS}), or when nothing
     * is left, with {@code validation} and the report stored.
     *
     * @param roundTime how long this round may prove: the function's remaining time less {@link #ROUND_MARGIN}
     */
    public DrillState validate(DrillState state, Duration roundTime) {
        DrillSpec spec = state.drill().spec();
        DrillState.Instance instance = reachableInstance(state, spec.login().isPresent());
        Instant started = clock.instant();
        DrillState.Endpoint address = instance.endpoint().orElseThrow();
        // The spec's login when it names one (a read-only role of production's, which every restore of it has), else
        // the secret RDS manages for the temporary instance.
        DatabaseCredentials.Credentials login = credentials.fromSecret(spec.login().map(DrillSpec.Login::secretArn)
                .orElseGet(() -> instance.secretArn().orElseThrow()));
        DatabaseEndpoint server = new DatabaseEndpoint(address.host(), address.port(), MAINTENANCE_DATABASE,
                login.username(), Optional.of(login.password()), requireTls, rootCertificate);
        Optional<DrillState.Proving> proving = state.proving().filter(p -> state.validation().isEmpty());
        int round = proving.map(p -> p.round() + 1).orElse(1);
        Optional<VerificationProgress> carried = proving.map(p -> progress.load(spec.name(), state.executionId()));
        Subject subject = proving.isPresent()
                ? proven(instance, server, proving.get().database(), state.backup().map(DrillState.Backup::createdAt))
                : switch (spec.source()) {
                    case DrillSpec.RdsSnapshots snapshots -> snapshot(spec, snapshots, state, instance, server);
                    case DrillSpec.AuroraCluster aurora -> clusterSnapshot(spec, aurora, state, instance, server);
                    case DrillSpec.S3Dumps s3 -> dump(spec, s3, instance, server);
                    case DrillSpec.AwsBackupRestoreTest test -> restoreTest(spec, test, instance, server);
                };
        Instant firstStarted = proving.map(DrillState.Proving::startedAt).orElse(started);
        log.info("validate round {} of at most {}, {} to prove", round, DrillSpec.VALIDATE_ROUNDS, roundTime);
        Verification.RoundOutcome outcome = verification.run(new Verification.Plan(spec.name(), spec.checks(),
                spec.tolerances(), Baselines.lastPassingReport(reports, spec.name()), spec.proofs(),
                spec.objectives()),
                subject, new ProvingRound(round, carried, Optional.of(started.plus(roundTime)),
                        round >= DrillSpec.VALIDATE_ROUNDS));
        return switch (outcome) {
            case Verification.RoundOutcome.Unfinished unfinished ->
                    state.withProving(saved(spec, state, firstStarted, unfinished.progress()));
            case Verification.RoundOutcome.Done done -> finish(spec, proving.isPresent()
                    ? state.withProving(provingAfter(round, proving.get()))
                    : state, instance, firstStarted, done.outcome());
        };
    }

    /** The rounds' findings go to the progress store; the state document keeps where they are and a cursor. */
    private DrillState.Proving saved(DrillSpec spec, DrillState state, Instant firstStarted,
                                     VerificationProgress found) {
        String location = progress.save(spec.name(), state.executionId(), found);
        List<DrillState.ProofCursor> cursors = found.proofs().stream()
                .map(p -> new DrillState.ProofCursor(p.name(), p.checked(), p.units().size(), p.spentMillis(),
                        p.finished()))
                .toList();
        return new DrillState.Proving(found.rounds(), firstStarted, found.database(), location, cursors);
    }

    /** After the round that ended the proofs: the rounds they took; their results are in the report. */
    private static DrillState.Proving provingAfter(int round, DrillState.Proving before) {
        return new DrillState.Proving(round, before.startedAt(), before.database(), before.workFile(), List.of());
    }

    /** A later round's subject: the database the first round proved (for a dump: the one it loaded). */
    private static Subject proven(DrillState.Instance instance, DatabaseEndpoint server,
                                               String database, Optional<Instant> takenAt) {
        return new Subject.Restored("the database of the earlier rounds", describe(instance, server), () -> {
            DatabaseEndpoint proven = server.withDatabase(database);
            return new Subject.Located(proven, describe(instance, proven));
        }, takenAt);
    }

    private static DrillState.Instance reachableInstance(DrillState state, boolean ownLogin) {
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
        if (instance.secretArn().isEmpty() && !ownLogin) {
            throw new TemporaryDatabaseException("temporary instance " + instance.id() + " has no secretArn in the"
                    + " state document: it must be created with ManageMasterUserPassword");
        }
        return instance;
    }

    /** Where a snapshot drill's data is: the restored instance, and on it the database to prove. */
    private Subject snapshot(DrillSpec spec, DrillSpec.RdsSnapshots snapshots, DrillState state,
                                          DrillState.Instance instance, DatabaseEndpoint server) {
        String source = state.backup().map(b -> "RDS snapshot " + b.identifier() + " (" + b.type() + ") of "
                        + snapshots.dbInstanceIdentifier())
                .orElse("RDS snapshots of " + snapshots.dbInstanceIdentifier());
        return new Subject.Restored(source, describe(instance, server), () -> {
            DatabaseEndpoint restored = server.withDatabase(chooseDatabase(spec, instance, server));
            return new Subject.Located(restored, describe(instance, restored));
        }, state.backup().map(DrillState.Backup::createdAt)); // the snapshot's creation time: freshness's reference
    }

    /**
     * Where an AWS Backup restore test's data is: the instance AWS Backup restored (the adopt step put it in the state
     * document), and on it the database to prove. The recovery point's time is not in the restore job's event: the
     * freshness proof, when the spec asks for it, is SKIPPED saying so.
     */
    private Subject restoreTest(DrillSpec spec, DrillSpec.AwsBackupRestoreTest test,
                                             DrillState.Instance instance, DatabaseEndpoint server) {
        String source = "AWS Backup restore test of " + (test.ofAuroraCluster() ? "Aurora cluster " : "")
                + test.production() + " (restore testing plan "
                + test.restoreTestingPlan() + ")";
        return new Subject.Restored(source, describe(instance, server), () -> {
            DatabaseEndpoint restored = server.withDatabase(chooseDatabase(spec, instance, server));
            return new Subject.Located(restored, describe(instance, restored));
        }, Optional.empty());
    }

    /**
     * Where an Aurora cluster drill's data is: the restored cluster, reached on its writer endpoint (the status step
     * put the cluster's endpoint and secret into the state's {@code instance}).
     */
    private Subject clusterSnapshot(DrillSpec spec, DrillSpec.AuroraCluster aurora, DrillState state,
                                                 DrillState.Instance instance, DatabaseEndpoint server) {
        String source = state.backup().map(b -> "Aurora cluster snapshot " + b.identifier() + " (" + b.type()
                        + ") of " + aurora.dbClusterIdentifier())
                .orElse("Aurora cluster snapshots of " + aurora.dbClusterIdentifier());
        return new Subject.Restored(source, describe(instance, server), () -> {
            DatabaseEndpoint restored = server.withDatabase(chooseDatabase(spec, instance, server));
            return new Subject.Located(restored, describe(instance, restored));
        }, state.backup().map(DrillState.Backup::createdAt));
    }

    /** Where an S3-dump drill's data comes from: the newest dump, loaded into a new database on the blank instance. */
    private Subject dump(DrillSpec spec, DrillSpec.S3Dumps s3, DrillState.Instance instance,
                                      DatabaseEndpoint server) {
        BackupSource dumpSource = dumps.sources().apply(s3);
        return new Subject.Backups(dumpSource, "dump", spec.maxBackupAge(), dumps.restorer(),
                onTheInstance(instance, dumps.databases().apply(server)), RestoreProgress.NONE,
                Optional.of(describe(instance, server)));
    }

    /**
     * The databases the dump is loaded into, described as on the temporary instance. Closing one does not drop
     * it: cleanup deletes the whole instance, and dropping first would only cost time. The same holds for what a
     * pg_dumpall dump adds beside it (one database per database of the dump, its roles): they are created on the
     * instance as on a scratch server, and go with the instance.
     *
     * <p>Creating one of those is part of loading the dump, so a refusal (say, a role the master user may not
     * create) is a {@link RestoreFailedException} naming it: the drill fails with a report, as for any statement of
     * the dump that fails, rather than as an instance that could not be reached.
     */
    private static TemporaryDatabaseProvider onTheInstance(DrillState.Instance instance,
                                                           TemporaryDatabaseProvider databases) {
        return dumpMajorVersion -> {
            TemporaryDatabase created = databases.create(dumpMajorVersion);
            return new TemporaryDatabase() {
                @Override
                public DatabaseEndpoint endpoint() {
                    return created.endpoint();
                }

                @Override
                public DatabaseEndpoint createDatabase(String nameInBackup) {
                    try {
                        return created.createDatabase(nameInBackup);
                    } catch (TemporaryDatabaseException e) {
                        throw loadFailed(e);
                    }
                }

                @Override
                public boolean createRoleIfAbsent(String role) {
                    try {
                        return created.createRoleIfAbsent(role);
                    } catch (TemporaryDatabaseException e) {
                        throw loadFailed(e);
                    }
                }

                private RestoreFailedException loadFailed(TemporaryDatabaseException e) {
                    return new RestoreFailedException("restoring the pg_dumpall dump into RDS instance "
                            + instance.id() + " failed: " + e.getMessage(), e);
                }

                @Override
                public String describe() {
                    return ValidateStep.describe(instance, created.endpoint());
                }

                @Override
                public int serverMajorVersion() {
                    return created.serverMajorVersion();
                }

                @Override
                public void close() {
                }
            };
        };
    }

    /**
     * The database to check on a restored snapshot: the one database besides {@code postgres}, else
     * {@code postgres} itself. Several candidates fail the drill, listing them.
     */
    private String chooseDatabase(DrillSpec spec, DrillState.Instance instance, DatabaseEndpoint server) {
        if (spec.database().isPresent()) {
            return spec.database().get();
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
        List<String> names = databaseNames(listing.value().orElse(""));
        List<String> candidates = names.stream().filter(name -> !name.equals(MAINTENANCE_DATABASE)).toList();
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            return MAINTENANCE_DATABASE;
        }
        throw new AmbiguousDatabaseException("the restored instance holds " + candidates.size() + " databases ("
                + String.join(", ", candidates) + ") and restore-drill checks exactly one; name it with"
                + " \"database:\" in the drill spec");
    }

    /** The names LIST_DATABASES lists. */
    static List<String> databaseNames(String hexList) {
        if (hexList.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(hexList.split(",")).map(hex -> new String(HexFormat.of().parseHex(hex),
                StandardCharsets.UTF_8)).toList();
    }

    /**
     * What the verification found, as this step hands it on: a verdict in the state document, the report in the
     * store and the metrics; or, for a failure that stopped it, what the class comment says.
     */
    private DrillState finish(DrillSpec spec, DrillState state, DrillState.Instance instance, Instant started,
                              VerificationOutcome outcome) {
        Optional<RuntimeException> stop = outcome.abortedBy();
        if (stop.isPresent() && !endsInAReport(stop.get())) {
            throw stop.get(); // may be passing: a retry must not leave a FAILED drill behind
        }
        Optional<RuntimeException> backupProblem = stop.filter(ValidateStep::isBackupProblem);
        DrillState result;
        try {
            result = report(spec, state, instance, started, outcome);
        } catch (RuntimeException reportFailure) {
            if (backupProblem.isEmpty()) {
                throw reportFailure;
            }
            backupProblem.get().addSuppressed(reportFailure);
            throw backupProblem.get();
        }
        if (backupProblem.isPresent()) {
            throw backupProblem.get();
        }
        return result;
    }

    /** A problem with an S3-dump drill's backup: the state machine's Catch must see its type. */
    private static boolean isBackupProblem(RuntimeException e) {
        return e instanceof NoBackupFoundException || e instanceof BackupTooOldException
                || e instanceof BackupUnusableException || e instanceof RestoreFailedException;
    }

    private static boolean endsInAReport(RuntimeException e) {
        return isBackupProblem(e) || e instanceof AmbiguousDatabaseException;
    }

    private DrillState report(DrillSpec spec, DrillState state, DrillState.Instance instance, Instant started,
                              VerificationOutcome outcome) {
        Instant now = clock.instant();
        boolean dumpDrill = spec.source() instanceof DrillSpec.S3Dumps;
        Optional<DrillState.Backup> backup = dumpDrill
                ? outcome.backup().map(ValidateStep::dumpBackup)
                : state.backup();
        // A snapshot's instance became available just before this step started; a dump's data once it is loaded.
        Optional<Instant> dataReadyAt = dumpDrill ? outcome.loadedAt() : Optional.of(started);
        Optional<Instant> requestedAt = restoreRequestedAt(spec, instance, started);
        OptionalDouble restoreSeconds = restoreSeconds(dataReadyAt, requestedAt, dumpDrill, outcome.loadMillis());
        long restoreMillis = restoreSeconds.isPresent() ? Math.round(restoreSeconds.getAsDouble() * 1000) : 0;
        Instant startedAt = requestedAt.orElse(started);
        int checksFailed = outcome.checksFailed();

        DrillReport report = outcome.report(state.executionId(), startedAt, restoreMillis, now,
                state.audit().map(a -> new GuardrailAudit(a.productionInstance(), a.productionInstanceExists(),
                        a.deletionProtection(), a.newestIndependentBackupAgeHours(), a.onlyAutomatedBackups(),
                        a.findings())));
        // Read before anything is stored: a step that fails here is retried with nothing half-done.
        RestoreTrend trend = trends.load(spec.name()).orElseGet(RestoreTrend::empty);
        String location = reports.store(report, state.executionId());
        OptionalDouble vsMedian = restoreSeconds.isPresent()
                ? trend.ratio(restoreSeconds.getAsDouble()).map(OptionalDouble::of).orElseGet(OptionalDouble::empty)
                : OptionalDouble.empty();
        metrics.publish(spec.name(), report.passed(), restoreSeconds,
                backup.map(b -> OptionalDouble.of(b.ageHours())).orElseGet(OptionalDouble::empty), checksFailed,
                report.objectives(), vsMedian);
        // Last: a retry after a failed write appends once. Only passing drills make the window, so a half-loaded
        // restore does not become the normal the next drills are compared with.
        if (report.passed() && restoreSeconds.isPresent() && restoreSeconds.getAsDouble() > 0) {
            trends.save(spec.name(), trend.after(restoreSeconds.getAsDouble()));
        }
        if (trend.risen(restoreSeconds.orElse(0))) {
            log.warn("drill {}: the restore took {} s, more than {} times the median of its last {} passing drills ({} s)",
                    spec.name(), restoreSeconds.getAsDouble(), RestoreTrend.RISE_THRESHOLD,
                    trend.restoreSeconds().size(), trend.median().orElseThrow());
        }
        log.info("drill {}: {}{}", spec.name(), report.verdict(),
                report.failureReason().map(r -> " (" + r + ")").orElse(""));

        DrillState result = dumpDrill && backup.isPresent() ? state.withBackup(backup.get()) : state;
        return result.withValidation(new DrillState.Validation(report.verdict().name(), report.failureReason(),
                Optional.of(location), outcome.checks().size() - checksFailed, checksFailed, outcome.tables().size(),
                restoreMillis));
    }

    private static DrillState.Backup dumpBackup(Verification.ChosenBackup chosen) {
        BackupRef dump = chosen.ref();
        return new DrillState.Backup("s3-dump", dump.name(), dump.location(),
                dump.format().name().toLowerCase(Locale.ROOT).replace('_', '-'), dump.timestamp(),
                chosen.ageHours(), true, Optional.of(dump.sizeBytes()));
    }

    /** When the restore was requested: the restore step sets expiresAt to that moment plus the time-to-live. */
    private static Optional<Instant> restoreRequestedAt(DrillSpec spec, DrillState.Instance instance, Instant started) {
        Instant requested = instance.expiresAt().minus(spec.target().timeToLive());
        boolean plausible = !requested.isAfter(started)
                && Duration.between(requested, started).compareTo(spec.target().timeToLive()) <= 0;
        return plausible ? Optional.of(requested) : Optional.empty();
    }

    private static OptionalDouble restoreSeconds(Optional<Instant> dataReadyAt, Optional<Instant> requestedAt,
                                                 boolean dumpDrill, long loadMillis) {
        if (dataReadyAt.isEmpty()) {
            return OptionalDouble.empty(); // the data never became usable: there is no restore time
        }
        if (requestedAt.isPresent()) {
            return OptionalDouble.of(Duration.between(requestedAt.get(), dataReadyAt.get()).toMillis() / 1000.0);
        }
        return dumpDrill ? OptionalDouble.of(loadMillis / 1000.0) : OptionalDouble.empty();
    }

    private static String describe(DrillState.Instance instance, DatabaseEndpoint endpoint) {
        return "RDS instance " + instance.id() + " (" + endpoint.host() + ":" + endpoint.port() + "/"
                + endpoint.database() + ")";
    }
}
