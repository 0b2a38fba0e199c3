package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The restore-drill workflow, two Amazon States Language definitions (Standard workflows, JSONPath) on the classpath,
 * with {@code ${...}} placeholders that the deployment fills (CloudFormation's {@code DefinitionSubstitutions}, CDK's
 * {@code definitionSubstitutions}):
 * <ul>
 *   <li>{@value #DRILL_RESOURCE}: one drill, a complete state machine on its own (tests run it per drill). Input: the
 *       item the parent's ItemSelector builds, {@code {"state": {"drill", "executionId"}, "limits": {"restoreSeconds"},
 *       "index", "polls", "rounds"}}; output: the verdict {@code {"drill", "verdict": "PASSED"|"FAILED", "reason",
 *       "instance", "cleanup", "orphaned"}}. It never fails: every phase is bounded and Cleanup runs on every path.</li>
 *   <li>{@value #FLEET_RESOURCE}: the night. PlanNight (plan function) -> RunDrills, a Distributed Map that runs the
 *       drill definition as one child execution per drill -> {@value #SUMMARY_STATE} (summarize function) ->
 *       succeeds when every drill passed, else fails with {@code RestoreDrill.DrillsFailed} and the summary's cause.
 *       As stored, its ItemProcessor holds a placeholder state; {@link #text()} embeds the drill's states.</li>
 * </ul>
 */
public final class Definition {

    /** The per-drill child definition, on the classpath and under src/main/resources. */
    public static final String DRILL_RESOURCE = "statemachine/drill.asl.json";

    /**
     * The restore-testing workflow (a state machine of its own, started by the stack's EventBridge rule when an AWS
     * Backup restore testing job completes): adopt the restored instance, validate it, report to AWS Backup.
     */
    public static final String RESTORE_TESTING_RESOURCE = "statemachine/restore-testing.asl.json";

    /**
     * The placeholders of {@value #RESTORE_TESTING_RESOURCE}: the ARNs of the functions it invokes, in order of
     * appearance: its own adopt and report, and the drill workflow's status and cleanup (an Aurora cluster's drill
     * instance only) and validate.
     */
    public static final List<String> RESTORE_TESTING_PLACEHOLDERS = List.of(
            "RestoreTestAdoptFunctionArn",
            "StatusFunctionArn",
            "ValidateFunctionArn",
            "RestoreTestReportFunctionArn",
            "CleanupFunctionArn");

    /** The parent definition as stored (its ItemProcessor is a placeholder until {@link #text()} fills it). */
    public static final String FLEET_RESOURCE = "statemachine/fleet.asl.json";

    /** The Distributed Map state of the parent that runs one child execution per drill. */
    public static final String DRILLS_MAP_STATE = "RunDrills";

    /**
     * Every placeholder in the deployable definition, without {@code ${}}: the ARN of each Lambda function. Tasks use
     * the function ARN itself as Resource, so the state document goes in and comes back as the function's payload.
     */
    public static final List<String> PLACEHOLDERS = List.of(
            "RestoreFunctionArn",
            "StatusFunctionArn",
            "ValidateFunctionArn",
            "CleanupFunctionArn",
            "PlanFunctionArn",
            "SummarizeFunctionArn");

    /**
     * The parent's state whose output ({@code $.summary}) holds the night's counts, failed drills, orphans and where
     * summary.json (every verdict) is, whether the execution then succeeds or fails.
     */
    public static final String SUMMARY_STATE = "Summarize";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private Definition() {
    }

    /** The deployable parent definition, placeholders included: the fleet with the drill's states embedded. */
    public static String text() {
        try {
            ObjectNode fleet = (ObjectNode) JSON.readTree(resource(FLEET_RESOURCE));
            JsonNode drill = JSON.readTree(drill());
            JsonNode map = fleet.path("States").path(DRILLS_MAP_STATE);
            if (!"Map".equals(map.path("Type").asText()) || !map.path("ItemProcessor").isObject()) {
                throw new IllegalStateException(FLEET_RESOURCE + " has no Map state " + DRILLS_MAP_STATE);
            }
            ObjectNode processor = (ObjectNode) map.path("ItemProcessor");
            processor.set("StartAt", drill.path("StartAt"));
            processor.set("States", drill.path("States"));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(fleet) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The restore-testing definition, as stored and deployed, placeholders included. */
    public static String restoreTesting() {
        return resource(RESTORE_TESTING_RESOURCE);
    }

    /** The per-drill child definition alone, as stored, placeholders included. */
    public static String drill() {
        return resource(DRILL_RESOURCE);
    }

    private static String resource(String name) {
        try (InputStream in = Definition.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
    /** The names of the placeholders a definition uses, in order of first use. */
    public static Set<String> placeholdersIn(String definition) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(definition);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * The deployable definition ({@link #text()}) with every placeholder replaced, for deploying without CloudFormation's substitutions.
     *
     * @throws IllegalArgumentException naming the placeholders that {@code values} lacks
     */
    public static String substituted(Map<String, String> values) {
        String definition = text();
        List<String> missing = placeholdersIn(definition).stream().filter(name -> !values.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no value for the state machine placeholders " + missing);
        }
        return PLACEHOLDER.matcher(definition)
                .replaceAll(match -> Matcher.quoteReplacement(values.get(match.group(1))));
    }
}
