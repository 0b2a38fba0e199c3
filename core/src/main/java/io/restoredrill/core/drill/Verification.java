package io.restoredrill.core.drill;

import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupTooOldException;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.BaselineOrigin;
import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.DrillException;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.Freshness;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.Hours;
import io.restoredrill.core.domain.NewestBackup;
import io.restoredrill.core.domain.NoBackupFoundException;
import io.restoredrill.core.domain.Objectives;
import io.restoredrill.core.domain.ProofProgress;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofSettings;
import io.restoredrill.core.domain.RecoveryPoint;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.domain.RestoredDatabase;
import io.restoredrill.core.domain.ShrinkageCheck;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.TableShrinkage;
import io.restoredrill.core.domain.Tolerances;
import io.restoredrill.core.domain.VerificationProgress;
import io.restoredrill.core.drill.Subject.Backups;
import io.restoredrill.core.drill.Subject.Located;
import io.restoredrill.core.drill.Subject.Restored;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.DatabaseInspector;
import io.restoredrill.core.port.DatabaseProofs;
import io.restoredrill.core.port.TemporaryDatabase;
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

/**
 * The one verification pipeline of a drill, run by both paths: the local drill ({@link RestoreDrill}) and the AWS
 * path's validate step. In order:
 * <ol>
 *   <li>where the path has one, choose the newest backup and check its size and age, read the PostgreSQL version
 *       it was dumped from, create a database for it and load it ({@link Backups}); or take the database a
 *       snapshot restore already produced ({@link Restored});</li>
 *   <li>count the rows of every table (the built-in read) and run the user's checks; then freshness, when the plan
 *       has entries: each column's newest value against the backup's own timestamp ({@link Freshness});</li>
 *   <li>run the further proofs the plan's {@link ProofSettings} enable: take the schema fingerprint first (the
 *       integrity proof creates and drops amcheck), then integrity, then the full read, each within its budget (on
 *       the AWS path in rounds: {@link #run(Plan, Subject, ProvingRound)});</li>
 *   <li>compare the counts with the baseline (shrinkage, each table within its {@link Tolerances}), and the
 *       fingerprint with the expected one or the baseline's (the schema proof);</li>
 *   <li>tear the database down, when the subject made one.</li>
 * </ol>
 * The paths differ only in the adapters they hand in: an embedded or scratch PostgreSQL server or the restored RDS
 * instance, a folder or an S3 prefix of backups, a baseline file or the last passing report in S3.
 *
 * <p>The pipeline never throws for what it finds or for a failure on its way: everything ends in the
 * {@link VerificationOutcome}, a failure that stopped it in {@link VerificationOutcome#abortedBy()}. Each entry point
 * decides what to do with that (the local drill reports every one; validate rethrows some, so the state machine's
 * Retry and Catch see them).
 */
public final class Verification {

    private static final Logger log = LoggerFactory.getLogger(Verification.class);

    /**
     * Why a proof of a pg_dumpall backup's databases that ran out of time was not continued: such a backup is proven
     * in the round that restores it.
     */
    public static final String ONE_ROUND_ONLY = "the round that restored this pg_dumpall backup ended (a backup of"
            + " several databases is proven in that one round; its proofs do not go on in later validate rounds)";

    private final DatabaseInspector inspector;
    private final DatabaseProofs proofs;
    private final Clock clock;
    private final ResumableProofs resumable;

    public Verification(DatabaseInspector inspector, DatabaseProofs proofs, Clock clock) {
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.proofs = Objects.requireNonNull(proofs, "proofs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.resumable = new ResumableProofs(proofs, clock);
    }

    /**
     * What to prove, whichever path runs the drill.
     *
     * @param drillName  the drill, for reports and logs
     * @param checks     the user's checks, run in order after the row counts
     * @param tolerances allowed lost fraction of each table's rows against the baseline, 0..1
     * @param baselines  where the baseline comes from
     * @param proofs     which proofs run beyond the checks, and their budgets; each path gives its own (there is
     *                   deliberately no default here: the AWS path's must fit the validate function's time)
     */
    public record Plan(String drillName, List<HealthCheck> checks, Tolerances tolerances, Baselines baselines,
                       ProofSettings proofs, Objectives objectives) {
        public Plan {
            Objects.requireNonNull(drillName, "drillName");
            Objects.requireNonNull(tolerances, "tolerances");
            Objects.requireNonNull(baselines, "baselines");
            Objects.requireNonNull(proofs, "proofs");
            Objects.requireNonNull(objectives, "objectives");
            checks = List.copyOf(checks);
        }

        /** A plan without objectives. */
        public Plan(String drillName, List<HealthCheck> checks, Tolerances tolerances, Baselines baselines,
                    ProofSettings proofs) {
            this(drillName, checks, tolerances, baselines, proofs, Objectives.none());
        }

        /** One tolerance for every table. */
        public Plan(String drillName, List<HealthCheck> checks, double maxShrink, Baselines baselines,
                    ProofSettings proofs) {
            this(drillName, checks, Tolerances.uniform(maxShrink), baselines, proofs);
        }

        /** The tolerance of a table without its own entry. */
        public double maxShrink() {
            return tolerances.maxShrink();
        }
    }

    /**
     * The backup the pipeline chose.
     *
     * @param age its age when it was chosen: what the age check judged
     */
    public record ChosenBackup(BackupRef ref, Duration age) {
        public double ageHours() {
            return Hours.of(age);
        }

        DrillReport.BackupSummary summary() {
            return new DrillReport.BackupSummary(ref.location(), ref.name(), ref.sizeBytes(), ref.timestamp(),
                    ref.timestampSource(), ref.format(), ageHours());
        }
    }

    /** The whole verification at once (local mode). */
    public VerificationOutcome run(Plan plan, Subject subject) {
        return switch (run(plan, subject, ProvingRound.whole())) {
            case RoundOutcome.Done done -> done.outcome();
            case RoundOutcome.Unfinished unfinished -> throw new IllegalStateException(
                    "a verification in one round left proofs unfinished");
        };
    }

    /** What one round came to: the verification's outcome, or what the next round goes on with. */
    public sealed interface RoundOutcome {

        /** The verification is over (or stopped): its outcome, to report. */
        record Done(VerificationOutcome outcome) implements RoundOutcome {
        }

        /** A proof is left for the next round: no verdict yet. */
        record Unfinished(VerificationProgress progress) implements RoundOutcome {
        }
    }

    /**
     * One round of the verification. The first round does everything once (choose and load the backup, count the
     * rows, run the checks, take the fingerprint) and starts the proofs; a later round (its subject the
     * {@link Restored} database the first one proved) only goes on with the proofs. While a proof is left for the
     * next round, the round is {@link RoundOutcome.Unfinished unfinished}: no verdict yet, no baseline compared.
     */
    public RoundOutcome run(Plan plan, Subject subject, ProvingRound round) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(round, "round");
        if (round.carried().isPresent() && !(subject instanceof Restored)) {
            throw new IllegalArgumentException("round " + round.number() + " proves the database the first round"
                    + " loaded (a Restored subject), never loads a backup again");
        }
        Run run = new Run(plan, round);
        try {
            switch (subject) {
                case Restored restored when round.carried().isPresent() -> run.goOn(restored);
                case Backups backups -> run.fromBackup(backups);
                case Restored restored -> run.restored(restored);
            }
        } catch (DrillException e) {
            log.debug("drill failed", e);
            run.abort(e, e.getMessage());
        } catch (RuntimeException e) {
            // Not a failure we foresaw, but still a failed drill: an entry point may report it.
            log.warn("drill failed unexpectedly", e);
            run.abort(e, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return run.roundOutcome();
    }

    /** One verification while it runs. */
    private final class Run {
        private final Plan plan;
        private String source = "";
        private Optional<ChosenBackup> backup = Optional.empty();
        private Optional<String> target = Optional.empty();
        private Optional<RestoreStats> restoreStats = Optional.empty();
        private long loadMillis;
        private Optional<Instant> loadedAt = Optional.empty();
        private long checksMillis;
        private final List<CheckResult> checks = new ArrayList<>();
        private List<TableRowCount> tables = List.of();
        private boolean counted;
        private List<TableShrinkage> shrinkage = List.of();
        private final List<ProofResult> proofResults = new ArrayList<>();
        /** The backup's own timestamp: what freshness is measured against. */
        private Optional<Instant> backupTakenAt = Optional.empty();
        private List<RecoveryPoint> recoveryPoints = List.of();
        private SchemaProof schema = new SchemaProof(proofs.fingerprinter());
        private boolean baselineLookedUp;
        private Optional<Baseline> baseline = Optional.empty();
        private final List<String> failures = new ArrayList<>();
        private Optional<RuntimeException> abortedBy = Optional.empty();
        private final ProvingRound round;
        private String provenDatabase = "";
        /** The resumable proofs' progress, in the report's order, once this round ran them. */
        private final List<ProofProgress> proofProgress = new ArrayList<>();
        private boolean proofsUnfinished;

        Run(Plan plan, ProvingRound round) {
            this.plan = plan;
            this.round = round;
            round.carried().ifPresent(this::carryOver);
        }

        /** What the earlier rounds did; this round only goes on with the proofs. */
        private void carryOver(VerificationProgress carried) {
            source = carried.source();
            backup = carried.backup().map(ref -> new ChosenBackup(ref, carried.backupAge().orElse(Duration.ZERO)));
            target = carried.target();
            restoreStats = carried.restore();
            loadMillis = carried.loadMillis();
            loadedAt = carried.loadedAt();
            checksMillis = carried.checksMillis();
            checks.addAll(carried.checks());
            tables = carried.tables();
            counted = carried.counted();
            schema = new SchemaProof(proofs.fingerprinter(), carried.schema(), carried.schemaUnread(),
                    carried.schemaMillis());
            failures.addAll(carried.failures());
            provenDatabase = carried.database();
            proofResults.addAll(carried.judged());
            recoveryPoints = carried.recoveryPoints();
        }

        /** A later round: the database the first round proved, the proofs from where they stopped. */
        void goOn(Restored subject) {
            backupTakenAt = subject.takenAt();
            Located database = subject.database().locate();
            long started = System.nanoTime();
            try {
                provenDatabase = database.endpoint().database();
                proveFurther(database.endpoint());
            } finally {
                checksMillis += millisSince(started);
            }
            if (!proofsUnfinished) {
                compareWithBaseline();
            }
        }

        void fromBackup(Backups subject) {
            source = subject.source().describe();
            target = subject.server();
            BackupRef newest = choose(subject);
            backupTakenAt = Optional.of(newest.timestamp());
            Optional<Integer> dumpVersion = readDumpVersion(subject, newest);
            TemporaryDatabase database = subject.databases().create(dumpVersion);
            target = Optional.of(database.describe());
            log.info("temporary database: {}", database.describe());
            dumpVersion.filter(v -> v > database.serverMajorVersion()).ifPresent(v -> log.warn(
                    "the dump comes from PostgreSQL {}, the temporary database's server runs {}: the restore may fail",
                    v, database.serverMajorVersion()));
            try {
                load(subject, newest, database);
                prove(ProvenDatabases.fromBackup(database.endpoint(),
                        restoreStats.map(RestoreStats::databases).orElse(List.of())));
            } finally {
                tearDown(database);
            }
        }

        void restored(Restored subject) {
            source = subject.source();
            target = Optional.of(subject.server());
            backupTakenAt = subject.takenAt();
            Located database = subject.database().locate();
            target = Optional.of(database.description());
            prove(ProvenDatabases.onInstance(database.endpoint()));
        }

        private BackupRef choose(Backups subject) {
            String noun = subject.noun();
            BackupRef newest = NewestBackup.of(subject.source().list()).orElseThrow(() -> new NoBackupFoundException(
                    "no " + noun + " found in " + subject.source().describe()
                            + " (looked for " + NewestBackup.knownSuffixes() + " files)"));
            Duration age = newest.ageAt(clock.instant());
            backup = Optional.of(new ChosenBackup(newest, age));
            log.info("newest {}: {} ({} bytes, taken {}, {} old)", noun, newest.location(), newest.sizeBytes(),
                    newest.timestamp(), NewestBackup.human(age));
            if (newest.sizeBytes() == 0) {
                throw new BackupUnusableException("newest " + noun + " " + newest.location()
                        + " is empty (0 bytes); older " + noun + "s are not tried in its place");
            }
            subject.maxAge().ifPresent(maxAge -> {
                if (age.compareTo(maxAge) > 0) {
                    throw new BackupTooOldException("newest " + noun + " " + newest.location() + " is "
                            + NewestBackup.human(age) + " old, older than the allowed " + NewestBackup.human(maxAge)
                            + " (taken " + newest.timestamp() + ")");
                }
            });
            return newest;
        }

        private Optional<Integer> readDumpVersion(Backups subject, BackupRef newest) {
            try (InputStream head = subject.source().open(newest)) {
                return subject.restorer().dumpedFromMajorVersion(newest, head);
            } catch (IOException e) {
                throw new BackupUnusableException("cannot read " + newest.location() + ": " + e.getMessage(), e);
            }
        }

        private void load(Backups subject, BackupRef newest, TemporaryDatabase database) {
            long started = System.nanoTime();
            try (InputStream dump = subject.source().open(newest)) {
                restoreStats = Optional.of(subject.restorer().restore(newest, dump, subject.source().members(newest),
                        database, subject.progress()));
            } catch (IOException e) {
                throw new BackupUnusableException("cannot read " + newest.location() + ": " + e.getMessage(), e);
            } finally {
                loadMillis = millisSince(started);
                subject.progress().finished();
            }
            loadedAt = Optional.of(clock.instant());
            log.info("restored {} in {} ms", newest.name(), loadMillis);
        }

        /** Everything the drill proves about the databases that hold the backup (one, but for pg_dumpall files). */
        private void prove(ProvenDatabases databases) {
            long started = System.nanoTime();
            provenDatabase = databases.main().orElse(databases.all().get(0).endpoint()).database();
            try {
                countRows(databases);
                runChecks(databases);
                proveFreshness(databases);
                if (databases.several()) {
                    proveEach(databases);
                } else {
                    proveFurther(databases.all().get(0).endpoint());
                }
            } finally {
                checksMillis = millisSince(started);
            }
            if (!proofsUnfinished) {
                compareWithBaseline();
            }
        }

        /** Every table of every database proven; for a backup of several, each named with its database. */
        private void countRows(ProvenDatabases databases) {
            List<TableRowCount> all = new ArrayList<>();
            boolean everyOne = true;
            for (ProvenDatabases.Proven database : databases.all()) {
                try {
                    List<TableRowCount> found = inspector.countRows(database.endpoint());
                    all.addAll(database.name().map(name -> found.stream().map(t -> t.inDatabase(name)).toList())
                            .orElse(found));
                    log.info("{} tables counted in {}", found.size(), database.endpoint().describe());
                } catch (RestoreFailedException e) {
                    // A table the restore left unreadable is a finding; the checks may still tell more.
                    failures.add(database.name().map(name -> "database " + name + ": ").orElse("") + e.getMessage());
                    everyOne = false;
                }
            }
            tables = everyOne || databases.several() ? all : List.of();
            counted = everyOne;
        }

        private void runChecks(ProvenDatabases databases) {
            for (HealthCheck check : plan.checks()) {
                CheckResult result = switch (databases.placementOf(check)) {
                    case ProvenDatabases.Placement.In in -> inspector.run(check, in.endpoint());
                    case ProvenDatabases.Placement.Nowhere nowhere -> ProvenDatabases.notRun(check, nowhere.why());
                };
                log.info("check {}: {} (value {}{})", check.name(), result.verdict(),
                        result.value().orElse("none"), result.error().map(e -> ", " + e).orElse(""));
                checks.add(result);
            }
            checks.stream().filter(c -> !c.passed()).forEach(c -> failures.add("check " + c.name() + " failed: "
                    + c.error().orElseGet(() -> "value " + c.value().orElse("(no row)")
                    + " does not satisfy " + c.expected().orElse("?"))));
        }

        /** The newest value of each freshness column against the backup's own timestamp, when the plan has any. */
        private void proveFreshness(ProvenDatabases databases) {
            if (plan.proofs().freshness().isEmpty()) {
                return;
            }
            long started = System.nanoTime();
            if (databases.main().isEmpty()) {
                record(ProofResult.skipped(Freshness.PROOF, "the backup holds the databases "
                        + databases.restored().stream().map(RestoredDatabase::name).toList() + " and freshness"
                        + " entries run in one that is not postgres or template1, of which there is not exactly one",
                        millisSince(started)));
                return;
            }
            DatabaseEndpoint database = databases.main().get();
            Freshness.Judged judged = Freshness.judge(plan.proofs().freshness(), backupTakenAt,
                    requirement -> proofs.newestValues().newest(database, requirement), () -> millisSince(started));
            recoveryPoints = judged.points();
            record(judged.proof());
        }

        /**
         * The proofs beyond the row counts and the user's checks, on the same database, inside the checks' time.
         * The fingerprint comes first (in the first round): the integrity proof creates amcheck and drops it again,
         * and the schema must be read as the backup restored it. The schema proof itself is judged with the
         * baseline, after this. Integrity and the full read go on where the earlier rounds stopped
         * ({@link ResumableProofs}); a proof left for the next round leaves the round unfinished.
         */
        private void proveFurther(DatabaseEndpoint database) {
            if (round.carried().isEmpty() && plan.proofs().schema().enabled()) {
                schema.take(database, plan.proofs().schema().budget());
            }
            ResumableProofs.Ran ran = resumable.run(plan.proofs(), database, round);
            proofProgress.addAll(ran.progress());
            proofsUnfinished = ran.unfinished();
            ran.results().forEach(this::record);
        }

        /**
         * The further proofs of a backup of several databases, on each of them with an equal share of each budget,
         * reported as one result per proof ({@link PerDatabaseProofs}). They end in this round: such a backup is
         * loaded and proven in round 1, whose deadline (on the AWS path, the validate invocation's time) ends what
         * is not done, reported INCOMPLETE with {@link #ONE_ROUND_ONLY}: the progress the rounds keep is one cursor
         * per proof on one database, so these could not go on in a later round.
         */
        private void proveEach(ProvenDatabases databases) {
            int n = databases.all().size();
            ProofSettings share = PerDatabaseProofs.shareOf(plan.proofs(), n);
            if (share.schema().enabled()) {
                schema.takeEach(databases, share.schema().budget());
            }
            ProvingRound ending = new ProvingRound(1, Optional.empty(), round.deadline(), true)
                    .endingTheProofs(ONE_ROUND_ONLY);
            java.util.Map<String, List<ProofResult>> results = new java.util.LinkedHashMap<>();
            for (ProvenDatabases.Proven database : databases.all()) {
                results.put(database.name().orElseThrow(),
                        resumable.run(share, database.endpoint(), ending).results());
            }
            PerDatabaseProofs.merge(results).forEach(this::record);
        }

        /** A FAILED proof fails the drill; SKIPPED and INCOMPLETE are reported only, and never count as passed. */
        private void record(ProofResult result) {
            log.info("proof {}: {} ({}, {} ms)", result.name(), result.verdict(), result.value(),
                    result.elapsedMillis());
            proofResults.add(result);
            if (result.failed()) {
                failures.add("proof " + result.name() + " failed: " + result.value() + firstFindings(result));
            }
        }

        private static String firstFindings(ProofResult result) {
            if (result.findings().isEmpty()) {
                return "";
            }
            int more = result.findings().size() - 1;
            return " (" + result.findings().get(0) + (more > 0 ? "; and " + more + " more in the report" : "") + ")";
        }

        /** The baseline, looked up once: on the AWS path each lookup reads S3. */
        private Optional<Baseline> baseline() {
            if (!baselineLookedUp) {
                baseline = plan.baselines().find();
                baselineLookedUp = true;
            }
            return baseline;
        }

        /**
         * Silent data loss: a table that lost more than maxShrink of its rows against the baseline. Then the schema
         * proof: the fingerprint against the expected one, else the baseline's.
         */
        private void compareWithBaseline() {
            // Nothing counted: comparing would call every table "missing" and hide the real cause.
            if (counted) {
                baseline().ifPresent(b -> {
                    shrinkage = ShrinkageCheck.findShrunkTables(b, tables, plan.tolerances());
                    shrinkage.forEach(s -> failures.add(s.describe() + " " + plan.baselines().cite(b)));
                });
                unmatchedTolerances();
            }
            judgeSchema();
        }

        /** A {@code tables:} entry that names no table would silently leave that table at the global tolerance. */
        private void unmatchedTolerances() {
            if (!plan.tolerances().perTable().isEmpty()) {
                List<String> known = new ArrayList<>(tables.stream().map(TableRowCount::qualifiedName).toList());
                baseline().ifPresent(b -> known.addAll(b.rowsByTable().keySet()));
                failures.addAll(plan.tolerances().unmatchedEntries(known));
            }
        }

        private void judgeSchema() {
            schema.judge(plan.proofs().schema().expect(), this::baseline).ifPresent(this::record);
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

        void abort(RuntimeException cause, String reason) {
            abortedBy = Optional.of(cause);
            failures.add(0, reason);
        }

        RoundOutcome roundOutcome() {
            if (proofsUnfinished && abortedBy.isEmpty()) {
                return new RoundOutcome.Unfinished(new VerificationProgress(round.number(), provenDatabase, source,
                        backup.map(ChosenBackup::ref), backup.map(ChosenBackup::age), target, restoreStats, loadMillis, loadedAt, checksMillis, checks, tables, counted,
                        schema.fingerprint(), schema.unread(), schema.millis(), failures, proofProgress,
                        proofResults.stream().filter(p -> p.name().equals(Freshness.PROOF)).toList(), recoveryPoints));
            }
            return new RoundOutcome.Done(outcome());
        }

        VerificationOutcome outcome() {
            return new VerificationOutcome(plan.drillName(), source, backup, target, restoreStats, loadMillis, loadedAt,
                    checksMillis, checks, tables, shrinkage, proofResults, schema.fingerprint(), failures, abortedBy,
                    baselineLookedUp ? baseline.map(BaselineOrigin::of) : Optional.empty(), recoveryPoints,
                    backupTakenAt, plan.objectives());
        }
    }

    /** Milliseconds since {@code startedNanos} ({@link System#nanoTime()}); also the schema proof's clock. */
    static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
