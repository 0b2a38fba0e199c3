package io.restoredrill.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.StateExitedEventDetails;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a finished execution of the restore-drill state machine ended: its status, each drill's verdict and, when it
 * failed, the failed drills and orphaned instances its cause names.
 *
 * <p>The verdicts come from the output of the state machine's {@value #SUMMARIZE} state, read from the execution
 * history: that output holds them whether the execution then succeeded or failed. When the history does not have
 * it (an execution stopped before Summarize, a truncated output), the execution's output (which on success is the
 * Summarize output passed through) is the fallback; a failed execution's cause still names the failed drills.
 *
 * @param verdicts          {@code {"drill", "verdict", "reason", ...}} per drill, in the fleet's order
 * @param failedDrills      from the cause of a {@code RestoreDrill.DrillsFailed} failure
 * @param orphanedInstances from the same cause: instances cleanup could not delete
 * @param error             the execution's error, when it failed, timed out or was aborted
 * @param cause             the execution's cause as given
 */
record ExecutionOutcome(String executionArn, ExecutionStatus status, List<JsonNode> verdicts,
                        List<String> failedDrills, List<String> orphanedInstances,
                        Optional<String> error, Optional<String> cause) {

    static final String SUMMARIZE = "Summarize";
    private static final ObjectMapper JSON = new ObjectMapper();

    ExecutionOutcome {
        verdicts = List.copyOf(verdicts);
        failedDrills = List.copyOf(failedDrills);
        orphanedInstances = List.copyOf(orphanedInstances);
    }

    boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    static ExecutionOutcome of(SfnClient sfn, DescribeExecutionResponse execution) {
        List<JsonNode> verdicts = summarizeOutput(sfn, execution.executionArn())
                .or(() -> json(execution.output()))
                .map(output -> elements(output.path("verdicts")))
                .orElse(List.of());
        Optional<JsonNode> cause = json(execution.cause());
        return new ExecutionOutcome(execution.executionArn(), execution.status(), verdicts,
                cause.map(c -> texts(c.path("failedDrills"))).orElse(List.of()),
                cause.map(c -> texts(c.path("orphanedInstances"))).orElse(List.of()),
                Optional.ofNullable(execution.error()), Optional.ofNullable(execution.cause()));
    }

    /** The output of the last exit from the Summarize state, newest events first (one page on AWS, usually). */
    private static Optional<JsonNode> summarizeOutput(SfnClient sfn, String executionArn) {
        String token = null;
        do {
            String page = token;
            GetExecutionHistoryResponse history = sfn.getExecutionHistory(r -> r.executionArn(executionArn)
                    .reverseOrder(true).maxResults(1000).includeExecutionData(true).nextToken(page));
            for (HistoryEvent event : history.events()) {
                StateExitedEventDetails exited = event.stateExitedEventDetails();
                if (exited != null && SUMMARIZE.equals(exited.name())
                        && (exited.outputDetails() == null || !Boolean.TRUE.equals(exited.outputDetails().truncated()))) {
                    return json(exited.output());
                }
            }
            token = history.nextToken();
        } while (token != null);
        return Optional.empty();
    }

    private static Optional<JsonNode> json(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(text)).filter(JsonNode::isObject);
        } catch (JsonProcessingException notJson) {
            return Optional.empty(); // e.g. the cause of States.Timeout: plain text, printed as it is
        }
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static List<String> texts(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString()));
        return items;
    }
}
