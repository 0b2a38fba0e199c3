package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Numbers and states read from the definition, so tests follow it when it is tuned. */
final class DefinitionFacts {

    private DefinitionFacts() {
    }

    static JsonNode definition() {
        return Json.parse(Definition.text());
    }

    static JsonNode drillStates() {
        return Json.parse(Definition.drill()).path("States");
    }

    /** What the parent's ItemSelector gives each child (the start of the poll and round counters). */
    static JsonNode itemSelector() {
        return definition().path("States").path(Definition.DRILLS_MAP_STATE).path("ItemSelector");
    }

    /** How many status polls a drill gets before it is given up, with the simulated plan's default restore budget. */
    static int pollCap() {
        return pollsWithin(SimulatedNight.DEFAULT_RESTORE_SECONDS);
    }

    /** The poll counts after which the interval doubles (LengthenPollInterval), read from CheckPollBudget. */
    static List<Integer> backoffAfter() {
        List<Integer> counts = new ArrayList<>();
        drillStates().path("CheckPollBudget").path("Choices").get(1).path("Or")
                .forEach(rule -> counts.add(rule.path("NumericEquals").asInt()));
        return counts;
    }

    /** The first poll interval, in seconds. */
    static int firstPollInterval() {
        return itemSelector().path("polls").path("intervalSeconds").asInt();
    }

    /**
     * The seconds waited before each poll, in order, until the restore budget is spent: the schedule the definition's
     * poll loop follows (30 s, doubled after each count in {@link #backoffAfter()}).
     */
    static List<Integer> pollSchedule(int restoreSeconds) {
        List<Integer> waits = new ArrayList<>();
        int interval = firstPollInterval();
        long waited = 0;
        while (waited < restoreSeconds) {
            waits.add(interval);
            waited += interval;
            if (backoffAfter().contains(waits.size())) {
                interval *= 2;
            }
        }
        return waits;
    }

    /** How many status polls a drill with this restore budget makes when its instance never becomes available. */
    static int pollsWithin(int restoreSeconds) {
        return pollSchedule(restoreSeconds).size();
    }

    /** The polls it takes to see an instance that becomes available after this many seconds. */
    static int pollsUntilAvailable(long restoreSeconds) {
        return pollSchedule((int) restoreSeconds).size();
    }

    /** How many validate rounds a drill gets: the loop's cap (Validate's first invocation is round 1). */
    static int validateRounds() {
        JsonNode choice = drillStates().path("AreProofsDone").path("Choices").get(1);
        int startsAt = itemSelector().path("rounds").path("count").asInt();
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
