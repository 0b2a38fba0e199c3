package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.statemachine.harness.ObjectStore;
import io.restoredrill.statemachine.harness.StreamTask;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stand-ins for the parent's two Tasks, the plan and summarize functions (the fleet-lambdas module owns the real
 * ones), doing what the contract says they do over an {@link ObjectStore} instead of S3:
 * <ul>
 *   <li>plan: takes inline drills ({@code {"drills": [...]}}) or reads the deployed list ({@code {"drillList":
 *       {"bucket", "key"}}}, a document {@code {"drills": [...]}}), writes {@code runs/<execution>/drills.json} (one
 *       item {@code {"drill", "limits": {"restoreSeconds"}}} per drill, restoreSeconds from the spec's restoreTimeout,
 *       default 2 h), longest expected restore first when it knows the drills' restore trends (see
 *       {@link #withRestoreTrends}), and returns the plan: items and results locations, count, concurrency (the
 *       configured one, at most the count);</li>
 *   <li>summarize: reads the manifest.json that ResultWriter wrote (here: the harness's ResultWriter, in the layout of
 *       the Developer Guide's "ResultWriter" page) and its SUCCEEDED files, writes summary.json and returns the counts,
 *       failed drills, orphans and the Fail state's cause.</li>
 * </ul>
 * The quota check and spec validation of the real plan are not simulated: the definition does not see them.
 */
final class SimulatedNight {

    static final String BUCKET = "reports";
    static final int DEFAULT_RESTORE_SECONDS = 7200;

    private final ObjectStore objects = new ObjectStore();
    private final int configuredConcurrency;
    private volatile JsonNode summaryDocument;
    private Map<String, Double> expectedRestoreSeconds = Map.of();
    private final java.util.Deque<java.util.function.Supplier<RuntimeException>> planFaults =
            new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger planCalls = new java.util.concurrent.atomic.AtomicInteger();

    SimulatedNight(int configuredConcurrency) {
        this.configuredConcurrency = configuredConcurrency;
    }

    /**
     * The median restore time of each drill's recent passing drills (core's RestoreTrend), by drill name. With them the
     * plan puts the longest expected restores first, so that the last drills to start are short ones and the night
     * ends sooner (longest-processing-time-first scheduling); a drill without a trend counts as longest.
     */
    SimulatedNight withRestoreTrends(Map<String, Double> medians) {
        this.expectedRestoreSeconds = Map.copyOf(medians);
        return this;
    }

    ObjectStore objects() {
        return objects;
    }

    /** The drill's four steps and the night's two. */
    Map<String, StreamTask> tasks(Map<String, StreamTask> drillSteps) {
        Map<String, StreamTask> tasks = new HashMap<>(drillSteps);
        tasks.put("plan", json(this::plan));
        tasks.put("summarize", json(this::summarize));
        return tasks;
    }

    /** The next plan invocations throw these, one each, in order. */
    SimulatedNight planFails(java.util.function.Supplier<RuntimeException> fault) {
        planFaults.add(fault);
        return this;
    }

    int planCalls() {
        return planCalls.get();
    }

    /** summary.json as summarize wrote it: every verdict. */
    JsonNode summaryDocument() {
        return summaryDocument;
    }

    private JsonNode plan(JsonNode input) {
        planCalls.incrementAndGet();
        var fault = planFaults.poll();
        if (fault != null) {
            throw fault.get();
        }
        String name = input.path("execution").path("name").asText();
        JsonNode specs = input.path("drills");
        if (input.has("drillList")) {
            specs = read(input.path("drillList").path("bucket").asText(), input.path("drillList").path("key").asText())
                    .path("drills");
        }
        List<JsonNode> ordered = new ArrayList<>();
        specs.forEach(ordered::add);
        ordered.sort(java.util.Comparator.comparingDouble((JsonNode spec) ->
                -expectedRestoreSeconds.getOrDefault(spec.path("name").asText(), Double.MAX_VALUE)));
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (JsonNode spec : ordered) {
            ObjectNode item = items.addObject();
            item.set("drill", spec);
            item.putObject("limits").put("restoreSeconds", restoreSeconds(spec));
        }
        String key = "runs/" + name + "/drills.json";
        objects.put(BUCKET, key, items.toString());
        ObjectNode plan = Json.MAPPER.createObjectNode();
        plan.putObject("items").put("bucket", BUCKET).put("key", key);
        plan.put("count", items.size());
        plan.put("concurrency", Math.max(1, Math.min(configuredConcurrency, items.size())));
        plan.put("configuredConcurrency", configuredConcurrency);
        ObjectNode capacity = plan.putObject("capacity");
        capacity.putNull("instanceQuota").putNull("instancesInUse").putNull("storageQuotaGib")
                .putNull("storageInUseGib").putNull("note");
        plan.putObject("results").put("bucket", BUCKET).put("prefix", "runs/" + name + "/results");
        plan.putObject("summary").put("bucket", BUCKET).put("key", "runs/" + name + "/summary.json");
        return plan;
    }

    static int restoreSeconds(JsonNode spec) {
        JsonNode timeout = spec.path("restoreTimeout");
        if (timeout.isMissingNode()) {
            return DEFAULT_RESTORE_SECONDS;
        }
        return (int) Duration.parse("PT" + timeout.asText().toUpperCase()).toSeconds();
    }

    private JsonNode summarize(JsonNode input) {
        JsonNode details = input.path("map").path("ResultWriterDetails");
        JsonNode manifest = read(details.path("Bucket").asText(), details.path("Key").asText());
        Map<Integer, JsonNode> verdicts = new TreeMap<>();
        for (JsonNode file : manifest.path("ResultFiles").path("SUCCEEDED")) {
            for (JsonNode child : read(manifest.path("DestinationBucket").asText(), file.path("Key").asText())) {
                int index = Json.parse(child.path("Input").asText()).path("index").asInt();
                verdicts.put(index, Json.parse(child.path("Output").asText()));
            }
        }
        JsonNode plan = input.path("plan");
        JsonNode items = read(plan.path("items").path("bucket").asText(), plan.path("items").path("key").asText());
        List<JsonNode> all = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            JsonNode verdict = verdicts.get(index);
            if (verdict == null) {
                ObjectNode missing = Json.MAPPER.createObjectNode();
                missing.put("drill", items.get(index).path("drill").path("name").asText("drill #" + index));
                missing.put("verdict", "FAILED").put("reason", "no result").putNull("instance");
                missing.put("cleanup", "unknown: the child execution ended without its cleanup").put("orphaned", true);
                verdict = missing;
            }
            all.add(verdict);
        }
        ObjectNode document = Json.MAPPER.createObjectNode();
        document.set("verdicts", Json.MAPPER.valueToTree(all));
        objects.put(plan.path("summary").path("bucket").asText(), plan.path("summary").path("key").asText(),
                document.toString());
        summaryDocument = document;

        ObjectNode summary = Json.MAPPER.createObjectNode();
        ArrayNode failed = Json.MAPPER.createArrayNode();
        ArrayNode orphans = Json.MAPPER.createArrayNode();
        for (JsonNode verdict : all) {
            if (verdict.path("verdict").asText().equals("FAILED")) {
                failed.add(verdict.path("drill").asText());
            }
            if (verdict.path("orphaned").asBoolean()) {
                orphans.add(verdict.path("cleanup").asText());
            }
        }
        summary.put("drills", all.size());
        summary.put("passed", all.size() - failed.size());
        summary.put("failed", failed.size());
        summary.put("orphaned", orphans.size());
        summary.set("failedDrills", failed);
        summary.set("orphanedInstances", orphans);
        summary.set("summary", plan.path("summary"));
        ObjectNode cause = Json.MAPPER.createObjectNode();
        cause.set("failedDrills", failed);
        cause.set("orphanedInstances", orphans);
        // As fleet-lambdas' CauseJson writes it (contract, Amendments): the summary as an s3:// URI.
        cause.put("summary", "s3://" + plan.path("summary").path("bucket").asText() + "/"
                + plan.path("summary").path("key").asText());
        summary.put("cause", cause.toString());
        return summary;
    }

    private JsonNode read(String bucket, String key) {
        return Json.parse(objects.get(bucket, key)
                .orElseThrow(() -> new IllegalStateException("no object s3://" + bucket + "/" + key)));
    }

    private interface JsonStep {
        JsonNode apply(JsonNode input) throws IOException;
    }

    private static StreamTask json(JsonStep step) {
        return (in, out) -> out.write(Json.MAPPER.writeValueAsBytes(step.apply(Json.MAPPER.readTree(in))));
    }
}
