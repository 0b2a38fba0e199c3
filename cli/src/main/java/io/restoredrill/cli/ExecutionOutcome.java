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
import java.util.Objects;
import java.util.Optional;

/**
 * How a finished execution of the restore-drill parent state machine ended: its status and the night's summary.
 *
 * <p>The summary is the output of the parent's {@value #SUMMARIZE} Task (the summarize function's result at
 * {@code $.summary}: counts, failed drills, orphaned instances, where summary.json is), read from the execution
 * history, where it is whether the execution then succeeded or failed. When the history does not have it (an
 * execution stopped before Summarize), the execution's output is the fallback (on success, the state passed through
 * with the summary in it); a failed execution's cause (RestoreDrill.DrillsFailed's JSON) still names the failed
 * drills, the orphans and the summary's location.
 *
 * @param summary           the night's summary, when the Summarize state ran
 * @param failedDrills      from the summary, else from the cause of a {@code RestoreDrill.DrillsFailed} failure
 * @param failedNotListed   failed drills neither names (the cause lists as many as fit in its 32 KB, with a count
 *                          of the rest)
 * @param orphanedInstances from the same: instances cleanup could not delete
 * @param orphansNotListed  likewise
 * @param summaryLocation   where summary.json (every verdict, reasons in full) is, as an s3:// URI
 * @param error             the execution's error, when it failed, timed out or was aborted
 * @param cause             the execution's cause as given
 */
record ExecutionOutcome(String executionArn, ExecutionStatus status, Optional<NightSummary> summary,
                        List<String> failedDrills, int failedNotListed, List<String> orphanedInstances,
                        int orphansNotListed, Optional<String> summaryLocation, Optional<String> error,
                        Optional<String> cause) {

    static final String SUMMARIZE = "Summarize";
    private static final ObjectMapper JSON = new ObjectMapper();

    ExecutionOutcome {
        Objects.requireNonNull(summary, "summary");
        failedDrills = List.copyOf(failedDrills);
        orphanedInstances = List.copyOf(orphanedInstances);
        Objects.requireNonNull(summaryLocation, "summaryLocation");
    }

    /** The counts of the summarize function's output. */
    record NightSummary(int drills, int passed, int failed, int orphaned) {
    }

    boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    static ExecutionOutcome of(SfnClient sfn, DescribeExecutionResponse execution) {
        Optional<JsonNode> summary = summarizeOutput(sfn, execution.executionArn())
                .or(() -> json(execution.output()))
                .flatMap(ExecutionOutcome::summaryIn);
        Optional<JsonNode> cause = json(execution.cause());
        Optional<JsonNode> lists = summary.or(() -> cause);
        Optional<NightSummary> counts = summary.map(s -> new NightSummary(s.path("drills").asInt(),
                s.path("passed").asInt(), s.path("failed").asInt(), s.path("orphaned").asInt()));
        List<String> failed = lists.map(c -> texts(c.path("failedDrills"))).orElse(List.of());
        List<String> orphans = lists.map(c -> texts(c.path("orphanedInstances"))).orElse(List.of());
        // The summary counts every failed drill and orphan; the cause says how many it left out.
        int failedNotListed = counts.map(c -> Math.max(0, c.failed() - failed.size()))
                .orElseGet(() -> cause.map(c -> c.path("failedDrillsNotListed").asInt()).orElse(0));
        int orphansNotListed = counts.map(c -> Math.max(0, c.orphaned() - orphans.size()))
                .orElseGet(() -> cause.map(c -> c.path("orphanedInstancesNotListed").asInt()).orElse(0));
        return new ExecutionOutcome(execution.executionArn(), execution.status(), counts, failed, failedNotListed,
                orphans, orphansNotListed, lists.flatMap(c -> location(c.path("summary"))),
                Optional.ofNullable(execution.error()), Optional.ofNullable(execution.cause()));
    }

    /**
     * The summary in a state: the Summarize Task's ResultPath is {@code $.summary}, so the state holds it there; the
     * summary is known by its count of drills (its own {@code summary} member is summary.json's location).
     */
    private static Optional<JsonNode> summaryIn(JsonNode state) {
        if (state.path("drills").isNumber()) {
            return Optional.of(state);
        }
        return Optional.of(state.path("summary")).filter(s -> s.path("drills").isNumber());
    }

    /** summary.json's location: {@code {"bucket", "key"}} in the summary, an s3:// URI in the cause. */
    private static Optional<String> location(JsonNode node) {
        if (node.path("bucket").isTextual() && node.path("key").isTextual()) {
            return Optional.of("s3://" + node.path("bucket").asText() + "/" + node.path("key").asText());
        }
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }

    /**
     * The output of the last exit from the Summarize state, newest events first: the parent's history holds only the
     * plan, the Map's own events and the summary (children's events are in their own histories), so one page, usually.
     * GetExecutionHistory (https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html):
     * reverseOrder gives the latest events first; includeExecutionData returns the outputs. outputDetails.truncated
     * is "always false for API calls" (.../API_HistoryEventExecutionDataDetails.html; true only in CloudWatch logs):
     * a truncated output is skipped all the same rather than read as the summary.
     */
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

    /** A JSON object's text as the object; empty for no text, other JSON, or text that is not JSON. */
    static Optional<JsonNode> json(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(text)).filter(JsonNode::isObject);
        } catch (JsonProcessingException notJson) {
            return Optional.empty(); // e.g. the cause of States.Timeout: plain text, printed as it is
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString()));
        return items;
    }
}
