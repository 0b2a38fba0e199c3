package io.restoredrill.statemachine;

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
 * The restore-drill workflow: an Amazon States Language definition (Standard workflow) on the classpath at
 * {@value #RESOURCE}, with {@code ${...}} placeholders that the deployment fills (CloudFormation's
 * {@code DefinitionSubstitutions}, CDK's {@code definitionSubstitutions}).
 *
 * <p>Execution input: {@code {"drills": [ <drill spec as JSON>, ... ]}}. Each drill runs restore, a status poll
 * loop, validate and cleanup, and ends with a verdict {@code {"drill", "verdict": "PASSED"|"FAILED", "reason",
 * "instance", "cleanup", "orphaned"}}. The execution succeeds with {@code {"verdicts": [...], ...}} when every drill
 * passed, and otherwise fails with error {@code RestoreDrill.DrillsFailed} and a JSON cause
 * {@code {"failedDrills": [names], "orphanedInstances": [...]}}, after every drill finished and every cleanup ran.
 * Either way every verdict is in the output of the state named {@value #SUMMARY_STATE} (its
 * {@code stateExitedEventDetails} in the execution history): {@code {"verdicts": [...], "anyFailed",
 * "anyOrphaned"}}. The cause leaves the reasons out to stay far below Step Functions' 32 KB limit.
 */
public final class Definition {

    /** Where the definition is on the classpath (and under src/main/resources). */
    public static final String RESOURCE = "statemachine/restore-drill.asl.json";

    /**
     * Every placeholder in the definition, without {@code ${}}: the ARN of each Lambda function. Tasks use the
     * function ARN itself as Resource, so the state document goes in and comes back as the function's payload.
     */
    public static final List<String> PLACEHOLDERS = List.of(
            "RestoreFunctionArn",
            "StatusFunctionArn",
            "ValidateFunctionArn",
            "CleanupFunctionArn");

    /** The state whose output holds every drill's verdict, whether the execution then succeeds or fails. */
    public static final String SUMMARY_STATE = "Summarize";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private Definition() {
    }

    /** The definition as it is stored, placeholders included. */
    public static String text() {
        try (InputStream in = Definition.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
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
     * The definition with every placeholder replaced, for deploying without CloudFormation's substitutions.
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
