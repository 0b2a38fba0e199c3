package io.restoredrill.core.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One drill of the AWS path, as a drill spec file or the state machine's input states it: which backups, how
 * old they may be, where to restore them, and what to check.
 *
 * @param name         short, unique among the drills of one run; part of the temporary instance's name
 * @param maxBackupAge the newest backup must be younger than this, when given
 * @param maxShrink    allowed row loss per table against a baseline, 0..1
 * @param database     the database on the restored instance that the checks run in; when empty, the one
 *                     database besides {@code postgres}
 * @param proofs       the proofs validate runs beyond the checks; no expected schema file (validate cannot read
 *                     one); with the checks' timeouts fitting validate's rounds (see {@link #PROVING_TIME})
 * @param tables       per-table overrides of {@code maxShrink}, by table name (the spec's {@code tables:})
 * @param objectives   the restore-time and recovery-point objectives the report judges (the spec's {@code objectives:})
 * @param restoreTimeout how long the temporary instance may take to become available (the spec's
 *                     {@code restoreTimeout}, {@link #DEFAULT_RESTORE_TIMEOUT} when left out, between
 *                     {@link #MIN_RESTORE_TIMEOUT} and {@link #MAX_RESTORE_TIMEOUT}); the state machine stops
 *                     waiting after it, and the instance's time to live must leave validation its rounds after it
 * @param login        the secret validate logs in with instead of the instance's RDS-managed one (the spec's
 *                     {@code login:}); required for an {@link AwsBackupRestoreTest}, whose instance keeps production's
 *                     master password
 */
public record DrillSpec(
        String name,
        BackupSourceSpec source,
        Optional<Duration> maxBackupAge,
        RdsTargetSpec target,
        List<HealthCheck> checks,
        double maxShrink,
        Optional<String> database,
        ProofSettings proofs,
        Map<String, Double> tables,
        Objectives objectives,
        Duration restoreTimeout,
        Optional<Login> login) {

    /** How long a restore may take when the spec does not say. */
    public static final Duration DEFAULT_RESTORE_TIMEOUT = Duration.ofHours(2);
    public static final Duration MIN_RESTORE_TIMEOUT = Duration.ofMinutes(10);
    /** RDS restores of the largest instances take hours; beyond this a drill cannot finish in one night. */
    public static final Duration MAX_RESTORE_TIMEOUT = Duration.ofHours(12);

    /** The validate function's timeout: Lambda's limit. */
    public static final Duration VALIDATE_TIMEOUT = Duration.ofMinutes(15);

    /**
     * What one validate round may prove: validate's 15 minutes less 2 for connecting, counting the rows, loading an
     * S3 dump, the round's safety margin and storing its progress or the report. The checks and the schema
     * fingerprint run once, in the first round, so their timeouts and budget must fit one round; so must a single
     * table of the full read (its per-table budget): a relation is never split across rounds.
     */
    public static final Duration PROVING_TIME = VALIDATE_TIMEOUT.minusMinutes(2);

    /**
     * How many validate rounds a drill's proofs may take: the state machine invokes validate again while proofs
     * are left, at most this often (its definition's cap, tested to be the same). Four rounds are an hour of
     * validation at most, which with the hour the instance may take to become available stays inside the
     * execution's three hours; the last round writes the report with what was proven and what was not.
     */
    public static final int VALIDATE_ROUNDS = 4;

    /**
     * What the checks, the fingerprint and the longer of integrity and the full read (they run at once) may take
     * over all rounds: {@link #VALIDATE_ROUNDS} rounds of {@link #PROVING_TIME}.
     */
    public static final Duration ALL_ROUNDS = PROVING_TIME.multipliedBy(VALIDATE_ROUNDS);

    /** A spec with the AWS path's proof defaults ({@link ProofSettings#awsDefaults()}). */
    public DrillSpec(String name, BackupSourceSpec source, Optional<Duration> maxBackupAge, RdsTargetSpec target,
                     List<HealthCheck> checks, double maxShrink, Optional<String> database) {
        this(name, source, maxBackupAge, target, checks, maxShrink, database, ProofSettings.awsDefaults());
    }

    /** A spec with one tolerance for every table. */
    public DrillSpec(String name, BackupSourceSpec source, Optional<Duration> maxBackupAge, RdsTargetSpec target,
                     List<HealthCheck> checks, double maxShrink, Optional<String> database, ProofSettings proofs) {
        this(name, source, maxBackupAge, target, checks, maxShrink, database, proofs, Map.of());
    }

    /** A spec without objectives. */
    public DrillSpec(String name, BackupSourceSpec source, Optional<Duration> maxBackupAge, RdsTargetSpec target,
                     List<HealthCheck> checks, double maxShrink, Optional<String> database, ProofSettings proofs,
                     Map<String, Double> tables) {
        this(name, source, maxBackupAge, target, checks, maxShrink, database, proofs, tables, Objectives.none());
    }

    /** A spec with the default restore timeout. */
    public DrillSpec(String name, BackupSourceSpec source, Optional<Duration> maxBackupAge, RdsTargetSpec target,
                     List<HealthCheck> checks, double maxShrink, Optional<String> database, ProofSettings proofs,
                     Map<String, Double> tables, Objectives objectives) {
        this(name, source, maxBackupAge, target, checks, maxShrink, database, proofs, tables, objectives,
                DEFAULT_RESTORE_TIMEOUT);
    }

    /** A spec that logs in with the instance's RDS-managed secret. */
    public DrillSpec(String name, BackupSourceSpec source, Optional<Duration> maxBackupAge, RdsTargetSpec target,
                     List<HealthCheck> checks, double maxShrink, Optional<String> database, ProofSettings proofs,
                     Map<String, Double> tables, Objectives objectives, Duration restoreTimeout) {
        this(name, source, maxBackupAge, target, checks, maxShrink, database, proofs, tables, objectives,
                restoreTimeout, Optional.empty());
    }

    public DrillSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(objectives, "objectives");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(maxBackupAge, "maxBackupAge");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(proofs, "proofs");
        Objects.requireNonNull(restoreTimeout, "restoreTimeout");
        checks = List.copyOf(checks);
        tables = Map.copyOf(tables);
        new Tolerances(maxShrink, tables); // refuses a tolerance outside 0..1
        if (proofs.schema().expect().isPresent()) {
            throw new IllegalArgumentException("proofs.schema.expect is a local file, which the validate function"
                    + " cannot read: on the AWS path the schema is compared with the last passing drill's report"
                    + " (reports/<drill>/latest.json); leave expect out");
        }
        fitsValidateRounds(checks, proofs);
        fitsTimeToLive(restoreTimeout, target.timeToLive());
        if (source instanceof AwsBackupRestoreTest test && login.isEmpty()) {
            throw new IllegalArgumentException("source.awsBackupRestoreTest needs \"login: { secretArn: ... }\": the"
                    + " instance AWS Backup restores keeps production's master password, which restore-drill may"
                    + " neither read nor change; name the secret of a read-only role that exists in "
                    + test.production() + " (README, \"AWS Backup restore testing\")");
        }
        if (!name.matches("[a-z][a-z0-9-]{0,39}") || name.endsWith("-") || name.contains("--")) {
            throw new IllegalArgumentException("drill name \"" + name + "\" must be 1-40 lower-case letters, digits and"
                    + " single hyphens, starting with a letter (it becomes part of an RDS instance name)");
        }
    }

    /** How much each table may shrink: {@code maxShrink}, and the overrides of {@code tables}. */
    public Tolerances tolerances() {
        return new Tolerances(maxShrink, tables);
    }

    /**
     * The proofs are resumable (validate runs in rounds, README "The state document"), but the checks, the schema
     * fingerprint and any one table are not split across rounds: they must fit the first round, or one round.
     */
    private static void fitsValidateRounds(List<HealthCheck> checks, ProofSettings proofs) {
        Duration checksTime = checks.stream().map(HealthCheck::timeout).reduce(Duration.ZERO, Duration::plus);
        Duration schema = proofs.schema().enabled() ? proofs.schema().budget() : Duration.ZERO;
        // Freshness runs with the checks, in the first round.
        Duration freshness = proofs.freshness().stream().map(FreshnessRequirement::timeout)
                .reduce(Duration.ZERO, Duration::plus);
        Duration firstRound = checksTime.plus(schema).plus(freshness);
        if (firstRound.compareTo(PROVING_TIME) > 0) {
            String parts = "the checks' timeouts (" + human(checksTime) + ")" + (proofs.freshness().isEmpty() ? ""
                    : ", the freshness queries' timeouts (" + human(freshness) + ")");
            throw new IllegalArgumentException(parts + " and the schema proof's budget (" + human(schema)
                    + ") add up to " + human(firstRound) + ", more than the "
                    + human(PROVING_TIME) + " of validate's first round, where they run (its " + human(VALIDATE_TIMEOUT)
                    + " less 2m for connecting, counting rows, loading a dump and the report): lower a check's"
                    + " timeout or the schema budget");
        }
        if (proofs.fullRead().enabled() && proofs.fullRead().perTable().compareTo(PROVING_TIME) > 0) {
            throw new IllegalArgumentException("proofs.fullRead.perTable (" + human(proofs.fullRead().perTable())
                    + ") is more than the " + human(PROVING_TIME) + " one validate round may prove, and a table is"
                    + " read within one round");
        }
        Duration scans = Duration.ZERO;
        if (proofs.integrity().enabled()) {
            scans = proofs.integrity().budget();
        }
        if (proofs.fullRead().enabled() && proofs.fullRead().budget().compareTo(scans) > 0) {
            scans = proofs.fullRead().budget();
        }
        Duration worstCase = firstRound.plus(scans);
        if (worstCase.compareTo(ALL_ROUNDS) > 0) {
            throw new IllegalArgumentException("the checks' timeouts (" + human(checksTime) + "), the schema budget ("
                    + human(schema) + ") and the longer of the integrity and full-read budgets (" + human(scans)
                    + ", they run at once) add up to " + human(worstCase) + ", more than the " + human(ALL_ROUNDS)
                    + " of validate's " + VALIDATE_ROUNDS + " rounds (" + human(PROVING_TIME) + " each): lower a"
                    + " check's timeout or a proof's budget under \"proofs\", or turn a proof off");
        }
    }

    /**
     * The restore may take {@code restoreTimeout}, then validation its {@link #VALIDATE_ROUNDS} rounds of
     * {@link #VALIDATE_TIMEOUT}: the instance's time to live must cover both, or the reaper deletes it (and the
     * status step reports it failed, past its expiry) while the drill still needs it.
     */
    private static void fitsTimeToLive(Duration restoreTimeout, Duration timeToLive) {
        if (restoreTimeout.compareTo(MIN_RESTORE_TIMEOUT) < 0 || restoreTimeout.compareTo(MAX_RESTORE_TIMEOUT) > 0) {
            throw new IllegalArgumentException("restoreTimeout (" + human(restoreTimeout) + ") must be between "
                    + human(MIN_RESTORE_TIMEOUT) + " and " + human(MAX_RESTORE_TIMEOUT));
        }
        Duration validation = VALIDATE_TIMEOUT.multipliedBy(VALIDATE_ROUNDS);
        if (restoreTimeout.plus(validation).compareTo(timeToLive) > 0) {
            throw new IllegalArgumentException("target.rds.timeToLive (" + human(timeToLive) + ") is shorter than"
                    + " restoreTimeout (" + human(restoreTimeout) + ") plus validation's " + VALIDATE_ROUNDS
                    + " rounds (" + human(validation) + "): the reaper would delete the instance while the drill"
                    + " still needs it; raise timeToLive to at least " + human(restoreTimeout.plus(validation))
                    + " or lower restoreTimeout");
        }
    }

    /** Where the backups of a drill are. */
    public sealed interface BackupSourceSpec permits RdsSnapshots, S3Dumps, AwsBackupRestoreTest, AuroraCluster {
    }

    /**
     * The instances an AWS Backup restore testing plan restores from production's recovery points: restore-drill
     * validates each one when its restore job completes (an EventBridge rule starts the restore-testing workflow),
     * and never creates, changes or deletes it; AWS Backup deletes it when the selection's validation window ends.
     * Event-driven: the nightly run leaves such a drill out.
     *
     * @param restoreTestingPlan   the plan's name: "only alphanumeric characters and underscores. Maximum length is
     *                             50" (RestoreTestingSelectionForList, RestoreTestingPlanName,
     *                             https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForList.html)
     * @param dbInstanceIdentifier the production instance the plan's selection protects: the event's
     *                             {@code sourceResourceArn}
     * @param validationWindow     the selection's ValidationWindowHours: how long AWS Backup keeps the restored
     *                             instance for validation ("an integer between 0 and 168", same page); restore-drill
     *                             needs at least {@link #MIN_VALIDATION_WINDOW} of it
     */
    public record AwsBackupRestoreTest(String restoreTestingPlan, String dbInstanceIdentifier,
                                       Duration validationWindow, Optional<String> dbClusterIdentifier)
            implements BackupSourceSpec {

        /** Validation's rounds (an hour at most) and the restore's own start, with room to spare. */
        public static final Duration MIN_VALIDATION_WINDOW = Duration.ofHours(2);
        public static final Duration MAX_VALIDATION_WINDOW = Duration.ofHours(168);

        /** A restore test of a production DB instance. */
        public AwsBackupRestoreTest(String restoreTestingPlan, String dbInstanceIdentifier, Duration validationWindow) {
            this(restoreTestingPlan, dbInstanceIdentifier, validationWindow, Optional.empty());
        }

        /**
         * A restore test of a production Aurora cluster ({@code dbClusterIdentifier}): AWS Backup restores the cluster
         * without any DB instance, so restore-drill adds one of its own (a drill instance: prefix and tags, class
         * {@link AuroraCluster#DEFAULT_INSTANCE_CLASS}), validates on the cluster's writer endpoint and deletes only
         * that instance. {@code dbInstanceIdentifier} is then empty.
         */
        public static AwsBackupRestoreTest ofCluster(String restoreTestingPlan, String dbClusterIdentifier,
                                                     Duration validationWindow) {
            return new AwsBackupRestoreTest(restoreTestingPlan, "", validationWindow,
                    Optional.of(dbClusterIdentifier));
        }

        /** The production resource's identifier: the cluster's for a cluster test, else the instance's. */
        public String production() {
            return dbClusterIdentifier.orElse(dbInstanceIdentifier);
        }

        public boolean ofAuroraCluster() {
            return dbClusterIdentifier.isPresent();
        }

        public AwsBackupRestoreTest {
            Objects.requireNonNull(restoreTestingPlan, "restoreTestingPlan");
            Objects.requireNonNull(dbInstanceIdentifier, "dbInstanceIdentifier");
            Objects.requireNonNull(validationWindow, "validationWindow");
            Objects.requireNonNull(dbClusterIdentifier, "dbClusterIdentifier");
            if (dbClusterIdentifier.isPresent() == !dbInstanceIdentifier.isEmpty()
                    || dbClusterIdentifier.filter(String::isBlank).isPresent()) {
                throw new IllegalArgumentException("source.awsBackupRestoreTest needs exactly one of"
                        + " dbInstanceIdentifier (a production DB instance) and dbClusterIdentifier (a production"
                        + " Aurora cluster)");
            }
            if (!restoreTestingPlan.matches("[A-Za-z0-9_]{1,50}")) {
                throw new IllegalArgumentException("source.awsBackupRestoreTest.restoreTestingPlan \""
                        + restoreTestingPlan + "\" is not a restore testing plan name: AWS Backup's names are 1-50"
                        + " letters, digits and underscores");
            }
            if (validationWindow.compareTo(MIN_VALIDATION_WINDOW) < 0
                    || validationWindow.compareTo(MAX_VALIDATION_WINDOW) > 0) {
                throw new IllegalArgumentException("source.awsBackupRestoreTest.validationWindowHours ("
                        + validationWindow.toHours() + ") must be " + MIN_VALIDATION_WINDOW.toHours() + " to "
                        + MAX_VALIDATION_WINDOW.toHours() + ", as the restore testing selection's"
                        + " ValidationWindowHours: validation takes up to " + VALIDATE_ROUNDS + " rounds of "
                        + VALIDATE_TIMEOUT.toMinutes() + " minutes, and AWS Backup deletes the instance when the window"
                        + " ends");
            }
        }
    }

    /**
     * The login validate uses instead of the instance's RDS-managed secret: a Secrets Manager secret holding
     * {@code {"username", "password"}} of a read-only role that exists in production, and so in every restore of it.
     */
    public record Login(String secretArn) {
        public Login {
            Objects.requireNonNull(secretArn, "secretArn");
            if (!secretArn.matches("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@!-]+")) {
                throw new IllegalArgumentException("login.secretArn \"" + secretArn + "\" is not the ARN of a"
                        + " Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>)");
            }
        }
    }

    /**
     * Snapshots of an RDS instance: manual ones, ones shared from another (backup) account, AWS Backup ones.
     *
     * @param allowAutomated accept automated snapshots too; off by default because they die with the instance
     * @param copyShared     when given, a shared encrypted snapshot (which RDS cannot restore directly) is first
     *                       copied into this account with this key, and the copy is restored; without it such a
     *                       snapshot is refused
     */
    public record RdsSnapshots(String dbInstanceIdentifier, boolean allowAutomated, Optional<CopyShared> copyShared)
            implements BackupSourceSpec {
        public RdsSnapshots {
            Objects.requireNonNull(dbInstanceIdentifier, "dbInstanceIdentifier");
            Objects.requireNonNull(copyShared, "copyShared");
        }

        public RdsSnapshots(String dbInstanceIdentifier, boolean allowAutomated) {
            this(dbInstanceIdentifier, allowAutomated, Optional.empty());
        }
    }

    /**
     * Cluster snapshots of an Aurora PostgreSQL cluster (manual, shared from a backup account, AWS Backup), restored
     * into a temporary cluster with one temporary DB instance in it. The same rules as {@link RdsSnapshots}: automated
     * cluster snapshots die with the cluster and are refused unless allowed; a shared encrypted one is copied first
     * (CopyDBClusterSnapshot) when {@code copyShared} names this account's key, refused otherwise.
     */
    public record AuroraCluster(String dbClusterIdentifier, boolean allowAutomated, Optional<CopyShared> copyShared)
            implements BackupSourceSpec {

        /**
         * The instance class of the temporary instance when the spec names none: the smallest class the Aurora User
         * Guide lists for Aurora PostgreSQL provisioned instances (burstable db.t4g.medium; db.t3.medium is the same
         * size on older hardware).
         */
        public static final String DEFAULT_INSTANCE_CLASS = "db.t4g.medium";

        public AuroraCluster {
            Objects.requireNonNull(dbClusterIdentifier, "dbClusterIdentifier");
            Objects.requireNonNull(copyShared, "copyShared");
        }
    }

    /**
     * How to copy a shared encrypted snapshot into this account before restoring it.
     *
     * @param kmsKeyId a KMS key of this account (ARN, key id or alias) that encrypts the copy; CopyDBSnapshot
     *                 requires one for an encrypted snapshot shared from another account
     */
    public record CopyShared(String kmsKeyId) {
        public CopyShared {
            Objects.requireNonNull(kmsKeyId, "kmsKeyId");
            if (kmsKeyId.isBlank()) {
                throw new IllegalArgumentException("source.rdsSnapshot.copyShared.kmsKeyId must name a KMS key of this"
                        + " account");
            }
        }
    }

    /** pg_dump files under an S3 prefix, loaded into a blank temporary instance. */
    public record S3Dumps(String bucket, String prefix) implements BackupSourceSpec {
        public S3Dumps {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(prefix, "prefix");
        }

        public String uri() {
            return "s3://" + bucket + "/" + prefix;
        }
    }

    /**
     * How to create the temporary instance.
     *
     * @param timeToLive      after this the reaper deletes the instance even if the drill never cleaned up
     * @param engineVersion   for a blank instance (S3 dumps): the PostgreSQL version; empty = RDS default
     * @param allocatedStorageGb for a blank instance (S3 dumps)
     * @param vpcSecurityGroupIds the drill's own security groups, besides the stack's temporary-instance group; may
     *                        be empty when the stack provides that group
     */
    public record RdsTargetSpec(
            String instanceClass,
            String dbSubnetGroupName,
            List<String> vpcSecurityGroupIds,
            Duration timeToLive,
            Optional<String> engineVersion,
            int allocatedStorageGb) {

        public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofHours(6);
        public static final int DEFAULT_ALLOCATED_STORAGE_GB = 20;

        /**
         * The target of a drill that restores nothing ({@link AwsBackupRestoreTest}: AWS Backup chose where the
         * instance is). Only the time to live is read, by validate's restore time: the validation window, counted
         * from the restore job's creation; the rest is empty, and the restore step refuses such a drill before it
         * would read it.
         */
        public static RdsTargetSpec adopted(Duration validationWindow) {
            return new RdsTargetSpec("", "", List.of(), validationWindow, Optional.empty(),
                    DEFAULT_ALLOCATED_STORAGE_GB);
        }

        public RdsTargetSpec {
            Objects.requireNonNull(instanceClass, "instanceClass");
            Objects.requireNonNull(dbSubnetGroupName, "dbSubnetGroupName");
            Objects.requireNonNull(timeToLive, "timeToLive");
            Objects.requireNonNull(engineVersion, "engineVersion");
            // May be empty: the stack's temporary-instance security group (TEMPORARY_INSTANCE_SECURITY_GROUP_ID) is
            // added to every instance; the launcher refuses an instance that would get no group at all.
            vpcSecurityGroupIds = List.copyOf(vpcSecurityGroupIds);
        }
    }

    private static String human(Duration d) {
        long seconds = d.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds / 60 + "m" + seconds % 60 + "s";
    }
}
