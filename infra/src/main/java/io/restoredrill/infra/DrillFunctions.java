package io.restoredrill.infra;

import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.infra.RestoreDrillStack.Handler;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The drill's functions, each with its role, its log group and exactly the IAM statements its code needs, granted
 * next to it (the statements themselves, with the documentation they rest on, are in {@link DrillPolicies}).
 */
final class DrillFunctions extends Construct {

    private final Map<Handler, Function> functions = new EnumMap<>(Handler.class);
    private final DrillPolicies policies;

    DrillFunctions(Construct scope, String id, RestoreDrillStack.Settings settings, DrillNetwork network,
                   DrillBuckets buckets, DrillList drillList) {
        super(scope, id);
        Path repositoryRoot = settings.repositoryRoot();
        DrillFleet fleet = settings.fleet();
        policies = new DrillPolicies(software.amazon.awscdk.Stack.of(this));
        for (Handler handler : Handler.values()) {
            if (handler.deployedWith(settings.config())) {
                functions.put(handler, function(handler, repositoryRoot, network));
            }
        }
        restore(network);
        status(network);
        validate(buckets.reports(), fleet);
        cleanupAndReaper();
        plan(buckets.reports(), drillList, network, settings.config().maxConcurrency());
        summarize(buckets.reports());
        audit(buckets.reports(), settings.config());
        functions.forEach((handler, function) -> {
            NagFindings.functionRuntime(function);
            NagFindings.functionRole(function.getRole(), handler);
        });
    }

    /** The env var restore and status read to give every temporary instance the stack's security group. */
    static final String TEMPORARY_INSTANCE_SECURITY_GROUP_ID = "TEMPORARY_INSTANCE_SECURITY_GROUP_ID";

    /**
     * Restore and status create the temporary instances: each gets the stack's temporary-instance security group
     * (appended to whatever the drill names), the only group that admits PostgreSQL from validate. The group is an
     * environment variable, not part of the execution input, so no drill can leave it out or replace it.
     */
    private void restore(DrillNetwork network) {
        grant(Handler.RESTORE, policies.restore());
        functions.get(Handler.RESTORE).addEnvironment(TEMPORARY_INSTANCE_SECURITY_GROUP_ID,
                network.temporaryInstanceGroup().getSecurityGroupId());
    }

    private void status(DrillNetwork network) {
        grant(Handler.STATUS, policies.status());
        functions.get(Handler.STATUS).addEnvironment(TEMPORARY_INSTANCE_SECURITY_GROUP_ID,
                network.temporaryInstanceGroup().getSecurityGroupId());
    }

    private void validate(Bucket reports, DrillFleet fleet) {
        // Drills whose backups are pg_dump files in S3: validate picks the newest dump and loads it.
        List<DrillSpec.S3Dumps> dumps = fleet.drills().stream().map(d -> d.spec().source())
                .filter(source -> source instanceof DrillSpec.S3Dumps)
                .map(source -> (DrillSpec.S3Dumps) source)
                .distinct()
                .toList();
        // The login secrets drill specs name (login.secretArn): exactly those, whatever the source.
        List<String> logins = fleet.drills().stream().flatMap(d -> d.spec().login().stream())
                .map(DrillSpec.Login::secretArn).distinct().toList();
        grant(Handler.VALIDATE, policies.validate(reports, RestoreDrillStack.REPORTS_PREFIX, dumps));
        if (!logins.isEmpty()) {
            grant(Handler.VALIDATE, List.of(policies.readLoginSecrets(logins)));
        }
        Function validate = functions.get(Handler.VALIDATE);
        validate.addEnvironment("REPORTS_BUCKET", reports.getBucketName());
        validate.addEnvironment("REPORTS_PREFIX", RestoreDrillStack.REPORTS_PREFIX);
    }

    private void cleanupAndReaper() {
        grant(Handler.CLEANUP, policies.cleanup());
        grant(Handler.REAPER, policies.cleanup());
    }

    /** The plan function's environment (lambda-fleet's FleetConfig reads it). */
    static final String REPORTS_BUCKET = "REPORTS_BUCKET";
    static final String DRILL_LIST_BUCKET = "DRILL_LIST_BUCKET";
    static final String DRILL_LIST_KEY = "DRILL_LIST_KEY";
    static final String MAX_CONCURRENCY = "MAX_CONCURRENCY";
    static final String DEFAULT_DB_SUBNET_GROUP = "DEFAULT_DB_SUBNET_GROUP";

    /**
     * Plan reads the deployed drill list (the Asset), writes the night's items under runs/ and reads the RDS quotas;
     * maxConcurrency (the deployment setting) is its MAX_CONCURRENCY, the most drills it lets run at once.
     */
    private void plan(Bucket reports, DrillList drillList, DrillNetwork network, int maxConcurrency) {
        grant(Handler.PLAN, policies.plan(reports, drillList));
        Function plan = functions.get(Handler.PLAN);
        plan.addEnvironment(REPORTS_BUCKET, reports.getBucketName());
        plan.addEnvironment(DRILL_LIST_BUCKET, drillList.bucket());
        plan.addEnvironment(DRILL_LIST_KEY, drillList.key());
        plan.addEnvironment(MAX_CONCURRENCY, Integer.toString(maxConcurrency));
        plan.addEnvironment(DEFAULT_DB_SUBNET_GROUP, network.subnetGroup().getRef());
    }

    /** Summarize reads no environment of its own: the plan in its input names every document of the night. */
    private void summarize(Bucket reports) {
        grant(Handler.SUMMARIZE, policies.summarize(reports));
    }

    /**
     * The nightly account audit (lambda-fleet's AuditConfig reads the environment): drill coverage from the reports
     * bucket, its report under audit/, AWS Backup's vault locks, copies in the deployment's regions and backup
     * accounts.
     */
    private void audit(Bucket reports, DeploymentConfig config) {
        grant(Handler.AUDIT, policies.audit(reports, config.auditBackupAccountRoles()));
        Function audit = functions.get(Handler.AUDIT);
        audit.addEnvironment(REPORTS_BUCKET, reports.getBucketName());
        audit.addEnvironment("AUDIT_BACKUP_VAULTS", "true");
        if (!config.auditCopyRegions().isEmpty()) {
            audit.addEnvironment("AUDIT_COPY_REGIONS", String.join(",", config.auditCopyRegions()));
        }
        if (!config.auditBackupAccountRoles().isEmpty()) {
            audit.addEnvironment("AUDIT_BACKUP_ACCOUNT_ROLES", String.join(",", config.auditBackupAccountRoles()));
        }
    }

    /** Adds statements to a function's role (DrillRestoreTesting grants its functions' own). */
    void grant(Handler handler, List<PolicyStatement> statements) {
        Role role = role(handler);
        statements.forEach(role::addToPolicy);
    }

    private Function function(Handler handler, Path repositoryRoot, DrillNetwork network) {
        String name = handler.constructName();
        Role role = Role.Builder.create(this, name + "FunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("restore-drill " + handler.name().toLowerCase() + " function")
                .build();
        role.addToPolicy(DrillPolicies.vpcNetworkInterfaces());
        LogGroup logs = LogGroup.Builder.create(this, name + "FunctionLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .build();
        // A replaced log group would lose the function's logs of the last three months.
        LogicalIds.keepAsIfIn(this, logs);
        logs.grantWrite(role);
        return Function.Builder.create(this, name + "Function")
                .description(handler.description())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(handler.handler())
                .code(Code.fromAsset(repositoryRoot.resolve(handler.jar()).toString()))
                .memorySize(1024)
                .timeout(handler.timeout())
                .vpc(network.vpc())
                .vpcSubnets(network.privateSubnets())
                .securityGroups(List.of(network.functionGroup(handler)))
                .role(role)
                .logGroup(logs)
                // Short-lived invocations: C1 only starts the JVM faster (Lambda's own advice for Java).
                .environment(Map.of("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                .build();
    }

    private Role role(Handler handler) {
        return (Role) functions.get(handler).getRole();
    }

    /** The deployed function; a restore-testing one exists only with awsBackupRestoreTesting. */
    Function function(Handler handler) {
        Function function = functions.get(handler);
        if (function == null) {
            throw new IllegalStateException("the " + handler + " function is not deployed: awsBackupRestoreTesting is off");
        }
        return function;
    }

    DrillPolicies policies() {
        return policies;
    }
}
