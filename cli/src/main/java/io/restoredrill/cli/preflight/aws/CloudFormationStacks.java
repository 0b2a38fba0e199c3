package io.restoredrill.cli.preflight.aws;

import io.restoredrill.cli.preflight.DeployedStack;
import io.restoredrill.cli.preflight.StackDescriptions;
import io.restoredrill.cli.preflight.StackNotFoundException;
import io.restoredrill.core.aws.DrillFunction;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a deployed stack through CloudFormation (DescribeStacks for its outputs and id, ListStackResources for its
 * functions and rules), Lambda (GetFunctionConfiguration: handler, role, VPC config) and EventBridge (DescribeRule,
 * ListTargetsByRule: the nightly rule is the one whose target is the stack's state machine) and S3 (GetObject: the
 * deployed drill list the rule's Input names). Functions are known by
 * their handler, never by CDK's hashed logical ids, which change when the construct tree does.
 */
public final class CloudFormationStacks implements StackDescriptions {

    private final CloudFormationClient cloudFormation;
    private final LambdaClient lambda;
    private final EventBridgeClient events;
    private final S3Client s3;

    public CloudFormationStacks(CloudFormationClient cloudFormation, LambdaClient lambda, EventBridgeClient events,
                                S3Client s3) {
        this.cloudFormation = Objects.requireNonNull(cloudFormation, "cloudFormation");
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.events = Objects.requireNonNull(events, "events");
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    @Override
    public DeployedStack describe(String stackName) {
        Stack stack = stack(stackName);
        Arn stackId = Arn.fromString(stack.stackId());
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : stack.outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        Map<String, DeployedStack.DeployedFunction> functions = new LinkedHashMap<>();
        Optional<DeployedStack.ScheduleRule> schedule = Optional.empty();
        // ListStackResources pages through every resource (DescribeStackResources stops at 100).
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html
        for (StackResourceSummary resource : cloudFormation.listStackResourcesPaginator(r -> r.stackName(stack.stackId()))
                .stackResourceSummaries()) {
            if (resource.physicalResourceId() == null || resource.physicalResourceId().isEmpty()
                    || resource.resourceStatusAsString().startsWith("DELETE")) {
                continue;
            }
            switch (resource.resourceType()) {
                case "AWS::Lambda::Function" -> function(resource.physicalResourceId())
                        .ifPresent(f -> functions.put(DrillFunction.ofHandler(f.handler()).orElseThrow().manifestName(), f));
                case "AWS::Events::Rule" -> {
                    if (schedule.isEmpty()) {
                        schedule = scheduleRule(resource.physicalResourceId(), outputs.get(DeployedStack.STATE_MACHINE_ARN),
                                outputs.getOrDefault(DeployedStack.TEMPORARY_INSTANCE_SUBNET_GROUP_NAME, ""));
                    }
                }
                default -> { }
            }
        }
        return new DeployedStack(stack.stackName(), stack.stackStatusAsString(), stackId.partition(),
                stackId.region().orElseThrow(), stackId.accountId().orElseThrow(), outputs, functions, schedule);
    }

    private Stack stack(String stackName) {
        try {
            // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html: a name that
            // matches no running stack is answered with a ValidationError ("Stack with id X does not exist").
            List<Stack> stacks = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks();
            if (stacks.isEmpty()) {
                throw new StackNotFoundException("no stack " + stackName, null);
            }
            return stacks.get(0);
        } catch (CloudFormationException e) {
            if (e.awsErrorDetails() != null && "ValidationError".equals(e.awsErrorDetails().errorCode())
                    && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                throw new StackNotFoundException("stack " + stackName + " does not exist in this account and region"
                        + " (check --stack, AWS_REGION and AWS_PROFILE; cdk deploy -c stackName=... names it)", e);
            }
            throw e;
        }
    }

    /** The function, when its handler is one of ours. */
    private Optional<DeployedStack.DeployedFunction> function(String functionName) {
        GetFunctionConfigurationResponse c = lambda.getFunctionConfiguration(r -> r.functionName(functionName));
        if (c.handler() == null || DrillFunction.ofHandler(c.handler()).isEmpty()) {
            return Optional.empty(); // e.g. CDK's own custom-resource providers
        }
        List<String> groups = c.vpcConfig() == null ? List.of() : c.vpcConfig().securityGroupIds();
        Map<String, String> environment = c.environment() == null || c.environment().variables() == null
                ? Map.of() : c.environment().variables();
        return Optional.of(new DeployedStack.DeployedFunction(c.functionName(), c.handler(), c.role(), groups, environment));
    }

    /** The rule, when its target is the stack's state machine. */
    private Optional<DeployedStack.ScheduleRule> scheduleRule(String physicalId, String stateMachineArn,
                                                             String stackSubnetGroup) {
        if (stateMachineArn == null) {
            return Optional.empty();
        }
        // A rule on a custom event bus has the physical id "bus|name"; ours are on the default bus.
        int bar = physicalId.indexOf('|');
        String bus = bar < 0 ? null : physicalId.substring(0, bar);
        String name = bar < 0 ? physicalId : physicalId.substring(bar + 1);
        // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListTargetsByRule.html: NextToken pages
        // (the SDK has no paginator for it).
        List<Target> targets = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            ListTargetsByRuleResponse response = events.listTargetsByRule(r -> r.rule(name).eventBusName(bus)
                    .nextToken(page));
            targets.addAll(response.targets());
            token = response.nextToken();
        } while (token != null && !token.isEmpty());
        Optional<Target> nightly = targets.stream().filter(t -> stateMachineArn.equals(t.arn())).findFirst();
        if (nightly.isEmpty()) {
            return Optional.empty();
        }
        DescribeRuleResponse rule = events.describeRule(r -> r.name(name).eventBusName(bus));
        String input = Optional.ofNullable(nightly.get().input()).orElse("{}");
        Optional<ScheduleInput.DrillList> list = ScheduleInput.drillList(input);
        if (list.isEmpty()) {
            return Optional.of(new DeployedStack.ScheduleRule(rule.name(), rule.stateAsString(),
                    ScheduleInput.drills(input, stackSubnetGroup)));
        }
        try {
            // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html: NoSuchKey (404) for a missing object.
            String document = s3.getObjectAsBytes(r -> r.bucket(list.get().bucket()).key(list.get().key()))
                    .asUtf8String();
            return Optional.of(new DeployedStack.ScheduleRule(rule.name(), rule.stateAsString(),
                    ScheduleInput.drills(document, stackSubnetGroup), Optional.of(list.get().toString()),
                    Optional.empty()));
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
            return Optional.of(new DeployedStack.ScheduleRule(rule.name(), rule.stateAsString(), List.of(),
                    Optional.of(list.get().toString()), Optional.of(code)));
        }
    }
}
