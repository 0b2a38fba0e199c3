package io.restoredrill.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.RestoreJob;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.infra.RestoreDrillStack.Handler;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Match;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * restore-drill as the validator of AWS Backup restore testing plans (deployment option
 * {@code awsBackupRestoreTesting}): the restore-testing workflow (statemachine module's
 * {@code restore-testing.asl.json}, beside the night's definition), the grants of its two functions (adopt: describe
 * the restored instance; report: PutRestoreValidationResult) and, per {@code source.awsBackupRestoreTest} drill, one
 * EventBridge rule that starts the workflow when that drill's plan completes a restore job of that drill's production
 * instance. The rule is the mapping from the plan's resource selection to the drill: it matches the job's
 * {@code restoreTestingPlanArn} (by the plan's name, the ARN's {@code restore-testing-plan:<name>-<id>}) and
 * {@code sourceResourceArn}, and sends the event and the drill's spec: {@code {"event": <the event>, "drill": <spec>}}.
 * An alarm fires on a failed execution: a restore that did not validate, or a verdict AWS Backup was not told.
 */
final class DrillRestoreTesting extends Construct {

    /** The workflow file, beside the night's definition. */
    static final String DEFINITION_FILE = "restore-testing.asl.json";
    /** The event of a restore job (AWS Backup Developer Guide, eventbridge.html, "Restore Job events"). */
    static final String DETAIL_TYPE = "Restore Job State Change";
    /** An input transformer's template that sends the whole event; "aws.events.event.json": with its detail. */
    static final String WHOLE_EVENT = "<aws.events.event.json>";

    private final StateMachine stateMachine;
    private final Map<String, Rule> rules = new LinkedHashMap<>();

    private DrillRestoreTesting(Construct scope, String id, RestoreDrillStack.Settings settings,
                                DrillFunctions functions, Topic alarmTopic, List<DrillFleet.Drill> drills) {
        super(scope, id);
        functions.grant(Handler.RESTORE_TEST_ADOPT, functions.policies().restoreTestAdopt(productionClusters(settings)));
        functions.grant(Handler.RESTORE_TEST_REPORT, functions.policies().restoreTestReport());

        Map<String, String> substitutions = new LinkedHashMap<>();
        substitutions.put("RestoreTestAdoptFunctionArn", functions.function(Handler.RESTORE_TEST_ADOPT).getFunctionArn());
        substitutions.put("StatusFunctionArn", functions.function(Handler.STATUS).getFunctionArn());
        substitutions.put("ValidateFunctionArn", functions.function(Handler.VALIDATE).getFunctionArn());
        substitutions.put("RestoreTestReportFunctionArn", functions.function(Handler.RESTORE_TEST_REPORT).getFunctionArn());
        substitutions.put("CleanupFunctionArn", functions.function(Handler.CLEANUP).getFunctionArn());
        LogGroup executionLogs = LogGroup.Builder.create(this, "RestoreTestingStateMachineLogs")
                .logGroupName("/aws/vendedlogs/states/" + Stack.of(this).getStackName() + "-restore-testing")
                .retention(RetentionDays.ONE_YEAR)
                .build();
        stateMachine = StateMachine.Builder.create(this, "RestoreTestingStateMachine")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromString(definition(settings)))
                .definitionSubstitutions(substitutions)
                .logs(LogOptions.builder().destination(executionLogs).level(LogLevel.ALL).includeExecutionData(true)
                        .build())
                .tracingEnabled(true)
                .build();
        // Status and cleanup: the drill workflow's own, for an Aurora cluster's drill instance (wait for it, delete it).
        for (Handler handler : List.of(Handler.RESTORE_TEST_ADOPT, Handler.STATUS, Handler.VALIDATE,
                Handler.RESTORE_TEST_REPORT, Handler.CLEANUP)) {
            functions.function(handler).grantInvoke(stateMachine);
        }
        NagFindings.restoreTestingStateMachine(stateMachine);

        for (DrillFleet.Drill drill : drills) {
            rules.put(drill.name(), rule(drill));
        }

        Alarm failed = Alarm.Builder.create(this, "RestoreTestFailedAlarm")
                .alarmDescription("An AWS Backup restore test did not validate (or AWS Backup was not told): open the"
                        + " restore-testing execution; its error is the message AWS Backup shows")
                .metric(stateMachine.metricFailed(MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum")
                        .build()))
                .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        failed.addAlarmAction(new SnsAction(alarmTopic));

        // Stateful: the state machine keeps its execution history, the log group has a fixed name, an operator may
        // have disabled a rule. Pinned from their first deployment, as if created at the stack's scope.
        LogicalIds.keepAsIfIn(this, stateMachine);
        LogicalIds.keepAsIfIn(this, executionLogs);
        LogicalIds.keepAsIfIn(this, failed);
        rules.values().forEach(rule -> LogicalIds.keepAsIfIn(this, rule));
    }

    /**
     * The construct when the deployment asks for it, refusing at synth a drills file and an option that disagree.
     *
     * @throws InvalidConfigurationException when a drill validates restore tests but the option is off
     */
    static Optional<DrillRestoreTesting> ifConfigured(Construct scope, RestoreDrillStack.Settings settings,
                                                      DrillFunctions functions, Topic alarmTopic) {
        List<DrillFleet.Drill> drills = settings.fleet().drills().stream()
                .filter(d -> d.spec().source() instanceof DrillSpec.AwsBackupRestoreTest).toList();
        if (!settings.config().awsBackupRestoreTesting()) {
            if (!drills.isEmpty()) {
                throw new InvalidConfigurationException("the drills file has drills that validate AWS Backup restore"
                        + " tests (" + String.join(", ", drills.stream().map(DrillFleet.Drill::name).toList())
                        + "), but the deployment parameter awsBackupRestoreTesting is off: set it to true, or remove"
                        + " them");
            }
            return Optional.empty();
        }
        return Optional.of(new DrillRestoreTesting(scope, "RestoreTesting", settings, functions, alarmTopic, drills));
    }

    /** The production Aurora clusters the drills name: no restore-testing role may add an instance to them. */
    private static List<String> productionClusters(RestoreDrillStack.Settings settings) {
        List<String> clusters = new java.util.ArrayList<>();
        for (DrillFleet.Drill drill : settings.fleet().drills()) {
            if (drill.spec().source() instanceof DrillSpec.AwsBackupRestoreTest test) {
                test.dbClusterIdentifier().ifPresent(clusters::add);
            } else if (drill.spec().source() instanceof DrillSpec.AuroraCluster aurora) {
                clusters.add(aurora.dbClusterIdentifier());
            }
        }
        return clusters;
    }

    /**
     * The rule of one drill: its plan's completed restore jobs of its production RDS instance, or of its production
     * Aurora cluster (resourceType {@code Aurora}, sourceResourceArn the cluster's ARN).
     */
    private Rule rule(DrillFleet.Drill drill) {
        DrillSpec.AwsBackupRestoreTest test = (DrillSpec.AwsBackupRestoreTest) drill.spec().source();
        Stack stack = Stack.of(this);
        String planArnPrefix = "arn:" + stack.getPartition() + ":backup:" + stack.getRegion() + ":" + stack.getAccount()
                + ":restore-testing-plan:" + test.restoreTestingPlan() + "-";
        String production = "arn:" + stack.getPartition() + ":rds:" + stack.getRegion() + ":" + stack.getAccount()
                + (test.ofAuroraCluster() ? ":cluster:" : ":db:") + test.production();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("status", List.of("COMPLETED"));
        detail.put("resourceType", List.of(test.ofAuroraCluster() ? RestoreJob.AURORA : RestoreJob.RDS));
        detail.put("restoreTestingPlanArn", Match.prefix(planArnPrefix));
        detail.put("sourceResourceArn", List.of(production));
        Rule rule = Rule.Builder.create(this, "RestoreTestCompleted-" + drill.name())
                .description("AWS Backup restore testing plan " + test.restoreTestingPlan() + " restored "
                        + test.production() + ": drill " + drill.name() + " validates it")
                .eventPattern(EventPattern.builder().source(List.of("aws.backup")).detailType(List.of(DETAIL_TYPE))
                        .detail(detail).build())
                .targets(List.of(SfnStateMachine.Builder.create(stateMachine).retryAttempts(3).build()))
                .build();
        String template = inputTemplate(drill);
        ((CfnRule) rule.getNode().getDefaultChild()).addPropertyOverride("Targets.0.InputTransformer",
                Map.of("InputTemplate", template));
        return rule;
    }

    /**
     * {@code {"event": <aws.events.event.json>, "drill": <the spec as JSON>}}: the whole event and the drill's spec.
     *
     * @throws InvalidConfigurationException when the template would pass EventBridge's limit on a target's input
     */
    static String inputTemplate(DrillFleet.Drill drill) {
        try {
            String template = "{\"event\": " + WHOLE_EVENT + ", \"drill\": "
                    + new ObjectMapper().writeValueAsString(drill.document()) + "}";
            if (template.length() > RestoreDrillStack.MAX_RULE_INPUT_CHARS) {
                throw new InvalidConfigurationException("drill " + drill.name() + ": its spec is " + template.length()
                        + " characters in its EventBridge rule's input template, more than the "
                        + RestoreDrillStack.MAX_RULE_INPUT_CHARS + " EventBridge accepts (InputTransformer,"
                        + " InputTemplate): shorten its checks");
            }
            return template;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String definition(RestoreDrillStack.Settings settings) {
        Path file = settings.stateMachineDefinition().resolveSibling(DEFINITION_FILE);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the restore-testing definition " + file
                    + " (the statemachine module's, beside the night's)", e);
        }
    }

    StateMachine stateMachine() {
        return stateMachine;
    }

    Map<String, Rule> rules() {
        return rules;
    }
}
