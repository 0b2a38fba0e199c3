package io.restoredrill.infra;

import io.restoredrill.core.aws.DrillFunction;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The nightly restore drill on AWS, assembled from one construct per job: {@link DrillNetwork} (VPC, subnets, DB
 * subnet group, security groups), {@link DrillBuckets}, {@link DrillFunctions} (the four functions and the reaper,
 * each with its grants), {@link DrillWorkflow} (the Step Functions workflow and the schedules) and
 * {@link DrillAlarms} (topic, alarms, dashboard). The statements and the pages they rest on are in
 * {@link DrillPolicies}; cdk-nag suppressions, each with its reason, in {@link NagFindings}. Stateful resources keep
 * the logical IDs they had before the split ({@link LogicalIds}).
 */
public final class RestoreDrillStack extends Stack {

    /**
     * The workflow definition, relative to the repository root (the statemachine module owns it): the night's parent,
     * with the per-drill child {@code drill.asl.json} beside it ({@link WorkflowDefinition}).
     */
    public static final Path DEFAULT_DEFINITION = Path.of("statemachine", "src", "main", "resources", "statemachine",
            "fleet.asl.json");
    public static final String METRICS_NAMESPACE = "RestoreDrill";
    public static final String DRILL_DIMENSION = "Drill";
    public static final String NIGHTLY_SCHEDULE = "cron(0 3 * * ? *)";
    public static final String REPORTS_PREFIX = "reports/";
    /** How long DrillSucceeded may be missing before the silence alarm fires. */
    public static final int SILENCE_HOURS = 26;
    /** Allowed backup age for a drill whose spec states none (the nightly cadence plus slack). */
    public static final double DEFAULT_MAX_BACKUP_AGE_HOURS = 26;
    /**
     * EventBridge refuses a target input longer than this many characters (PutTargets, Target.Input,
     * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html).
     */
    static final int MAX_RULE_INPUT_CHARS = 8192;

    /**
     * What the stack is built from.
     *
     * @param config                 deployment parameters
     * @param fleet                  the drills the nightly run starts with
     * @param repositoryRoot         where the modules' jars are (lambda-restore/target/lambda-restore.jar, ...)
     * @param stateMachineDefinition the ASL file with ${...} placeholders for the function ARNs
     */
    public record Settings(DeploymentConfig config, DrillFleet fleet, Path repositoryRoot, Path stateMachineDefinition) {
        public Settings {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(fleet, "fleet");
            Objects.requireNonNull(repositoryRoot, "repositoryRoot");
            Objects.requireNonNull(stateMachineDefinition, "stateMachineDefinition");
        }

        /** Settings with the real definition file under the repository root. */
        public static Settings of(DeploymentConfig config, DrillFleet fleet, Path repositoryRoot) {
            return new Settings(config, fleet, repositoryRoot, repositoryRoot.resolve(DEFAULT_DEFINITION));
        }
    }

    /** A function of the drill: its deployable jar and handler, as the lambda modules build them. */
    public enum Handler {
        RESTORE("lambda-restore", DrillFunction.RESTORE, Duration.minutes(2),
                "Restores the newest independent backup into a temporary, tagged RDS instance"),
        STATUS("lambda-restore", DrillFunction.STATUS, Duration.minutes(1),
                "Reports whether the temporary instance is creating, available or failed"),
        // The first queries after a snapshot restore read blocks lazily from S3 and can take many minutes.
        VALIDATE("lambda-validate", DrillFunction.VALIDATE,
                Duration.minutes(15), "Runs the drill's checks on the temporary instance and writes the report"),
        CLEANUP("lambda-cleanup", DrillFunction.CLEANUP, Duration.minutes(2),
                "Deletes the drill's temporary instance, only if tagged as temporary"),
        REAPER("lambda-cleanup", DrillFunction.REAPER, Duration.minutes(2),
                "Hourly: deletes temporary instances past their expires-at tag"),
        PLAN("lambda-fleet", DrillFunction.PLAN, Duration.minutes(5),
                "Plans the night: reads and validates the drill list, writes its items, sets concurrency within the RDS quotas"),
        SUMMARIZE("lambda-fleet", DrillFunction.SUMMARIZE, Duration.minutes(5),
                "Summarises the night: reads every drill's result, writes summary.json, names failed drills and orphans"),
        AUDIT("lambda-fleet", DrillFunction.AUDIT, Duration.minutes(10),
                "Nightly: audits every RDS database of the account (deletion protection, independent backups, drills)"),
        // Deployed only with awsBackupRestoreTesting (DrillRestoreTesting): AWS Backup restore testing's validator.
        RESTORE_TEST_ADOPT("lambda-restore", DrillFunction.RESTORE_TEST_ADOPT, Duration.minutes(2),
                "AWS Backup restore testing: adopts (describes, never changes) the instance a restore testing job restored"),
        RESTORE_TEST_REPORT("lambda-restore", DrillFunction.RESTORE_TEST_REPORT, Duration.minutes(1),
                "AWS Backup restore testing: reports the validation to AWS Backup (PutRestoreValidationResult)");

        private final String module;
        private final DrillFunction function;
        private final Duration timeout;
        private final String description;

        Handler(String module, DrillFunction function, Duration timeout, String description) {
            this.module = module;
            this.function = function;
            this.timeout = timeout;
            this.description = description;
        }

        /** Whether the deployment has this function: the restore-testing ones only with awsBackupRestoreTesting. */
        public boolean deployedWith(DeploymentConfig config) {
            return !(this == RESTORE_TEST_ADOPT || this == RESTORE_TEST_REPORT) || config.awsBackupRestoreTesting();
        }

        /** The deployable jar, relative to the repository root. */
        public Path jar() {
            return Path.of(module, "target", module + ".jar");
        }

        public String handler() {
            return function.handler();
        }

        /** The function's name in the call manifest and its handler class. */
        public DrillFunction function() {
            return function;
        }

        String description() {
            return description;
        }

        Duration timeout() {
            return timeout;
        }

        /** The function's name in construct ids: "Restore", "Status", ... */
        String constructName() {
            StringBuilder name = new StringBuilder();
            for (String word : name().toLowerCase().split("_")) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
            return name.toString();
        }
    }

    private final DrillNetwork network;
    private final DrillBuckets buckets;
    private final DrillList drillList;
    private final DrillFunctions functions;
    private final DrillWorkflow workflow;
    private final DrillAlarms alarms;
    private final Optional<DrillRestoreTesting> restoreTesting;

    public RestoreDrillStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        // Access logs are delivered under a bucket policy rather than the legacy log-delivery ACL.
        getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        requireFiles(settings);
        DeploymentConfig config = settings.config();
        network = new DrillNetwork(this, "Network", config);
        buckets = new DrillBuckets(this, "Buckets", config);
        drillList = new DrillList(this, "DrillList", settings.fleet());
        functions = new DrillFunctions(this, "Functions", settings, network, buckets, drillList);
        workflow = new DrillWorkflow(this, "Workflow", settings, functions, buckets, drillList);
        alarms = new DrillAlarms(this, "Alarms", config.notificationEmail(), settings.fleet(), workflow.stateMachine());
        restoreTesting = DrillRestoreTesting.ifConfigured(this, settings, functions, alarms.topic());

        // The preflight and the README read these by name.
        CfnOutput.Builder.create(this, "StateMachineArn").value(workflow.stateMachine().getStateMachineArn()).build();
        CfnOutput.Builder.create(this, "ReportsBucketName").value(buckets.reports().getBucketName()).build();
        CfnOutput.Builder.create(this, "TemporaryInstanceSecurityGroupId")
                .value(network.temporaryInstanceGroup().getSecurityGroupId()).build();
        CfnOutput.Builder.create(this, "TemporaryInstanceSubnetGroupName").value(network.subnetGroup().getRef()).build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(alarms.topic().getTopicArn()).build();
        buckets.backups().ifPresent(bucket -> CfnOutput.Builder.create(this, "BackupsBucketName")
                .value(bucket.getBucketName()).build());
    }

    /** The Distributed Map state of the definition that runs one child execution per drill. */
    static final String DRILLS_MAP_STATE = WorkflowDefinition.DRILLS_MAP_STATE;

    /** The placeholders of the ASL definition, each with the ARN that fills it. */
    public Map<String, String> definitionSubstitutions() {
        return workflow.definitionSubstitutions();
    }

    /** The deployed drill list document, {"drills": [...]}, as the Asset holds it. */
    public com.fasterxml.jackson.databind.node.ObjectNode drillListDocument() {
        return drillList.document();
    }

    public Function function(Handler handler) {
        return functions.function(handler);
    }

    public StateMachine stateMachine() {
        return workflow.stateMachine();
    }

    public SecurityGroup temporaryInstanceSecurityGroup() {
        return network.temporaryInstanceGroup();
    }

    public Bucket reportsBucket() {
        return buckets.reports();
    }

    public Optional<Bucket> backupsBucket() {
        return buckets.backups();
    }

    /** The restore-testing workflow, when the deployment has awsBackupRestoreTesting. */
    public Optional<StateMachine> restoreTestingStateMachine() {
        return restoreTesting.map(DrillRestoreTesting::stateMachine);
    }

    public Topic alarmTopic() {
        return alarms.topic();
    }

    private static void requireFiles(Settings settings) {
        List<String> missing = new ArrayList<>();
        for (Handler handler : Handler.values()) {
            Path jar = settings.repositoryRoot().resolve(handler.jar());
            if (!Files.isRegularFile(jar)) {
                missing.add(jar.toString());
            }
        }
        if (!Files.isRegularFile(settings.stateMachineDefinition())) {
            missing.add(settings.stateMachineDefinition().toString());
        }
        Path drill = settings.stateMachineDefinition().resolveSibling(WorkflowDefinition.DRILL_FILE);
        if (settings.stateMachineDefinition().endsWith(DEFAULT_DEFINITION.getFileName()) && !Files.isRegularFile(drill)) {
            missing.add(drill.toString());
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("cannot synthesize: missing " + String.join(", ", missing)
                    + ". Build the modules first: ./mvnw -B package -DskipTests (from the repository root)");
        }
    }
}
