package io.restoredrill.infra;

import io.restoredrill.infra.RestoreDrillStack.Handler;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Step Functions workflow that runs the night (a parent whose Distributed Map runs one child execution per drill:
 * {@link WorkflowDefinition}), its execution log, the nightly schedule that starts it with a reference to the deployed
 * drill list as input, and the hourly schedule of the reaper.
 */
final class DrillWorkflow extends Construct {

    /** The account audit runs before the drills (03:00), so tonight's drills do not race it for RDS's API quota. */
    static final String NIGHTLY_AUDIT_SCHEDULE = "cron(30 2 * * ? *)";

    /** During working hours, so the page the alarm test sends finds people awake. */
    static final String MONTHLY_ALARM_TEST_SCHEDULE = "cron(0 10 1 * ? *)";

    private final StateMachine stateMachine;
    private final Map<String, String> definitionSubstitutions;
    private final Map<String, Object> scheduleInput;

    DrillWorkflow(Construct scope, String id, RestoreDrillStack.Settings settings, DrillFunctions functions,
                  DrillBuckets buckets, DrillList drillList) {
        super(scope, id);
        definitionSubstitutions = definitionSubstitutions(functions);
        LogGroup executionLogs = LogGroup.Builder.create(this, "StateMachineLogs")
                .logGroupName("/aws/vendedlogs/states/" + Stack.of(this).getStackName() + "-drills")
                .retention(RetentionDays.ONE_YEAR)
                .build();
        stateMachine = StateMachine.Builder.create(this, "DrillStateMachine")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromString(WorkflowDefinition.deployable(settings.stateMachineDefinition())))
                .definitionSubstitutions(definitionSubstitutions)
                .logs(LogOptions.builder().destination(executionLogs).level(LogLevel.ALL).includeExecutionData(true).build())
                .tracingEnabled(true)
                .build();
        for (Handler handler : WORKFLOW_FUNCTIONS) {
            functions.function(handler).grantInvoke(stateMachine);
        }
        // The Distributed Map's own needs. In a Policy of its own, not the role's default policy: the state machine
        // waits for its default policy, and this one names the state machine (a cycle otherwise; aws-cdk#28820).
        Policy distributedMap = Policy.Builder.create(this, "DistributedMapPolicy")
                .statements(new DrillPolicies(Stack.of(this)).distributedMap(stateMachine.getStateMachineArn(),
                        stateMachine.getStateMachineName(), buckets.reports()))
                .roles(List.of(stateMachine.getRole()))
                .build();

        scheduleInput = scheduleInput(drillList);
        Rule nightly = Rule.Builder.create(this, "NightlyDrillSchedule")
                .description("Starts the restore drill for every configured drill at 03:00 UTC")
                .schedule(Schedule.expression(RestoreDrillStack.NIGHTLY_SCHEDULE))
                .targets(List.of(SfnStateMachine.Builder.create(stateMachine)
                        .input(RuleTargetInput.fromObject(scheduleInput))
                        .retryAttempts(3)
                        .build()))
                .build();
        Rule reaper = Rule.Builder.create(this, "ReaperSchedule")
                .description("Hourly: deletes temporary drill instances past their expiry")
                .schedule(Schedule.rate(Duration.hours(1)))
                .targets(List.of(LambdaFunction.Builder.create(functions.function(Handler.REAPER)).retryAttempts(2).build()))
                .build();

        // A fire drill of the alarms, monthly, off unless the deployment turns it on: it pages the on-call engineer.
        Rule alarmTest = Rule.Builder.create(this, "MonthlyAlarmTestSchedule")
                .description("Monthly, 10:00 UTC on the 1st: a night that fails on purpose, so the failed-execution"
                        + " alarm proves it reaches someone (restore-drill start --alarm-test by hand)")
                .schedule(Schedule.expression(MONTHLY_ALARM_TEST_SCHEDULE))
                .enabled(settings.config().alarmTestSchedule())
                .targets(List.of(SfnStateMachine.Builder.create(stateMachine)
                        .input(RuleTargetInput.fromObject(Map.of("alarmTest", true)))
                        .retryAttempts(3)
                        .build()))
                .build();
        LogicalIds.keepAsIfIn(this, alarmTest);
        Rule audit = Rule.Builder.create(this, "NightlyAuditSchedule")
                .description("Nightly at 02:30 UTC: audits every RDS database of the account and keeps the report")
                .schedule(Schedule.expression(NIGHTLY_AUDIT_SCHEDULE))
                .targets(List.of(LambdaFunction.Builder.create(functions.function(Handler.AUDIT)).retryAttempts(2).build()))
                .build();
        LogicalIds.keepAsIfIn(this, audit);

        // The log group has a fixed name (a replacement could not be created beside it); the state machine keeps its
        // execution history; an operator may have disabled a schedule, and a replaced rule would start enabled.
        LogicalIds.keepAsIfIn(this, executionLogs);
        LogicalIds.keepAsIfIn(this, stateMachine);
        LogicalIds.keepAsIfIn(this, nightly);
        LogicalIds.keepAsIfIn(this, reaper);
        NagFindings.stateMachine(stateMachine, distributedMap);
    }

    /** The functions the workflow invokes: the drill's four steps and the night's plan and summary. */
    static final List<Handler> WORKFLOW_FUNCTIONS = List.of(Handler.RESTORE, Handler.STATUS, Handler.VALIDATE,
            Handler.CLEANUP, Handler.PLAN, Handler.SUMMARIZE);

    /** The placeholders of the ASL definition, each with the ARN that fills it. */
    private static Map<String, String> definitionSubstitutions(DrillFunctions functions) {
        Map<String, String> substitutions = new LinkedHashMap<>();
        substitutions.put("RestoreFunctionArn", functions.function(Handler.RESTORE).getFunctionArn());
        substitutions.put("StatusFunctionArn", functions.function(Handler.STATUS).getFunctionArn());
        substitutions.put("ValidateFunctionArn", functions.function(Handler.VALIDATE).getFunctionArn());
        substitutions.put("CleanupFunctionArn", functions.function(Handler.CLEANUP).getFunctionArn());
        substitutions.put("PlanFunctionArn", functions.function(Handler.PLAN).getFunctionArn());
        substitutions.put("SummarizeFunctionArn", functions.function(Handler.SUMMARIZE).getFunctionArn());
        return substitutions;
    }

    /**
     * The execution input of the nightly run: {"drillList": {"bucket", "key"}}, the deployed list, whatever its size.
     * The drills themselves no longer travel in it (EventBridge limits a target's input to 8,192 characters).
     */
    private static Map<String, Object> scheduleInput(DrillList drillList) {
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("bucket", drillList.bucket());
        reference.put("key", drillList.key());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("drillList", reference);
        return input;
    }

    StateMachine stateMachine() {
        return stateMachine;
    }

    Map<String, String> definitionSubstitutions() {
        return definitionSubstitutions;
    }

    Map<String, Object> scheduleInput() {
        return scheduleInput;
    }
}
