package io.restoredrill.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.infra.RestoreDrillStack.Handler;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.CfnDBSubnetGroup;
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

/**
 * The Step Functions workflow that runs every drill, its execution log, the nightly schedule that starts it with the
 * fleet as input, and the hourly schedule of the reaper.
 */
final class DrillWorkflow extends Construct {

    /** The Map state of the definition that runs the drills; its MaxConcurrency is a deployment parameter. */
    static final String DRILLS_MAP_STATE = "RunDrills";

    private final StateMachine stateMachine;
    private final Map<String, String> definitionSubstitutions;

    DrillWorkflow(Construct scope, String id, RestoreDrillStack.Settings settings, DrillFunctions functions,
                  DrillNetwork network) {
        super(scope, id);
        definitionSubstitutions = definitionSubstitutions(functions);
        LogGroup executionLogs = LogGroup.Builder.create(this, "StateMachineLogs")
                .logGroupName("/aws/vendedlogs/states/" + Stack.of(this).getStackName() + "-drills")
                .retention(RetentionDays.ONE_YEAR)
                .build();
        stateMachine = StateMachine.Builder.create(this, "DrillStateMachine")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromString(
                        definitionWithConcurrency(settings.stateMachineDefinition(), settings.config().maxConcurrency())))
                .definitionSubstitutions(definitionSubstitutions)
                .logs(LogOptions.builder().destination(executionLogs).level(LogLevel.ALL).includeExecutionData(true).build())
                .tracingEnabled(true)
                .build();
        for (Handler handler : List.of(Handler.RESTORE, Handler.STATUS, Handler.VALIDATE, Handler.CLEANUP)) {
            functions.function(handler).grantInvoke(stateMachine);
        }

        Rule nightly = Rule.Builder.create(this, "NightlyDrillSchedule")
                .description("Starts the restore drill for every configured drill at 03:00 UTC")
                .schedule(Schedule.expression(RestoreDrillStack.NIGHTLY_SCHEDULE))
                .targets(List.of(SfnStateMachine.Builder.create(stateMachine)
                        .input(RuleTargetInput.fromObject(executionInput(settings.fleet(), network)))
                        .retryAttempts(3)
                        .build()))
                .build();
        Rule reaper = Rule.Builder.create(this, "ReaperSchedule")
                .description("Hourly: deletes temporary drill instances past their expiry")
                .schedule(Schedule.rate(Duration.hours(1)))
                .targets(List.of(LambdaFunction.Builder.create(functions.function(Handler.REAPER)).retryAttempts(2).build()))
                .build();

        // The log group has a fixed name (a replacement could not be created beside it); the state machine keeps its
        // execution history; an operator may have disabled a schedule, and a replaced rule would start enabled.
        LogicalIds.keepAsIfIn(this, executionLogs);
        LogicalIds.keepAsIfIn(this, stateMachine);
        LogicalIds.keepAsIfIn(this, nightly);
        LogicalIds.keepAsIfIn(this, reaper);
        NagFindings.stateMachine(stateMachine);
    }

    /**
     * The definition with the Map state's MaxConcurrency set from the deployment configuration: the file keeps a
     * literal number (so it stays valid ASL for asl-validator and the local engine), and the deployment decides.
     */
    static String definitionWithConcurrency(Path definition, int maxConcurrency) {
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode root = json.readTree(Files.readString(definition));
            JsonNode map = root.path("States").path(DRILLS_MAP_STATE);
            if (!map.isObject() || !"Map".equals(map.path("Type").asText())) {
                throw new IllegalStateException(definition + " has no Map state \"" + DRILLS_MAP_STATE + "\"");
            }
            ((ObjectNode) map).put("MaxConcurrency", maxConcurrency);
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state machine definition " + definition, e);
        }
    }

    /** The placeholders of the ASL definition, each with the ARN that fills it. */
    private static Map<String, String> definitionSubstitutions(DrillFunctions functions) {
        Map<String, String> substitutions = new LinkedHashMap<>();
        substitutions.put("RestoreFunctionArn", functions.function(Handler.RESTORE).getFunctionArn());
        substitutions.put("StatusFunctionArn", functions.function(Handler.STATUS).getFunctionArn());
        substitutions.put("ValidateFunctionArn", functions.function(Handler.VALIDATE).getFunctionArn());
        substitutions.put("CleanupFunctionArn", functions.function(Handler.CLEANUP).getFunctionArn());
        return substitutions;
    }

    /**
     * The execution input of the nightly run: {"drills": [spec, ...]}, with the stack's subnet group filled in where a
     * spec leaves it out. The temporary-instance security group is not: see {@link DrillFunctions}.
     */
    private static Map<String, Object> executionInput(DrillFleet fleet, DrillNetwork network) {
        CfnDBSubnetGroup subnetGroup = network.subnetGroup();
        ObjectMapper json = new ObjectMapper();
        List<Object> drills = new ArrayList<>();
        int length = "{\"drills\":[]}".length();
        for (DrillFleet.Drill drill : fleet.drills()) {
            ObjectNode document = drill.document().deepCopy();
            ObjectNode rds = document.withObject("/target").withObject("/rds");
            if (drill.usesStackSubnetGroup()) {
                rds.put("dbSubnetGroupName", subnetGroup.getRef());
            }
            // No security group here: restore and status add the stack's temporary-instance group themselves
            // (TEMPORARY_INSTANCE_SECURITY_GROUP_ID), whatever the drill names.
            // Tokens render longer than their placeholders; count the real ids at their longest.
            length += drill.document().toString().length() + 1 + (drill.usesStackSubnetGroup() ? 90 : 0);
            drills.add(json.convertValue(document, new TypeReference<Map<String, Object>>() { }));
        }
        if (length > RestoreDrillStack.MAX_RULE_INPUT_CHARS) {
            throw new InvalidConfigurationException("the drills make an execution input"
                    + " of about " + length + " characters; EventBridge allows " + RestoreDrillStack.MAX_RULE_INPUT_CHARS
                    + ". Split the fleet into several stacks or shorten the checks");
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("drills", drills);
        return input;
    }

    StateMachine stateMachine() {
        return stateMachine;
    }

    Map<String, String> definitionSubstitutions() {
        return definitionSubstitutions;
    }
}
