package io.restoredrill.lambda.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ObjectLocation;
import io.restoredrill.core.domain.RdsCapacity;
import io.restoredrill.core.fleet.NightPlan;
import io.restoredrill.core.fleet.NightRequest;
import io.restoredrill.core.fleet.NightSummary;
import io.restoredrill.core.fleet.SummaryRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The plan and summarize functions' JSON, mapped to and from the fleet's use cases (the shapes of
 * /work/plan/CONTRACT-fleet.md, which the parent state machine passes and keeps).
 *
 * <p>Plan input: the execution input ({@code drills}, {@code drillList}, {@code only}, each optional) plus
 * {@code execution: {id, name}}. Summarize input: {@code plan} (the plan's output), {@code map} (the Distributed
 * Map's output with a ResultWriter: {@code MapRunArn} and {@code ResultWriterDetails: {Bucket, Key}}, Key being the
 * manifest) and {@code execution}.
 */
final class FleetJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private FleetJson() {
    }

    static JsonNode read(InputStream in) {
        try {
            JsonNode root = JSON.readTree(in);
            if (root == null || !root.isObject()) {
                throw new InvalidConfigurationException("the event is not a JSON object");
            }
            return root;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidConfigurationException("the event is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(JsonNode node, OutputStream out) {
        try {
            JSON.writeValue(out, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NightRequest nightRequest(JsonNode input) {
        Optional<List<String>> inline = Optional.empty();
        if (input.has("drills")) {
            if (!input.get("drills").isArray()) {
                throw new InvalidConfigurationException("\"drills\" must be a list of drill specs");
            }
            List<String> specs = new ArrayList<>();
            input.get("drills").forEach(spec -> specs.add(spec.toString()));
            inline = Optional.of(specs);
        }
        Optional<ObjectLocation> list = input.has("drillList")
                ? Optional.of(location(input.get("drillList"), "bucket", "key", "\"drillList\"")) : Optional.empty();
        Optional<List<String>> only = Optional.empty();
        if (input.has("only")) {
            if (!input.get("only").isArray()) {
                throw new InvalidConfigurationException("\"only\" must be a list of drill names");
            }
            List<String> names = new ArrayList<>();
            input.get("only").forEach(n -> {
                if (!n.isTextual()) {
                    throw new InvalidConfigurationException("\"only\" holds " + n + ", not a drill name");
                }
                names.add(n.asText());
            });
            only = Optional.of(names);
        }
        boolean alarmTest = false;
        if (input.has("alarmTest")) {
            if (!input.get("alarmTest").isBoolean()) {
                throw new InvalidConfigurationException("\"alarmTest\" must be true or false");
            }
            alarmTest = input.get("alarmTest").asBoolean();
        }
        return new NightRequest(executionName(input), inline, list, only, alarmTest);
    }

    static ObjectNode plan(NightPlan plan) {
        ObjectNode out = JSON.createObjectNode();
        out.set("items", location(plan.items()));
        out.put("count", plan.count());
        out.put("concurrency", plan.concurrency());
        out.put("configuredConcurrency", plan.configuredConcurrency());
        RdsCapacity c = plan.capacity();
        ObjectNode capacity = out.putObject("capacity");
        number(capacity, "instanceQuota", c.instancesMax());
        capacity.put("instancesInUse", c.instancesUsed());
        number(capacity, "storageQuotaGib", c.storageMaxGib());
        capacity.put("storageInUseGib", c.storageUsedGib());
        capacity.put("note", plan.note().orElse(null));
        out.putObject("results").put("bucket", plan.resultsBucket()).put("prefix", plan.resultsPrefix());
        out.set("summary", location(plan.summary()));
        return out;
    }

    static SummaryRequest summaryRequest(JsonNode input) {
        JsonNode plan = input.path("plan");
        JsonNode map = input.path("map");
        if (!plan.isObject() || !map.isObject()) {
            throw new InvalidConfigurationException("the event is not the summarize step's input: expected"
                    + " {\"plan\": <the plan's output>, \"map\": <the Map's output>, \"execution\": {...}}");
        }
        ObjectLocation manifest = location(map.path("ResultWriterDetails"), "Bucket", "Key",
                "\"map.ResultWriterDetails\" (the Map's ResultWriter)");
        Optional<String> mapRunArn = map.path("MapRunArn").isTextual()
                ? Optional.of(map.get("MapRunArn").asText()) : Optional.empty();
        return new SummaryRequest(executionName(input), location(plan.path("items"), "bucket", "key", "\"plan.items\""),
                manifest, location(plan.path("summary"), "bucket", "key", "\"plan.summary\""), mapRunArn);
    }

    static ObjectNode summary(NightSummary summary) {
        ObjectNode out = JSON.createObjectNode();
        out.put("drills", summary.drills());
        out.put("passed", summary.passed());
        out.put("failed", summary.failed());
        out.put("orphaned", summary.orphaned());
        summary.failedDrills().forEach(out.putArray("failedDrills")::add);
        summary.orphanedInstances().forEach(out.putArray("orphanedInstances")::add);
        out.set("summary", location(summary.summary()));
        out.put("cause", summary.cause());
        return out;
    }

    /** {@code execution.name}, else the last segment of {@code execution.id} (an execution ARN). */
    private static String executionName(JsonNode input) {
        JsonNode execution = input.path("execution");
        if (execution.path("name").isTextual()) {
            return execution.get("name").asText();
        }
        if (execution.path("id").isTextual()) {
            String id = execution.get("id").asText();
            return id.substring(id.lastIndexOf(':') + 1);
        }
        throw new InvalidConfigurationException("the event has no \"execution\": {\"id\": $$.Execution.Id,"
                + " \"name\": $$.Execution.Name}; the state's Parameters must add it");
    }

    private static ObjectLocation location(JsonNode node, String bucket, String key, String what) {
        if (!node.path(bucket).isTextual() || !node.path(key).isTextual()) {
            throw new InvalidConfigurationException(what + " must be {\"" + bucket + "\": ..., \"" + key + "\": ...},"
                    + " found " + (node.isMissingNode() ? "nothing" : node.toString()));
        }
        try {
            return new ObjectLocation(node.get(bucket).asText(), node.get(key).asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(what + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode location(ObjectLocation location) {
        return JSON.createObjectNode().put("bucket", location.bucket()).put("key", location.key());
    }

    private static void number(ObjectNode node, String field, OptionalLong value) {
        if (value.isPresent()) {
            node.put(field, value.getAsLong());
        } else {
            node.putNull(field);
        }
    }
}
