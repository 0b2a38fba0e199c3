package io.restoredrill.cli.preflight;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the preflight found of a deployed restore-drill stack: its outputs, its functions (identified by their
 * handler, not by CDK's hashed logical ids) and the nightly schedule.
 *
 * @param functions by the call manifest's function name ({@code restore}, {@code status}, ...)
 * @param schedule  the rule that starts the state machine; empty when the stack has none
 */
public record DeployedStack(
        String name,
        String status,
        String partition,
        String region,
        String account,
        Map<String, String> outputs,
        Map<String, DeployedFunction> functions,
        Optional<ScheduleRule> schedule) {

    public static final String STATE_MACHINE_ARN = "StateMachineArn";
    public static final String REPORTS_BUCKET_NAME = "ReportsBucketName";
    public static final String TEMPORARY_INSTANCE_SECURITY_GROUP_ID = "TemporaryInstanceSecurityGroupId";
    public static final String TEMPORARY_INSTANCE_SUBNET_GROUP_NAME = "TemporaryInstanceSubnetGroupName";
    public static final String ALARM_TOPIC_ARN = "AlarmTopicArn";

    public DeployedStack {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        outputs = Map.copyOf(outputs);
        functions = Map.copyOf(functions);
        Objects.requireNonNull(schedule, "schedule");
    }

    public Optional<String> output(String key) {
        return Optional.ofNullable(outputs.get(key));
    }

    public Optional<DeployedFunction> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    /**
     * One Lambda function of the stack, as GetFunctionConfiguration describes it.
     *
     * @param functionName     the physical name, for GetFunction
     * @param roleArn          its execution role: the principal whose calls the preflight asks IAM about
     * @param securityGroupIds its VPC config's security groups (empty outside a VPC)
     * @param environment      names and values of its environment variables (never printed)
     */
    public record DeployedFunction(String functionName, String handler, String roleArn, List<String> securityGroupIds,
                                   Map<String, String> environment) {
        public DeployedFunction {
            Objects.requireNonNull(functionName, "functionName");
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(roleArn, "roleArn");
            securityGroupIds = List.copyOf(securityGroupIds);
            environment = Map.copyOf(environment);
        }
    }

    /**
     * The EventBridge rule whose target is the state machine.
     *
     * @param state     {@code ENABLED}, {@code DISABLED}, ... as DescribeRule reports it
     * @param drills    the drills of the target's Input, or of the deployed drill list it names
     * @param drillList where the drill list is, when the Input names one ({@code {"drillList": {bucket, key}}})
     * @param problem   why the drill list could not be read, when it could not
     */
    public record ScheduleRule(String name, String state, List<PreflightDrill> drills, Optional<String> drillList,
                               Optional<String> problem) {
        public ScheduleRule {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(state, "state");
            drills = List.copyOf(drills);
            Objects.requireNonNull(drillList, "drillList");
            Objects.requireNonNull(problem, "problem");
        }

        /** A rule whose Input holds the drills themselves. */
        public ScheduleRule(String name, String state, List<PreflightDrill> drills) {
            this(name, state, drills, Optional.empty(), Optional.empty());
        }
    }
}
