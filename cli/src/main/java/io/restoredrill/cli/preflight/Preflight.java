package io.restoredrill.cli.preflight;

import io.restoredrill.cli.preflight.PermissionSimulator.AccessQuestion;
import io.restoredrill.cli.preflight.PermissionSimulator.Evaluation;
import io.restoredrill.cli.preflight.SecurityGroups.SecurityGroup;
import io.restoredrill.cli.preflight.SnapshotListing.SnapshotType;
import io.restoredrill.cli.preflight.SnapshotListing.VisibleSnapshot;
import io.restoredrill.core.aws.FunctionCall;
import io.restoredrill.core.domain.RdsCapacity;
import io.restoredrill.core.port.AccountQuotas;
import io.restoredrill.core.domain.TemporaryInstanceName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code restore-drill preflight}: is a deployed stack ready for its first night? Reads the stack, then checks what
 * the emulator tests cannot: that the drills' snapshots and keys are there, the network lets validate reach the
 * temporary instances, AWS's own evaluator allows every call of the call manifest, the validate package holds the
 * RDS CA bundle, reports can be written, the schedule is on and someone receives the alarms. Every failed check
 * says how to fix it. The preflight only reads: it creates, changes and writes nothing.
 */
public final class Preflight {

    /** PostgreSQL's port on the temporary instances. */
    static final int POSTGRES_PORT = 5432;
    /** Where lambda-validate's build puts Amazon RDS's CA bundle (scripts/fetch-rds-ca-bundle.sh). */
    public static final String CA_BUNDLE_ENTRY = "rds-ca/global-bundle.pem";
    /** Lambda unpacks the deployment package here; RDS_CA_BUNDLE may point into it. */
    static final String LAMBDA_TASK_ROOT = "/var/task/";
    static final String STACK = "stack";
    /** The plan function's setting: how many drills may hold a temporary instance at once (the fleet contract). */
    public static final String MAX_CONCURRENCY = "MAX_CONCURRENCY";
    static final String RDS_QUOTA = "RDS quota leaves room";
    /** The plan function's settings naming the deployed drill list (the fleet contract). */
    public static final String DRILL_LIST_BUCKET = "DRILL_LIST_BUCKET";
    public static final String DRILL_LIST_KEY = "DRILL_LIST_KEY";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}");
    private static final Set<String> COMPLETE = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE");

    /** The adapters the preflight reads AWS through. */
    public record Ports(StackDescriptions stacks, SnapshotListing snapshots, KeyDescriptions keys,
                        SubnetGroups subnetGroups, SecurityGroups securityGroups, PermissionSimulator permissions,
                        FunctionPackages packages, Buckets buckets, TopicSubscriptions subscriptions,
                        AccountQuotas quotas) {
        public Ports {
            Objects.requireNonNull(stacks, "stacks");
            Objects.requireNonNull(snapshots, "snapshots");
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(subnetGroups, "subnetGroups");
            Objects.requireNonNull(securityGroups, "securityGroups");
            Objects.requireNonNull(permissions, "permissions");
            Objects.requireNonNull(packages, "packages");
            Objects.requireNonNull(buckets, "buckets");
            Objects.requireNonNull(subscriptions, "subscriptions");
            Objects.requireNonNull(quotas, "quotas");
        }
    }

    /** The checklist of one stack. */
    public record Checklist(DeployedStack stack, List<CheckResult> results) {
        public Checklist {
            results = List.copyOf(results);
        }

        public boolean passed() {
            return results.stream().allMatch(CheckResult::passed);
        }
    }

    private final Ports ports;
    /** The functions a stack has only with awsBackupRestoreTesting. */
    public static final java.util.Set<String> OPTIONAL_FUNCTIONS = java.util.Set.of(
            io.restoredrill.core.aws.DrillFunction.RESTORE_TEST_ADOPT.manifestName(),
            io.restoredrill.core.aws.DrillFunction.RESTORE_TEST_REPORT.manifestName());

    private final List<FunctionCall> manifest;
    private final Supplier<Instant> clock;

    public Preflight(Ports ports, List<FunctionCall> manifest, Supplier<Instant> clock) {
        this.ports = Objects.requireNonNull(ports, "ports");
        this.manifest = List.copyOf(manifest);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @throws StackNotFoundException when the stack does not exist */
    public Checklist run(String stackName) {
        DeployedStack stack = ports.stacks().describe(stackName);
        List<CheckResult> results = new ArrayList<>();
        results.add(stackStatus(stack));
        results.add(guarded(STACK, "schedule enabled", () -> schedule(stack)));
        results.add(guarded(STACK, "alarm subscription", () -> alarmSubscription(stack)));
        results.add(guarded(STACK, RDS_QUOTA, () -> rdsQuota(stack)));
        results.add(guarded(STACK, "reports bucket writable", () -> reportsBucket(stack)));
        results.add(guarded(STACK, "RDS CA bundle in validate", () -> caBundle(stack)));
        for (FunctionCall call : manifest) {
            results.add(guarded(call.function(), call.action(), () -> allowed(stack, call)));
        }
        List<PreflightDrill> drills = stack.schedule().map(DeployedStack.ScheduleRule::drills).orElse(List.of());
        Map<String, Optional<SubnetGroups.SubnetGroup>> subnetGroups = new HashMap<>();
        for (PreflightDrill drill : drills) {
            drill.snapshots().ifPresent(source -> results.addAll(guardedAll(drill.name(), "snapshots visible",
                    () -> snapshots(stack, drill, source))));
            if (drill.snapshots().isEmpty()) {
                guardedAll(drill.name(), "restore may CreateDBInstance",
                        () -> drillCall(stack, drill, "rds:CreateDBInstance", Optional.empty()).stream().toList())
                        .forEach(results::add);
            }
            results.add(guarded(drill.name(), "subnet group covers two AZs",
                    () -> subnetGroup(drill, subnetGroups.computeIfAbsent(drill.dbSubnetGroupName(),
                            ports.subnetGroups()::describe))));
            results.add(guarded(drill.name(), "validate reaches the instance on " + POSTGRES_PORT,
                    () -> reachability(stack, drill, subnetGroups.computeIfAbsent(drill.dbSubnetGroupName(),
                            ports.subnetGroups()::describe))));
        }
        return new Checklist(stack, results);
    }

    private static CheckResult stackStatus(DeployedStack stack) {
        if (COMPLETE.contains(stack.status())) {
            return CheckResult.pass(STACK, "stack deployed", stack.name() + " is " + stack.status());
        }
        return CheckResult.fail(STACK, "stack deployed", stack.name() + " is " + stack.status(),
                "finish or repair the deployment (cdk deploy; see the stack's events in the CloudFormation console)"
                        + " and run preflight again");
    }

    private CheckResult schedule(DeployedStack stack) {
        Optional<DeployedStack.ScheduleRule> rule = stack.schedule();
        if (rule.isEmpty()) {
            return CheckResult.fail(STACK, "schedule enabled", "no EventBridge rule of the stack targets the state machine",
                    "deploy the current version of the stack (cdk deploy): it creates the nightly rule");
        }
        if (rule.get().problem().isPresent()) {
            return CheckResult.fail(STACK, "schedule enabled", "rule " + rule.get().name() + " is "
                            + rule.get().state() + ", but its drill list " + rule.get().drillList().orElse("")
                            + " cannot be read: " + rule.get().problem().get(),
                    "deploy again (cdk deploy uploads the drill list with the stack's assets), and give the"
                            + " credentials running preflight s3:GetObject on it");
        }
        String from = rule.get().drillList().map(list -> " (" + list + ")").orElse("");
        if ("ENABLED".equals(rule.get().state())) {
            return CheckResult.pass(STACK, "schedule enabled", "rule " + rule.get().name() + " is ENABLED, "
                    + rule.get().drills().size() + " drills" + from);
        }
        return CheckResult.fail(STACK, "schedule enabled", "rule " + rule.get().name() + " is " + rule.get().state(),
                "aws events enable-rule --name " + rule.get().name());
    }

    private CheckResult alarmSubscription(DeployedStack stack) {
        Optional<String> topic = stack.output(DeployedStack.ALARM_TOPIC_ARN);
        if (topic.isEmpty()) {
            return missingOutput("alarm subscription", DeployedStack.ALARM_TOPIC_ARN);
        }
        TopicSubscriptions.Count count = ports.subscriptions().count(topic.get());
        String detail = count.confirmed() + " confirmed, " + count.pending() + " pending confirmation on " + topic.get();
        if (count.confirmed() > 0) {
            return CheckResult.pass(STACK, "alarm subscription", detail);
        }
        return CheckResult.fail(STACK, "alarm subscription", detail, count.pending() > 0
                ? "confirm the subscription: open the link in the message AWS sent to the endpoint (it expires after"
                        + " 3 days; then subscribe again)"
                : "subscribe someone: aws sns subscribe --topic-arn " + topic.get() + " --protocol email"
                        + " --notification-endpoint oncall@example.com (or deploy with -c notificationEmail=...),"
                        + " then confirm from the email");
    }

    /**
     * The deployed concurrency (the plan function's MAX_CONCURRENCY) against what the account's RDS quotas leave now
     * (DescribeAccountAttributes: the DBInstances and AllocatedStorage quotas with what is in use). The plan asks the
     * same at the start of every night and lowers the concurrency to what is left (the run queues); with nothing
     * left, the night fails at its plan step. Storage per drill is known before the night only for the blank
     * instances of S3-dump drills (their allocatedStorageGb, the largest counts, as the plan counts it); a snapshot's
     * restore takes the snapshot's size.
     */
    private CheckResult rdsQuota(DeployedStack stack) {
        Optional<DeployedStack.DeployedFunction> plan = stack.function("plan");
        if (plan.isEmpty()) {
            return missingFunction(STACK, RDS_QUOTA, "plan");
        }
        String setting = plan.get().environment().get(MAX_CONCURRENCY);
        int configured;
        try {
            configured = setting == null ? 0 : Integer.parseInt(setting.strip());
        } catch (NumberFormatException e) {
            configured = 0;
        }
        if (configured < 1) {
            return CheckResult.fail(STACK, RDS_QUOTA, "the plan function's " + MAX_CONCURRENCY + " is "
                            + (setting == null ? "not set" : "\"" + setting + "\", not a whole number of at least 1"),
                    "deploy the current version of the restore-drill stack (cdk deploy; -c maxConcurrency=N sets it)");
        }
        RdsCapacity capacity = ports.quotas().rdsCapacity();
        // As the plan reckons it: storage per drill is known only for blank instances (S3 dumps), the largest.
        Optional<Long> storagePerDrill = stack.schedule().map(DeployedStack.ScheduleRule::drills).orElse(List.of())
                .stream().map(PreflightDrill::blankInstanceStorageGb).flatMap(Optional::stream).max(Long::compare);
        String instances = capacity.instancesMax().isPresent()
                ? "the RDS quota of " + capacity.instancesMax().getAsLong() + " DB instances leaves "
                        + capacity.instancesLeft().orElseThrow() + " now (" + capacity.instancesUsed() + " in use)"
                : "RDS reports no DB instance quota";
        String storage = capacity.storageMaxGib().isPresent()
                ? "; storage quota " + capacity.storageMaxGib().getAsLong() + " GiB, " + capacity.storageUsedGib()
                        + " GiB in use" + storagePerDrill.map(g -> ", " + g + " GiB a blank instance").orElse("")
                : "";
        String found = instances + storage;
        String moreInstances = "ask for a higher \"DB instances\" quota in Service Quotas (Amazon RDS; at least "
                + (capacity.instancesUsed() + configured) + " runs " + configured + " drills at a time)";
        String moreStorage = "free allocated storage (delete DB instances no longer needed) or ask for a higher"
                + " \"Total storage for all DB instances\" quota in Service Quotas (Amazon RDS)";
        if (capacity.storageLeftGib().isPresent() && capacity.storageLeftGib().getAsLong() == 0) {
            return CheckResult.fail(STACK, RDS_QUOTA, found + ": the storage quota is used up, no instance can be"
                    + " created", moreStorage);
        }
        int byInstances = capacity.concurrency(configured, Optional.empty());
        int allowed = capacity.concurrency(configured, storagePerDrill);
        boolean storageBinds = allowed < byInstances;
        if (allowed == 0) {
            return CheckResult.fail(STACK, RDS_QUOTA, found + ": no drill can start; the night fails at its plan step"
                            + (storageBinds ? " (storage)" : ""),
                    storageBinds ? moreStorage : "delete DB instances no longer needed, or " + moreInstances);
        }
        if (allowed < configured) {
            return CheckResult.warn(STACK, RDS_QUOTA, found + ": drills will queue, " + allowed + " at a time instead"
                            + " of " + configured + " (" + MAX_CONCURRENCY + ")" + (storageBinds ? " (storage)" : ""),
                    (storageBinds ? moreStorage : moreInstances) + ", or deploy with -c maxConcurrency=" + allowed
                            + " to plan the night at that rate");
        }
        return CheckResult.pass(STACK, RDS_QUOTA, found + ": room for " + configured + " drills at a time ("
                + MAX_CONCURRENCY + ")");
    }

    /**
     * The bucket exists (asked as the caller), and validate's role may put reports under reports/ (asked of IAM's
     * evaluator). The preflight writes nothing itself: a write as the caller would prove the caller's permissions,
     * not validate's, and would leave an object among the baselines.
     */
    private CheckResult reportsBucket(DeployedStack stack) {
        String check = "reports bucket writable";
        Optional<String> bucket = stack.output(DeployedStack.REPORTS_BUCKET_NAME);
        if (bucket.isEmpty()) {
            return missingOutput(check, DeployedStack.REPORTS_BUCKET_NAME);
        }
        if (!ports.buckets().exists(bucket.get())) {
            return CheckResult.fail(STACK, check, "bucket " + bucket.get() + " does not exist",
                    "the stack's reports bucket was deleted outside CloudFormation: deploy again (cdk deploy) or"
                            + " create it with that name");
        }
        Optional<DeployedStack.DeployedFunction> validate = stack.function("validate");
        if (validate.isEmpty()) {
            return missingFunction(STACK, check, "validate");
        }
        String object = "arn:" + stack.partition() + ":s3:::" + bucket.get() + "/reports/preflight/object.json";
        List<Evaluation> evaluations = ports.permissions().simulate(new AccessQuestion(validate.get().roleArn(),
                "s3:PutObject", List.of(object), Map.of("aws:SecureTransport", List.of("true"))));
        List<Evaluation> denied = evaluations.stream().filter(e -> !e.allowed()).toList();
        if (!evaluations.isEmpty() && denied.isEmpty()) {
            return CheckResult.pass(STACK, check, "bucket " + bucket.get() + " exists; IAM allows validate's role"
                    + " s3:PutObject under reports/ (identity policies; the bucket policy is not simulated)");
        }
        return CheckResult.fail(STACK, check, "IAM does not allow validate's role s3:PutObject on " + object + ": "
                        + describe(evaluations),
                "grant " + validate.get().roleArn() + " s3:PutObject on arn:" + stack.partition() + ":s3:::"
                        + bucket.get() + "/reports/* (deploy the current stack: cdk deploy)");
    }

    private CheckResult caBundle(DeployedStack stack) {
        String check = "RDS CA bundle in validate";
        Optional<DeployedStack.DeployedFunction> validate = stack.function("validate");
        if (validate.isEmpty()) {
            return missingFunction(STACK, check, "validate");
        }
        String entry = CA_BUNDLE_ENTRY;
        String configured = validate.get().environment().get("RDS_CA_BUNDLE");
        if (configured != null) {
            if (!configured.startsWith(LAMBDA_TASK_ROOT)) {
                return CheckResult.fail(STACK, check, "RDS_CA_BUNDLE points outside the deployment package ("
                        + configured + "), which preflight cannot read",
                        "unset RDS_CA_BUNDLE and build with scripts/fetch-rds-ca-bundle.sh, so the bundle is in the jar");
            }
            entry = configured.substring(LAMBDA_TASK_ROOT.length());
        }
        Optional<String> pem = ports.packages().textEntry(validate.get().functionName(), entry);
        if (pem.isPresent() && pem.get().contains("-----BEGIN CERTIFICATE-----")) {
            long certificates = Pattern.compile("-----BEGIN CERTIFICATE-----").matcher(pem.get()).results().count();
            return CheckResult.pass(STACK, check, entry + " in " + validate.get().functionName() + " (" + certificates
                    + " certificates)");
        }
        return CheckResult.fail(STACK, check, pem.isPresent()
                        ? entry + " in " + validate.get().functionName() + " holds no PEM certificate"
                        : validate.get().functionName() + "'s package has no " + entry,
                "run scripts/fetch-rds-ca-bundle.sh, rebuild (./mvnw -B package -DskipTests) and deploy again"
                        + " (cdk deploy); without it validate refuses to connect");
    }

    private CheckResult allowed(DeployedStack stack, FunctionCall manifestCall) {
        Optional<DeployedStack.DeployedFunction> function = stack.function(manifestCall.function());
        if (function.isEmpty() && OPTIONAL_FUNCTIONS.contains(manifestCall.function())) {
            // Deployed only with the deployment option awsBackupRestoreTesting (README, "AWS Backup restore testing").
            return CheckResult.pass(manifestCall.function(), manifestCall.action(), "not deployed: the stack does not"
                    + " validate AWS Backup restore tests (awsBackupRestoreTesting is off)");
        }
        if (function.isEmpty()) {
            return missingFunction(manifestCall.function(), manifestCall.action(), manifestCall.function());
        }
        String bucket = stack.output(DeployedStack.REPORTS_BUCKET_NAME).orElse("${ReportsBucket}");
        FunctionCall call = withDrillList(stack, manifestCall);
        if (call.resources().stream().anyMatch(r -> r.contains("${DrillList"))) {
            return CheckResult.fail(call.function(), call.action(), "the call names the deployed drill list, and"
                            + " neither the plan function (" + DRILL_LIST_BUCKET + ", " + DRILL_LIST_KEY + ") nor the"
                            + " schedule says where it is",
                    "deploy the current version of the restore-drill stack (cdk deploy)");
        }
        List<String> resources = call.resolve(stack.partition(), stack.region(), stack.account(), bucket);
        List<String> unresolved = resources.stream().filter(r -> PLACEHOLDER.matcher(r).find()).toList();
        if (!unresolved.isEmpty()) {
            return CheckResult.fail(call.function(), call.action(), "the call manifest names " + unresolved
                            + ", whose placeholder preflight cannot fill in",
                    "the manifest and preflight disagree: use the preflight of the same restore-drill version");
        }
        Map<String, List<String>> context = new LinkedHashMap<>(
                call.resolveContext(stack.partition(), stack.region(), stack.account(), bucket));
        call.resolveResourceTags(stack.partition(), stack.region(), stack.account(), bucket)
                .forEach((key, value) -> context.put("aws:ResourceTag/" + key, List.of(value)));
        List<Evaluation> evaluations = ports.permissions().simulate(
                new AccessQuestion(function.get().roleArn(), call.action(), resources, context));
        List<Evaluation> denied = evaluations.stream().filter(e -> !e.allowed()).toList();
        if (!evaluations.isEmpty() && denied.isEmpty()) {
            return CheckResult.pass(call.function(), call.action(), "allowed on " + String.join(", ", resources));
        }
        String fix = denied.stream().anyMatch(e -> "explicitDeny".equals(e.decision()))
                ? "an explicit Deny decides it (" + matched(denied) + "): if it is not the stack's own guardrail,"
                        + " look for an SCP or permissions boundary (the call: " + call.why() + ")"
                : "grant " + function.get().roleArn() + " " + call.action() + " on these resources (deploy the current"
                        + " stack: cdk deploy); the call: " + call.why();
        return CheckResult.fail(call.function(), call.action(), describe(evaluations), fix);
    }

    private List<CheckResult> snapshots(DeployedStack stack, PreflightDrill drill, PreflightDrill.SnapshotSource source) {
        List<CheckResult> results = new ArrayList<>();
        String instance = source.dbInstanceIdentifier();
        List<VisibleSnapshot> visible = new ArrayList<>();
        for (SnapshotType type : SnapshotType.values()) {
            if (type != SnapshotType.AUTOMATED || source.allowAutomated()) {
                visible.addAll(ports.snapshots().snapshotsOf(instance, type));
            }
        }
        Optional<VisibleSnapshot> newest = visible.stream().filter(VisibleSnapshot::available)
                .max(Comparator.comparing(s -> s.createdAt().orElse(Instant.EPOCH)));
        if (newest.isEmpty()) {
            results.add(CheckResult.fail(drill.name(), "snapshots visible", "no available "
                            + (source.allowAutomated() ? "" : "independent ") + "snapshot of " + instance
                            + " is visible to account " + stack.account()
                            + (visible.isEmpty() ? "" : " (" + visible.size() + " listed, none available)"),
                    "take a manual snapshot (aws rds create-db-snapshot --db-instance-identifier " + instance
                            + " --db-snapshot-identifier " + instance + "-preflight), or share one from the backup"
                            + " account (aws rds modify-db-snapshot-attribute --attribute-name restore"
                            + " --values-to-add " + stack.account() + "), or back it up with AWS Backup"));
            return results;
        }
        VisibleSnapshot snapshot = newest.get();
        Map<SnapshotType, Long> byType = visible.stream().filter(VisibleSnapshot::available)
                .collect(Collectors.groupingBy(VisibleSnapshot::type, LinkedHashMap::new, Collectors.counting()));
        results.add(CheckResult.pass(drill.name(), "snapshots visible", byType.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().apiValue()).collect(Collectors.joining(", "))
                + " of " + instance + "; newest " + snapshot.identifier() + " (" + snapshot.type().apiValue() + ", "
                + age(snapshot) + ")"));
        if (snapshot.encrypted()) {
            results.addAll(keys(stack, drill, source, snapshot));
        }
        if (snapshot.type() != SnapshotType.SHARED || !snapshot.encrypted()) {
            drillCall(stack, drill, "rds:RestoreDBInstanceFromDBSnapshot", Optional.of(snapshot.arn()))
                    .ifPresent(results::add);
        }
        return results;
    }

    /**
     * The manifest's question for this drill's own resources: its temporary instance, the snapshot it would restore
     * and the subnet group it names (a drill's own subnet group is a grant the stack may not have).
     */
    private Optional<CheckResult> drillCall(DeployedStack stack, PreflightDrill drill, String action,
                                            Optional<String> snapshotArn) {
        Optional<FunctionCall> template = manifest.stream()
                .filter(c -> c.function().equals("restore") && c.action().equals(action)).findFirst();
        Optional<DeployedStack.DeployedFunction> restore = stack.function("restore");
        if (template.isEmpty() || restore.isEmpty()) {
            return Optional.empty(); // the manifest checks above already report a missing function
        }
        String prefix = "arn:" + stack.partition() + ":rds:" + stack.region() + ":" + stack.account() + ":";
        List<String> resources = new ArrayList<>();
        for (String resource : template.get().resources()) {
            if (resource.contains(":db:")) {
                resources.add(prefix + "db:" + TemporaryInstanceName.of(drill.name(), "preflight"));
            } else if (resource.contains(":snapshot:")) {
                snapshotArn.ifPresent(resources::add);
            } else if (resource.contains(":subgrp:")) {
                resources.add(prefix + "subgrp:" + drill.dbSubnetGroupName());
            }
        }
        Map<String, List<String>> context = new LinkedHashMap<>(template.get().resolveContext(stack.partition(),
                stack.region(), stack.account(), stack.output(DeployedStack.REPORTS_BUCKET_NAME).orElse("${ReportsBucket}")));
        String check = "restore may " + action.substring(action.indexOf(':') + 1);
        List<Evaluation> evaluations = ports.permissions().simulate(
                new AccessQuestion(restore.get().roleArn(), action, resources, context));
        if (!evaluations.isEmpty() && evaluations.stream().allMatch(Evaluation::allowed)) {
            return Optional.of(CheckResult.pass(drill.name(), check, "allowed on " + String.join(", ", resources)));
        }
        return Optional.of(CheckResult.fail(drill.name(), check, describe(evaluations),
                "grant " + restore.get().roleArn() + " " + action + " on these resources: a drill that names its own"
                        + " DB subnet group needs it in the restore role's grant (deploy again after adding it to"
                        + " the drills file), or leave target.rds.dbSubnetGroupName out to use the stack's"));
    }

    /**
     * The call with the deployed drill list's placeholders ({@code ${DrillListBucket}}, {@code ${DrillListKey}})
     * filled in from the plan function's DRILL_LIST_BUCKET and DRILL_LIST_KEY, or else from the list the schedule
     * names; left as they are (and reported unresolved) when neither says.
     */
    private static FunctionCall withDrillList(DeployedStack stack, FunctionCall call) {
        Map<String, String> plan = stack.function("plan").map(DeployedStack.DeployedFunction::environment)
                .orElse(Map.of());
        Optional<String> scheduled = stack.schedule().flatMap(DeployedStack.ScheduleRule::drillList)
                .filter(url -> url.startsWith("s3://")).map(url -> url.substring("s3://".length()));
        Optional<String> listBucket = Optional.ofNullable(plan.get(DRILL_LIST_BUCKET))
                .or(() -> scheduled.map(path -> path.substring(0, path.indexOf('/'))));
        Optional<String> listKey = Optional.ofNullable(plan.get(DRILL_LIST_KEY))
                .or(() -> scheduled.map(path -> path.substring(path.indexOf('/') + 1)));
        java.util.function.UnaryOperator<String> fill = text -> {
            String filled = text;
            if (listBucket.isPresent()) {
                filled = filled.replace("${DrillListBucket}", listBucket.get());
            }
            if (listKey.isPresent()) {
                filled = filled.replace("${DrillListKey}", listKey.get());
            }
            return filled;
        };
        Map<String, List<String>> context = new LinkedHashMap<>();
        call.context().forEach((key, values) -> context.put(key, values.stream().map(fill).toList()));
        Map<String, String> tags = new LinkedHashMap<>();
        call.resourceTags().forEach((key, value) -> tags.put(key, fill.apply(value)));
        return new FunctionCall(call.function(), call.action(), call.resources().stream().map(fill).toList(), context,
                tags, call.why());
    }

    private String age(VisibleSnapshot snapshot) {
        return snapshot.createdAt().map(t -> String.format(java.util.Locale.ROOT, "%.1f h old",
                java.time.Duration.between(t, clock.get()).toMinutes() / 60.0)).orElse("age unknown");
    }

    /** The keys the restore of this snapshot will use exist, are enabled, and the drill's roles may use them. */
    private List<CheckResult> keys(DeployedStack stack, PreflightDrill drill, PreflightDrill.SnapshotSource source,
                                   VisibleSnapshot snapshot) {
        List<CheckResult> results = new ArrayList<>();
        String check = "snapshot key usable";
        if (snapshot.kmsKeyId().isEmpty()) {
            results.add(CheckResult.fail(drill.name(), check, snapshot.identifier() + " is encrypted but RDS names no key",
                    "describe the snapshot (aws rds describe-db-snapshots --db-snapshot-identifier "
                            + snapshot.arn() + ") and check its KmsKeyId"));
            return results;
        }
        boolean shared = snapshot.type() == SnapshotType.SHARED;
        if (shared && source.copyKmsKeyId().isEmpty()) {
            results.add(CheckResult.fail(drill.name(), check, snapshot.identifier()
                            + " is shared and encrypted: RDS restores such a snapshot only from a copy in this account",
                    "let the drill copy it: source.rdsSnapshot.copyShared: { kmsKeyId: <a key of account "
                            + stack.account() + "> }, and deploy again"));
            return results;
        }
        // Restoring an encrypted snapshot: RDS creates a grant on the snapshot's key for the caller (restore); a shared
        // one is copied first (restore, with the drill's key) and the copy is restored by status.
        results.add(keyUsable(stack, drill, check, snapshot.kmsKeyId().get(), List.of("restore")));
        source.copyKmsKeyId().filter(k -> shared).ifPresent(copyKey ->
                results.add(keyUsable(stack, drill, "copy key usable", copyKey, List.of("restore", "status"))));
        return results;
    }

    private CheckResult keyUsable(DeployedStack stack, PreflightDrill drill, String check, String keyId,
                                  List<String> functions) {
        Optional<KeyDescriptions.KeyState> key = ports.keys().describe(keyId);
        if (key.isEmpty()) {
            return CheckResult.fail(drill.name(), check, "KMS key " + keyId + " does not exist or account "
                            + stack.account() + " may not describe it",
                    "if the key belongs to another account, its key policy must allow account " + stack.account()
                            + " kms:DescribeKey, kms:CreateGrant and kms:Decrypt; otherwise restore the key");
        }
        if (!key.get().enabled()) {
            return CheckResult.fail(drill.name(), check, "KMS key " + key.get().arn() + " is " + key.get().state(),
                    "PendingDeletion".equals(key.get().state())
                            ? "aws kms cancel-key-deletion --key-id " + key.get().arn() + ", then aws kms enable-key"
                            : "aws kms enable-key --key-id " + key.get().arn());
        }
        Map<String, List<String>> viaRds = Map.of(
                "kms:ViaService", List.of("rds." + stack.region() + ".amazonaws.com"),
                "kms:CallerAccount", List.of(stack.account()),
                "kms:GrantIsForAWSResource", List.of("true"),
                "aws:CalledVia", List.of("rds.amazonaws.com"),
                "aws:ViaAWSService", List.of("true"));
        List<String> problems = new ArrayList<>();
        for (String function : functions) {
            Optional<DeployedStack.DeployedFunction> deployed = stack.function(function);
            if (deployed.isEmpty()) {
                return missingFunction(drill.name(), check, function);
            }
            for (String action : List.of("kms:CreateGrant", "kms:DescribeKey")) {
                List<Evaluation> evaluations = ports.permissions().simulate(
                        new AccessQuestion(deployed.get().roleArn(), action, List.of(key.get().arn()), viaRds));
                if (evaluations.isEmpty() || evaluations.stream().anyMatch(e -> !e.allowed())) {
                    problems.add(function + " " + action + ": " + describe(evaluations));
                }
            }
        }
        if (problems.isEmpty()) {
            return CheckResult.pass(drill.name(), check, "KMS key " + key.get().arn() + " is Enabled; IAM allows "
                    + String.join(" and ", functions) + " kms:CreateGrant and kms:DescribeKey on it through RDS"
                    + " (the key policy is not simulated)");
        }
        return CheckResult.fail(drill.name(), check, "KMS key " + key.get().arn() + " is Enabled, but "
                        + String.join("; ", problems),
                "grant the roles kms:CreateGrant and kms:DescribeKey on " + key.get().arn() + " (with kms:ViaService"
                        + " rds." + stack.region() + ".amazonaws.com): name the key in the drill and deploy again");
    }

    private CheckResult subnetGroup(PreflightDrill drill, Optional<SubnetGroups.SubnetGroup> group) {
        String check = "subnet group covers two AZs";
        if (group.isEmpty()) {
            return CheckResult.fail(drill.name(), check, "DB subnet group " + drill.dbSubnetGroupName() + " does not exist",
                    "create it (aws rds create-db-subnet-group) or leave target.rds.dbSubnetGroupName out to use the"
                            + " stack's own group, and deploy again");
        }
        Set<String> zones = new LinkedHashSet<>(group.get().availabilityZones());
        if (zones.size() >= 2) {
            return CheckResult.pass(drill.name(), check, group.get().name() + " covers " + String.join(", ", zones));
        }
        return CheckResult.fail(drill.name(), check, group.get().name() + " covers " + zones.size() + " Availability Zone"
                        + (zones.size() == 1 ? " (" + zones.iterator().next() + ")" : "s")
                        + "; RDS requires subnets in at least two",
                "add a private subnet in a second AZ: aws rds modify-db-subnet-group --db-subnet-group-name "
                        + group.get().name() + " --subnet-ids <existing> <subnet in another AZ>");
    }

    private CheckResult reachability(DeployedStack stack, PreflightDrill drill,
                                     Optional<SubnetGroups.SubnetGroup> subnetGroup) {
        String check = "validate reaches the instance on " + POSTGRES_PORT;
        Optional<DeployedStack.DeployedFunction> validate = stack.function("validate");
        if (validate.isEmpty()) {
            return missingFunction(drill.name(), check, "validate");
        }
        if (validate.get().securityGroupIds().isEmpty()) {
            return CheckResult.fail(drill.name(), check, "the validate function runs outside a VPC",
                    "deploy the current stack (cdk deploy): validate runs in the private subnets with its own group");
        }
        Set<String> instanceGroupIds = new LinkedHashSet<>(drill.securityGroupIds());
        stack.output(DeployedStack.TEMPORARY_INSTANCE_SECURITY_GROUP_ID).ifPresent(instanceGroupIds::add);
        if (instanceGroupIds.isEmpty()) {
            return missingOutput(check, DeployedStack.TEMPORARY_INSTANCE_SECURITY_GROUP_ID);
        }
        List<SecurityGroup> instanceGroups = new ArrayList<>();
        for (String id : instanceGroupIds) {
            Optional<SecurityGroup> group = ports.securityGroups().describe(id);
            if (group.isEmpty()) {
                return CheckResult.fail(drill.name(), check, "security group " + id + " does not exist",
                        "remove it from the drill's target.rds.vpcSecurityGroupIds (the stack's group is always"
                                + " added) and deploy again");
            }
            instanceGroups.add(group.get());
        }
        List<SecurityGroup> validateGroups = new ArrayList<>();
        for (String id : validate.get().securityGroupIds()) {
            ports.securityGroups().describe(id).ifPresent(validateGroups::add);
        }
        if (subnetGroup.isPresent()) {
            List<String> elsewhere = instanceGroups.stream().filter(g -> !g.vpcId().equals(subnetGroup.get().vpcId()))
                    .map(g -> g.id() + " (" + g.vpcId() + ")").toList();
            if (!elsewhere.isEmpty()) {
                return CheckResult.fail(drill.name(), check, "security groups " + elsewhere + " are not in "
                                + subnetGroup.get().vpcId() + ", the VPC of subnet group " + subnetGroup.get().name(),
                        "name only groups of " + subnetGroup.get().vpcId() + " in target.rds.vpcSecurityGroupIds");
            }
        }
        boolean anyAdmits = false;
        boolean anySends = false;
        for (SecurityGroup instanceGroup : instanceGroups) {
            for (SecurityGroup validateGroup : validateGroups) {
                boolean admits = instanceGroup.ingress().stream().anyMatch(rule -> rule.coversTcp(POSTGRES_PORT)
                        && rule.groupIds().contains(validateGroup.id()));
                boolean sends = validateGroup.egress().stream().anyMatch(rule -> rule.coversTcp(POSTGRES_PORT)
                        && (rule.groupIds().contains(instanceGroup.id()) || rule.cidrs().contains("0.0.0.0/0")));
                if (admits && sends) {
                    return CheckResult.pass(drill.name(), check, instanceGroup.id() + " admits tcp/" + POSTGRES_PORT
                            + " from validate's " + validateGroup.id() + ", which may send it");
                }
                anyAdmits |= admits;
                anySends |= sends;
            }
        }
        String instanceGroup = stack.output(DeployedStack.TEMPORARY_INSTANCE_SECURITY_GROUP_ID)
                .orElse(instanceGroups.get(0).id());
        String validateGroup = validate.get().securityGroupIds().get(0);
        String ingress = "aws ec2 authorize-security-group-ingress --group-id " + instanceGroup + " --protocol tcp"
                + " --port " + POSTGRES_PORT + " --source-group " + validateGroup;
        String egress = "aws ec2 authorize-security-group-egress --group-id " + validateGroup
                + " --ip-permissions IpProtocol=tcp,FromPort=" + POSTGRES_PORT + ",ToPort=" + POSTGRES_PORT
                + ",UserIdGroupPairs=[{GroupId=" + instanceGroup + "}]";
        String detail;
        String command;
        if (!anyAdmits) {
            detail = "none of " + instanceGroupIds + " admits tcp/" + POSTGRES_PORT + " from validate's "
                    + validate.get().securityGroupIds();
            command = anySends ? ingress : ingress + "; " + egress;
        } else {
            detail = "validate's " + validate.get().securityGroupIds() + " may not send tcp/" + POSTGRES_PORT
                    + " to the group that admits it";
            command = egress;
        }
        return CheckResult.fail(drill.name(), check, detail,
                "deploy the stack again (cdk deploy) to restore its rules, or: " + command);
    }

    private static String describe(List<Evaluation> evaluations) {
        if (evaluations.isEmpty()) {
            return "the evaluator returned no result";
        }
        return evaluations.stream().map(e -> e.decision() + " on " + e.resource()
                        + (e.missingContextValues().isEmpty() ? "" : " (missing context " + e.missingContextValues() + ")"))
                .collect(Collectors.joining("; "));
    }

    private static String matched(List<Evaluation> evaluations) {
        List<String> ids = evaluations.stream().flatMap(e -> e.matchedStatements().stream()).distinct().toList();
        return ids.isEmpty() ? "no statement named" : String.join(", ", ids);
    }

    private static CheckResult missingOutput(String check, String output) {
        return CheckResult.fail(STACK, check, "the stack has no output " + output,
                "deploy the current version of the restore-drill stack (cdk deploy)");
    }

    private static CheckResult missingFunction(String subject, String check, String function) {
        return CheckResult.fail(subject, check, "the stack has no " + function + " function (no Lambda function of"
                        + " the stack has its handler)",
                "deploy the current version of the restore-drill stack (cdk deploy)");
    }

    /** A check that could not ask AWS fails, naming the error; the others still run. */
    private static CheckResult guarded(String subject, String check, Supplier<CheckResult> body) {
        return guardedAll(subject, check, () -> List.of(body.get())).get(0);
    }

    private static List<CheckResult> guardedAll(String subject, String check, Supplier<List<CheckResult>> body) {
        try {
            return body.get();
        } catch (StackNotFoundException e) {
            throw e;
        } catch (RuntimeException e) {
            return List.of(CheckResult.fail(subject, check, "could not check: " + e.getClass().getSimpleName() + ": "
                            + e.getMessage(),
                    "give the credentials running preflight read access for this call (see the error), or retry"));
        }
    }

}
