package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Numbers and states read from the definition, so tests follow it when it is tuned. */
final class DefinitionFacts {

    private DefinitionFacts() {
    }

    static JsonNode definition() {
        return Json.parse(Definition.text());
    }

    static JsonNode drillStates() {
        return definition().path("States").path("RunDrills").path("ItemProcessor").path("States");
    }

    /** How many status polls a drill gets before it is given up. */
    static int pollCap() {
        return drillStates().path("CheckPollCap").path("Choices").get(0).path("NumericGreaterThanEquals").asInt();
    }

    /** How many validate rounds a drill gets: the loop's cap (Validate's first invocation is round 1). */
    static int validateRounds() {
        JsonNode choice = drillStates().path("AreProofsDone").path("Choices").get(1);
        int startsAt = definition().path("States").path("RunDrills").path("ItemSelector").path("rounds")
                .path("count").asInt();
        return choice.path("And").get(1).path("NumericLessThan").asInt() - startsAt + 1;
    }

    /** How many times Cleanup is retried on a transient error. */
    static int cleanupRetries() {
        return drillStates().path("Cleanup").path("Retry").get(0).path("MaxAttempts").asInt();
    }

    /** Every Task state, by name, in the whole definition. */
    static Map<String, JsonNode> tasks() {
        Map<String, JsonNode> tasks = new LinkedHashMap<>();
        collectTasks(definition().path("States"), tasks);
        return tasks;
    }

    private static void collectTasks(JsonNode states, Map<String, JsonNode> tasks) {
        states.properties().forEach(entry -> {
            JsonNode state = entry.getValue();
            if ("Task".equals(state.path("Type").asText())) {
                tasks.put(entry.getKey(), state);
            }
            if (state.has("ItemProcessor")) {
                collectTasks(state.path("ItemProcessor").path("States"), tasks);
            }
        });
    }
}
