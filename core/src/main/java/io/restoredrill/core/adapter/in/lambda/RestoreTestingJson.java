package io.restoredrill.core.adapter.in.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.RestoreJob;
import io.restoredrill.core.workflow.DrillState;
import io.restoredrill.core.workflow.RestoreTestAdoption;
import io.restoredrill.core.workflow.RestoreTestReport;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The restore-testing workflow's documents at the Lambda edge (restore-testing.asl.json). The execution's input is
 * what the stack's EventBridge rule sends: {@code {"event": <the Restore Job State Change event>, "drill": <the drill's
 * spec>}}. The adopt task gets {@code {"event", "drill", "executionId"}} and returns the state document; the report
 * task gets the whole execution document, {@code {"event", "drill", "state"?, "error"?}}, and returns the verdict.
 */
public final class RestoreTestingJson {

    private RestoreTestingJson() {
    }

    /**
     * The restore job of an AWS Backup "Restore Job State Change" event (its {@code detail}).
     *
     * @throws InvalidConfigurationException when the document is no such event
     */
    public static RestoreJob restoreJob(JsonNode event) {
        if (!"aws.backup".equals(event.path("source").asText()) || !"Restore Job State Change".equals(
                event.path("detail-type").asText())) {
            throw new InvalidConfigurationException("the event is not AWS Backup's \"Restore Job State Change\" (source "
                    + event.path("source").asText("missing") + ", detail-type " + event.path("detail-type")
                    .asText("missing") + ")");
        }
        JsonNode detail = event.path("detail");
        String id = detail.path("restoreJobId").asText("");
        if (id.isBlank()) {
            throw new InvalidConfigurationException("the restore job event has no detail.restoreJobId");
        }
        return new RestoreJob(id, detail.path("status").asText(""), detail.path("resourceType").asText(""),
                text(detail, "restoreTestingPlanArn"), text(detail, "sourceResourceArn"),
                text(detail, "createdResourceArn"), time(detail, "creationDate"), time(detail, "completionDate"));
    }

    /** The adopt task: {@code {"event", "drill", "executionId"}} in, the state document out. */
    public static void adopt(InputStream in, OutputStream out, RestoreTestAdoption step) {
        try {
            JsonNode input = read(in);
            JsonNode drill = input.path("drill");
            String executionId = input.path("executionId").asText("");
            if (!drill.isObject() || executionId.isBlank()) {
                throw new InvalidConfigurationException("the adopt task's input needs \"event\", \"drill\" and"
                        + " \"executionId\"");
            }
            RestoreJob job = restoreJob(input.path("event"));
            MDC.put("drill", drill.path("name").asText("?"));
            MDC.put("execution", executionId);
            DrillState state = step.adopt(job, StateJson.drill(drill), executionId);
            StateJson.write(new StateDocument(drill, state), out);
        } catch (RuntimeException e) {
            throw StateHandlers.logAndTrim(e);
        } finally {
            MDC.remove("drill");
            MDC.remove("execution");
        }
    }

    /** The report task: the execution's document in, the verdict out. */
    public static void report(InputStream in, OutputStream out, RestoreTestReport step) {
        try {
            JsonNode input = read(in);
            RestoreJob job = restoreJob(input.path("event"));
            Optional<DrillState> state = input.path("state").isObject()
                    ? Optional.of(StateJson.readDocument(input.path("state").toString()).state())
                    : Optional.empty();
            Optional<DrillState.StepError> error = input.path("error").isObject()
                    ? Optional.of(new DrillState.StepError(input.path("error").path("Error").asText("States.ALL"),
                    causeText(input.path("error").path("Cause").asText(""))))
                    : Optional.empty();
            RestoreTestReport.Verdict verdict = step.report(new RestoreTestReport.Outcome(job.restoreJobId(), state,
                    error));
            ObjectNode result = StateJson.mapper().createObjectNode();
            result.put("restoreJobId", verdict.restoreJobId());
            result.put("drill", verdict.drill().orElse(null));
            result.put("validationStatus", verdict.validationStatus().name());
            result.put("message", verdict.message());
            result.put("instance", verdict.instance().orElse(null));
            result.put("report", verdict.report().orElse(null));
            StateJson.mapper().writeValue(out, result);
        } catch (IOException e) {
            throw StateHandlers.logAndTrim(new UncheckedIOException(e));
        } catch (RuntimeException e) {
            throw StateHandlers.logAndTrim(e);
        }
    }

    /**
     * A Lambda function error's Cause, as Step Functions keeps it: {@code {"errorMessage", "errorType", ...}}; its
     * message is what a person reads. Any other cause is kept as it is.
     */
    static String causeText(String cause) {
        try {
            JsonNode node = StateJson.mapper().readTree(cause);
            if (node != null && node.hasNonNull("errorMessage")) {
                return node.get("errorMessage").asText();
            }
        } catch (IOException e) {
            // not JSON: the cause is its own text
        }
        return cause;
    }

    private static JsonNode read(InputStream in) {
        try {
            JsonNode node = StateJson.mapper().readTree(in);
            if (node == null || !node.isObject()) {
                throw new InvalidConfigurationException("the input is not a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidConfigurationException("the input is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> text(JsonNode detail, String field) {
        return Optional.ofNullable(detail.get(field)).filter(JsonNode::isTextual).map(JsonNode::asText)
                .filter(v -> !v.isBlank());
    }

    private static Optional<Instant> time(JsonNode detail, String field) {
        return text(detail, field).map(value -> {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new InvalidConfigurationException("detail." + field + " \"" + value + "\" is not an ISO-8601"
                        + " time", e);
            }
        });
    }
}
