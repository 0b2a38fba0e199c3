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

    DrillFunctions(Construct scope, String id, Path repositoryRoot, DrillNetwork network, DrillBuckets buckets,
                   DrillFleet fleet) {
        super(scope, id);
        policies = new DrillPolicies(software.amazon.awscdk.Stack.of(this));
        for (Handler handler : Handler.values()) {
            functions.put(handler, function(handler, repositoryRoot, network));
        }
        restore();
        status();
        validate(buckets.reports(), fleet);
        cleanupAndReaper();
        functions.forEach((handler, function) -> {
            NagFindings.functionRuntime(function);
            NagFindings.functionRole(function.getRole(), handler);
        });
    }

    private void restore() {
        Role role = role(Handler.RESTORE);
        role.addToPolicy(policies.readRds("rds:DescribeDBInstances", "rds:DescribeDBSnapshots",
                "rds:DescribeDBSnapshotAttributes", "rds:ListTagsForResource"));
        policies.createTemporaryInstances().forEach(role::addToPolicy);
    }

    private void status() {
        role(Handler.STATUS).addToPolicy(policies.readRds("rds:DescribeDBInstances"));
    }

    private void validate(Bucket reports, DrillFleet fleet) {
        Function validate = functions.get(Handler.VALIDATE);
        Role role = role(Handler.VALIDATE);
        role.addToPolicy(policies.readRds("rds:DescribeDBInstances", "rds:ListTagsForResource"));
        role.addToPolicy(policies.readTemporaryInstanceSecrets());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteReports").actions(List.of("s3:PutObject"))
                .resources(List.of(reports.arnForObjects(RestoreDrillStack.REPORTS_PREFIX + "*"))).build());
        // Drills whose backups are pg_dump files in S3: validate picks the newest dump and loads it.
        fleet.drills().stream().map(d -> d.spec().source())
                .filter(source -> source instanceof DrillSpec.S3Dumps)
                .map(source -> (DrillSpec.S3Dumps) source)
                .distinct()
                .forEach(dumps -> policies.readS3Dumps(dumps).forEach(role::addToPolicy));
        validate.addEnvironment("REPORTS_BUCKET", reports.getBucketName());
        validate.addEnvironment("REPORTS_PREFIX", RestoreDrillStack.REPORTS_PREFIX);
    }

    private void cleanupAndReaper() {
        for (Handler deleter : List.of(Handler.CLEANUP, Handler.REAPER)) {
            Role role = role(deleter);
            role.addToPolicy(policies.readRds("rds:DescribeDBInstances", "rds:ListTagsForResource"));
            policies.deleteTemporaryInstances().forEach(role::addToPolicy);
        }
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

    Function function(Handler handler) {
        return functions.get(handler);
    }
}
