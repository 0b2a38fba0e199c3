package io.restoredrill.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetAttributes;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.CfnDBSubnetGroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectLockRetention;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The nightly restore drill on AWS: the four functions and the reaper, the Step Functions workflow that runs them
 * for every drill at 03:00 UTC, the buckets, the security groups, and the alarms that notice failures and
 * silence. Least privilege is in {@link DrillPolicies}; cdk-nag suppressions, each with its reason, in
 * {@link NagFindings}.
 */
public final class RestoreDrillStack extends Stack {

    /** The workflow definition, relative to the repository root (the statemachine module owns it). */
    public static final Path DEFAULT_DEFINITION = Path.of("statemachine", "src", "main", "resources", "statemachine",
            "restore-drill.asl.json");
    public static final String METRICS_NAMESPACE = "RestoreDrill";
    public static final String DRILL_DIMENSION = "Drill";
    public static final String NIGHTLY_SCHEDULE = "cron(0 3 * * ? *)";
    public static final String REPORTS_PREFIX = "reports/";
    /** How long DrillSucceeded may be missing before the silence alarm fires. */
    public static final int SILENCE_HOURS = 26;
    /** Allowed backup age for a drill whose spec states none (the nightly cadence plus slack). */
    public static final double DEFAULT_MAX_BACKUP_AGE_HOURS = 26;
    /** EventBridge refuses a target input longer than this many characters. */
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
        RESTORE("lambda-restore", "io.restoredrill.lambda.restore.RestoreHandler::handleRequest", Duration.minutes(2),
                "Restores the newest independent backup into a temporary, tagged RDS instance"),
        STATUS("lambda-restore", "io.restoredrill.lambda.restore.StatusHandler::handleRequest", Duration.minutes(1),
                "Reports whether the temporary instance is creating, available or failed"),
        // The first queries after a snapshot restore read blocks lazily from S3 and can take many minutes.
        VALIDATE("lambda-validate", "io.restoredrill.lambda.validate.ValidateHandler::handleRequest",
                Duration.minutes(15), "Runs the drill's checks on the temporary instance and writes the report"),
        CLEANUP("lambda-cleanup", "io.restoredrill.lambda.cleanup.CleanupHandler::handleRequest", Duration.minutes(2),
                "Deletes the drill's temporary instance, only if tagged as temporary"),
        REAPER("lambda-cleanup", "io.restoredrill.lambda.cleanup.ReaperHandler::handleRequest", Duration.minutes(2),
                "Hourly: deletes temporary instances past their expires-at tag");

        private final String module;
        private final String handler;
        private final Duration timeout;
        private final String description;

        Handler(String module, String handler, Duration timeout, String description) {
            this.module = module;
            this.handler = handler;
            this.timeout = timeout;
            this.description = description;
        }

        /** The deployable jar, relative to the repository root. */
        public Path jar() {
            return Path.of(module, "target", module + ".jar");
        }

        public String handler() {
            return handler;
        }
    }

    private final Map<Handler, Function> functions = new LinkedHashMap<>();
    private final StateMachine stateMachine;
    private final SecurityGroup temporaryInstanceSecurityGroup;
    private final Bucket reportsBucket;
    private final Optional<Bucket> backupsBucket;
    private final Topic alarmTopic;

    public RestoreDrillStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        // Access logs are delivered under a bucket policy rather than the legacy log-delivery ACL.
        getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        DeploymentConfig config = settings.config();
        requireFiles(settings);
        DrillPolicies policies = new DrillPolicies(this);

        IVpc vpc = Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder()
                .vpcId(config.vpcId())
                .availabilityZones(config.availabilityZones().isEmpty()
                        ? List.of(getRegion() + "a") : config.availabilityZones())
                .build());
        List<ISubnet> subnets = new ArrayList<>();
        for (int i = 0; i < config.privateSubnetIds().size(); i++) {
            SubnetAttributes.Builder subnet = SubnetAttributes.builder().subnetId(config.privateSubnetIds().get(i));
            if (!config.availabilityZones().isEmpty()) {
                subnet.availabilityZone(config.availabilityZones().get(i));
            }
            ISubnet imported = Subnet.fromSubnetAttributes(this, "PrivateSubnet" + i, subnet.build());
            // Only the subnet ids are used (Lambda VPC config, DB subnet group); no route table is read.
            software.amazon.awscdk.Annotations.of(imported).acknowledgeWarning("@aws-cdk/aws-ec2:noSubnetRouteTableId",
                    "the stack never reads the route tables of the given subnets");
            subnets.add(imported);
        }
        SubnetSelection privateSubnets = SubnetSelection.builder().subnets(subnets).build();

        // Temporary instances restored by the drill live in these subnets, behind this group.
        CfnDBSubnetGroup dbSubnetGroup = CfnDBSubnetGroup.Builder.create(this, "TemporaryInstanceSubnetGroup")
                .dbSubnetGroupDescription("restore-drill temporary instances (private subnets)")
                .subnetIds(config.privateSubnetIds())
                .build();
        temporaryInstanceSecurityGroup = SecurityGroup.Builder.create(this, "TemporaryInstanceSecurityGroup")
                .vpc(vpc).allowAllOutbound(false)
                .description("restore-drill temporary instances: PostgreSQL from the validate function only")
                .build();

        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogsBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("ExpireAccessLogs").expiration(Duration.days(365)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        NagFindings.accessLogsBucket(accessLogs);
        reportsBucket = Bucket.Builder.create(this, "ReportsBucket")
                .bucketName(config.reportsBucketName().orElse(null))
                .serverAccessLogsBucket(accessLogs).serverAccessLogsPrefix("reports-bucket/")
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("ExpireOverwrittenReports")
                        .noncurrentVersionExpiration(Duration.days(90)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // Backups must outlive everything else: versioned, locked against deletion, retained with the stack gone.
        backupsBucket = config.backupsBucket() ? Optional.of(Bucket.Builder.create(this, "BackupsBucket")
                .bucketName(config.backupsBucketName().orElse(null))
                .serverAccessLogsBucket(accessLogs).serverAccessLogsPrefix("backups-bucket/")
                .versioned(true)
                .objectLockEnabled(true)
                .objectLockDefaultRetention(ObjectLockRetention.governance(Duration.days(config.backupsRetentionDays())))
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build()) : Optional.empty();

        // One security group per function: only HTTPS out (AWS APIs), plus PostgreSQL to the instances for validate.
        for (Handler handler : Handler.values()) {
            SecurityGroup group = SecurityGroup.Builder.create(this, camel(handler) + "FunctionSecurityGroup")
                    .vpc(vpc).allowAllOutbound(false)
                    .description("restore-drill " + handler.name().toLowerCase() + " function")
                    .build();
            group.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "AWS APIs over HTTPS");
            Role role = Role.Builder.create(this, camel(handler) + "FunctionRole")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .description("restore-drill " + handler.name().toLowerCase() + " function")
                    .build();
            role.addToPolicy(DrillPolicies.vpcNetworkInterfaces());
            functions.put(handler, function(handler, settings.repositoryRoot(), role, group, privateSubnets, vpc));
        }
        ISecurityGroup validateGroup = functions.get(Handler.VALIDATE).getConnections().getSecurityGroups().get(0);
        temporaryInstanceSecurityGroup.addIngressRule(validateGroup, Port.tcp(5432), "PostgreSQL from validate");
        validateGroup.addEgressRule(temporaryInstanceSecurityGroup, Port.tcp(5432), "PostgreSQL to temporary instances");

        grantPermissions(policies, settings.fleet());
        functions.get(Handler.VALIDATE).addEnvironment("REPORTS_BUCKET", reportsBucket.getBucketName());
        functions.get(Handler.VALIDATE).addEnvironment("REPORTS_PREFIX", REPORTS_PREFIX);

        LogGroup executionLogs = LogGroup.Builder.create(this, "StateMachineLogs")
                .logGroupName("/aws/vendedlogs/states/" + getStackName() + "-drills")
                .retention(RetentionDays.ONE_YEAR)
                .build();
        stateMachine = StateMachine.Builder.create(this, "DrillStateMachine")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromString(
                        definitionWithConcurrency(settings.stateMachineDefinition(), settings.config().maxConcurrency())))
                .definitionSubstitutions(definitionSubstitutions())
                .logs(LogOptions.builder().destination(executionLogs).level(LogLevel.ALL).includeExecutionData(true).build())
                .tracingEnabled(true)
                .build();
        for (Handler handler : List.of(Handler.RESTORE, Handler.STATUS, Handler.VALIDATE, Handler.CLEANUP)) {
            functions.get(handler).grantInvoke(stateMachine);
        }

        Rule.Builder.create(this, "NightlyDrillSchedule")
                .description("Starts the restore drill for every configured drill at 03:00 UTC")
                .schedule(Schedule.expression(NIGHTLY_SCHEDULE))
                .targets(List.of(SfnStateMachine.Builder.create(stateMachine)
                        .input(RuleTargetInput.fromObject(executionInput(settings.fleet(), dbSubnetGroup)))
                        .retryAttempts(3)
                        .build()))
                .build();
        Rule.Builder.create(this, "ReaperSchedule")
                .description("Hourly: deletes temporary drill instances past their expiry")
                .schedule(Schedule.rate(Duration.hours(1)))
                .targets(List.of(LambdaFunction.Builder.create(functions.get(Handler.REAPER)).retryAttempts(2).build()))
                .build();

        alarmTopic = Topic.Builder.create(this, "AlarmTopic").displayName("restore-drill alarms").enforceSsl(true).build();
        config.notificationEmail().ifPresent(email -> alarmTopic.addSubscription(new EmailSubscription(email)));
        alarms(settings.fleet());
        dashboard(settings.fleet());

        CfnOutput.Builder.create(this, "StateMachineArn").value(stateMachine.getStateMachineArn()).build();
        CfnOutput.Builder.create(this, "ReportsBucketName").value(reportsBucket.getBucketName()).build();
        CfnOutput.Builder.create(this, "TemporaryInstanceSecurityGroupId")
                .value(temporaryInstanceSecurityGroup.getSecurityGroupId()).build();
        CfnOutput.Builder.create(this, "TemporaryInstanceSubnetGroupName").value(dbSubnetGroup.getRef()).build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(alarmTopic.getTopicArn()).build();
        backupsBucket.ifPresent(bucket -> CfnOutput.Builder.create(this, "BackupsBucketName")
                .value(bucket.getBucketName()).build());

        functions.forEach((handler, function) -> {
            NagFindings.functionRuntime(function);
            NagFindings.functionRole(function.getRole(), handler);
        });
        NagFindings.stateMachine(stateMachine);
    }

    /** The Map state of the definition that runs the drills; its MaxConcurrency is a deployment parameter. */
    static final String DRILLS_MAP_STATE = "RunDrills";

    /**
     * The definition with the Map state's MaxConcurrency set from the deployment configuration: the file keeps a
     * literal number (so it stays valid ASL for asl-validator and the local engine), and the deployment decides.
     */
    static String definitionWithConcurrency(java.nio.file.Path definition, int maxConcurrency) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.JsonNode root = json.readTree(java.nio.file.Files.readString(definition));
            com.fasterxml.jackson.databind.JsonNode map = root.path("States").path(DRILLS_MAP_STATE);
            if (!map.isObject() || !"Map".equals(map.path("Type").asText())) {
                throw new IllegalStateException(definition + " has no Map state \"" + DRILLS_MAP_STATE + "\"");
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) map).put("MaxConcurrency", maxConcurrency);
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the state machine definition " + definition, e);
        }
    }

    /** The placeholders of the ASL definition, each with the ARN that fills it. */
    public Map<String, String> definitionSubstitutions() {
        Map<String, String> substitutions = new LinkedHashMap<>();
        substitutions.put("RestoreFunctionArn", functions.get(Handler.RESTORE).getFunctionArn());
        substitutions.put("StatusFunctionArn", functions.get(Handler.STATUS).getFunctionArn());
        substitutions.put("ValidateFunctionArn", functions.get(Handler.VALIDATE).getFunctionArn());
        substitutions.put("CleanupFunctionArn", functions.get(Handler.CLEANUP).getFunctionArn());
        return substitutions;
    }

    public Function function(Handler handler) {
        return functions.get(handler);
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public SecurityGroup temporaryInstanceSecurityGroup() {
        return temporaryInstanceSecurityGroup;
    }

    public Bucket reportsBucket() {
        return reportsBucket;
    }

    public Optional<Bucket> backupsBucket() {
        return backupsBucket;
    }

    public Topic alarmTopic() {
        return alarmTopic;
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
        if (!missing.isEmpty()) {
            throw new IllegalStateException("cannot synthesize: missing " + String.join(", ", missing)
                    + ". Build the modules first: ./mvnw -B package -DskipTests (from the repository root)");
        }
    }

    private Function function(Handler handler, Path repositoryRoot, Role role, SecurityGroup group,
                              SubnetSelection subnets, IVpc vpc) {
        String name = camel(handler);
        LogGroup logs = LogGroup.Builder.create(this, name + "FunctionLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .build();
        logs.grantWrite(role);
        return Function.Builder.create(this, name + "Function")
                .description(handler.description)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(handler.handler())
                .code(Code.fromAsset(repositoryRoot.resolve(handler.jar()).toString()))
                .memorySize(1024)
                .timeout(handler.timeout)
                .vpc(vpc)
                .vpcSubnets(subnets)
                .securityGroups(List.of(group))
                .role(role)
                .logGroup(logs)
                // Short-lived invocations: C1 only starts the JVM faster (Lambda's own advice for Java).
                .environment(Map.of("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                .build();
    }

    private void grantPermissions(DrillPolicies policies, DrillFleet fleet) {
        Role restore = role(Handler.RESTORE);
        restore.addToPolicy(policies.readRds("rds:DescribeDBInstances", "rds:DescribeDBSnapshots",
                "rds:DescribeDBSnapshotAttributes", "rds:ListTagsForResource"));
        policies.createTemporaryInstances().forEach(restore::addToPolicy);

        role(Handler.STATUS).addToPolicy(policies.readRds("rds:DescribeDBInstances"));

        Role validate = role(Handler.VALIDATE);
        validate.addToPolicy(policies.readRds("rds:DescribeDBInstances", "rds:ListTagsForResource"));
        validate.addToPolicy(policies.readTemporaryInstanceSecrets());
        validate.addToPolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                .sid("WriteReports").actions(List.of("s3:PutObject"))
                .resources(List.of(reportsBucket.arnForObjects(REPORTS_PREFIX + "*"))).build());
        // Drills whose backups are pg_dump files in S3: validate picks the newest dump and loads it.
        fleet.drills().stream().map(d -> d.spec().source())
                .filter(source -> source instanceof io.restoredrill.core.domain.DrillSpec.S3Dumps)
                .map(source -> (io.restoredrill.core.domain.DrillSpec.S3Dumps) source)
                .distinct()
                .forEach(dumps -> {
                    validate.addToPolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                            .actions(List.of("s3:ListBucket"))
                            .resources(List.of("arn:" + getPartition() + ":s3:::" + dumps.bucket()))
                            .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(dumps.prefix() + "*"))))
                            .build());
                    validate.addToPolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                            .actions(List.of("s3:GetObject"))
                            .resources(List.of("arn:" + getPartition() + ":s3:::" + dumps.bucket() + "/" + dumps.prefix() + "*"))
                            .build());
                });

        for (Handler deleter : List.of(Handler.CLEANUP, Handler.REAPER)) {
            Role role = role(deleter);
            role.addToPolicy(policies.readRds("rds:DescribeDBInstances", "rds:ListTagsForResource"));
            policies.deleteTemporaryInstances().forEach(role::addToPolicy);
        }
    }

    private Role role(Handler handler) {
        return (Role) functions.get(handler).getRole();
    }

    /**
     * The execution input of the nightly run: {"drills": [spec, ...]}, with the stack's subnet group and
     * temporary-instance security group filled in where a spec leaves them out.
     */
    private Map<String, Object> executionInput(DrillFleet fleet, CfnDBSubnetGroup subnetGroup) {
        ObjectMapper json = new ObjectMapper();
        List<Object> drills = new ArrayList<>();
        int length = "{\"drills\":[]}".length();
        for (DrillFleet.Drill drill : fleet.drills()) {
            ObjectNode document = drill.document().deepCopy();
            ObjectNode rds = document.withObject("/target").withObject("/rds");
            if (drill.usesStackSubnetGroup()) {
                rds.put("dbSubnetGroupName", subnetGroup.getRef());
            }
            if (drill.usesStackSecurityGroup()) {
                rds.putArray("vpcSecurityGroupIds").add(temporaryInstanceSecurityGroup.getSecurityGroupId());
            }
            // Tokens render longer than their placeholders; count the real ids at their longest.
            length += drill.document().toString().length() + 1
                    + (drill.usesStackSubnetGroup() ? 90 : 0) + (drill.usesStackSecurityGroup() ? 50 : 0);
            drills.add(json.convertValue(document, new TypeReference<Map<String, Object>>() { }));
        }
        if (length > MAX_RULE_INPUT_CHARS) {
            throw new io.restoredrill.core.domain.InvalidConfigurationException("the drills make an execution input"
                    + " of about " + length + " characters; EventBridge allows " + MAX_RULE_INPUT_CHARS
                    + ". Split the fleet into several stacks or shorten the checks");
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("drills", drills);
        return input;
    }

    private void alarms(DrillFleet fleet) {
        SnsAction notify = new SnsAction(alarmTopic);
        MetricOptions fiveMinuteSum = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
        Map<String, IMetric> executionMetrics = new LinkedHashMap<>();
        executionMetrics.put("ExecutionsFailed", stateMachine.metricFailed(fiveMinuteSum));
        executionMetrics.put("ExecutionsTimedOut", stateMachine.metricTimedOut(fiveMinuteSum));
        executionMetrics.put("ExecutionsAborted", stateMachine.metricAborted(fiveMinuteSum));
        executionMetrics.forEach((name, metric) -> Alarm.Builder.create(this, name + "Alarm")
                .alarmDescription("A restore drill execution ended with " + name.substring("Executions".length())
                        + ": open the execution in the Step Functions console; each drill's report names the cause")
                .metric(metric)
                .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build().addAlarmAction(notify));

        for (DrillFleet.Drill drill : fleet.drills()) {
            // Silence: no successful drill for 26 h (the schedule stopped, the functions never ran, metrics lost).
            // A single period cannot span 26 h, and period x evaluation periods may reach 7 days only for periods
            // of an hour or more: so 26 hourly periods, all 26 breaching, missing hours counted as breaching. The
            // statistic is Maximum: an hour is good when any run in it succeeded (failures have their own alarm).
            Alarm.Builder.create(this, "DrillSilent-" + drill.name())
                    .alarmDescription("No successful restore drill \"" + drill.name() + "\" for " + SILENCE_HOURS
                            + " hours: the nightly run did not happen or did not succeed")
                    .metric(drillMetric("DrillSucceeded", drill.name(), "Maximum", Duration.hours(1)))
                    .threshold(1).comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                    .evaluationPeriods(SILENCE_HOURS).datapointsToAlarm(SILENCE_HOURS)
                    .treatMissingData(TreatMissingData.BREACHING)
                    .build().addAlarmAction(notify);
            double maxAge = drill.maxBackupAgeHours().orElse(DEFAULT_MAX_BACKUP_AGE_HOURS);
            Alarm.Builder.create(this, "BackupTooOld-" + drill.name())
                    .alarmDescription("The newest backup of drill \"" + drill.name() + "\" is older than " + maxAge
                            + " hours: backups stopped")
                    .metric(drillMetric("BackupAgeHours", drill.name(), "Maximum", Duration.hours(1)))
                    .threshold(maxAge).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build().addAlarmAction(notify);
        }

        Alarm.Builder.create(this, "ReaperDeletedAlarm")
                .alarmDescription("The reaper deleted a temporary instance that a drill did not clean up: an orphan"
                        + " happened; look for the failed cleanup in the executions of the last hours")
                .metric(Metric.Builder.create().namespace(METRICS_NAMESPACE).metricName("ReaperDeleted")
                        .statistic("Sum").period(Duration.hours(1)).build())
                .threshold(0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build().addAlarmAction(notify);
    }

    private void dashboard(DrillFleet fleet) {
        List<IMetric> restoreSeconds = new ArrayList<>();
        List<IMetric> backupAge = new ArrayList<>();
        List<IMetric> succeeded = new ArrayList<>();
        for (DrillFleet.Drill drill : fleet.drills()) {
            restoreSeconds.add(labelled(drillMetric("RestoreSeconds", drill.name(), "Maximum", Duration.days(1)), drill.name()));
            backupAge.add(labelled(drillMetric("BackupAgeHours", drill.name(), "Maximum", Duration.days(1)), drill.name()));
            succeeded.add(labelled(drillMetric("DrillSucceeded", drill.name(), "Maximum", Duration.days(1)), drill.name()));
        }
        MetricOptions daily = MetricOptions.builder().period(Duration.days(1)).statistic("Sum").build();
        List<IWidget> row = List.of(
                GraphWidget.Builder.create().title("Restore time (s)").left(restoreSeconds).width(12).build(),
                GraphWidget.Builder.create().title("Backup age (h)").left(backupAge).width(12).build());
        List<IWidget> second = List.of(
                GraphWidget.Builder.create().title("Drill passed (1) / failed (0)").left(succeeded)
                        .leftYAxis(software.amazon.awscdk.services.cloudwatch.YAxisProps.builder().min(0).max(1).build())
                        .width(12).build(),
                GraphWidget.Builder.create().title("Executions").left(List.of(
                        stateMachine.metricSucceeded(daily), stateMachine.metricFailed(daily),
                        stateMachine.metricTimedOut(daily), stateMachine.metricAborted(daily))).width(12).build());
        Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(getStackName() + "-drills")
                .widgets(List.of(row, second))
                .build();
    }

    private static Metric drillMetric(String name, String drill, String statistic, Duration period) {
        return Metric.Builder.create().namespace(METRICS_NAMESPACE).metricName(name)
                .dimensionsMap(Map.of(DRILL_DIMENSION, drill)).statistic(statistic).period(period).build();
    }

    /** On the dashboard each line is labelled with its drill (a label would turn an alarm into metric math). */
    private static IMetric labelled(Metric metric, String drill) {
        return metric.with(MetricOptions.builder().label(drill).build());
    }

    private static String camel(Handler handler) {
        String lower = handler.name().toLowerCase();
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
