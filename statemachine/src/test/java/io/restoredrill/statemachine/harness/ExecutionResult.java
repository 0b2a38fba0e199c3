package io.restoredrill.statemachine.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * How one local execution ended.
 *
 * @param status     SUCCEEDED, FAILED or TIMED_OUT
 * @param output     the execution's output, when it succeeded
 * @param error      the error name, when it failed
 * @param cause      the cause, when it failed
 * @param iterations how each iteration of the Map state ended, in order of completion
 * @param retries    the names of the states the engine retried, one entry per retry
 * @param executions what each execution went through: "parent", and each Map iteration by its index (on AWS, a
 *                   Distributed Map's iteration is a child execution of its own)
 */
public record ExecutionResult(String status, Optional<JsonNode> output, Optional<String> error,
                              Optional<String> cause, List<Iteration> iterations, List<String> retries,
                              Map<String, Trace> executions) {

    /** The trace of the parent execution (or of a child run alone). */
    public Trace parent() {
        return executions.getOrDefault("parent", Trace.EMPTY);
    }

    /** The traces of the Map's iterations, by index. */
    public Map<Integer, Trace> children() {
        Map<Integer, Trace> children = new TreeMap<>();
        executions.forEach((key, trace) -> {
            if (!key.equals("parent")) {
                children.put(Integer.parseInt(key), trace);
            }
        });
        return children;
    }

    /**
     * What one execution went through on the local engine.
     *
     * @param statesByName        how often each state was entered
     * @param statesByType        how often a state of each type (Task, Pass, Choice, Wait, Map, Succeed, Fail) was
     *                            entered
     * @param retries             how many retries the engine made
     * @param waitedSeconds       the seconds its Wait states would have waited on AWS (the harness waits 0)
     * @param largestPayloadBytes the largest state input or output, in bytes of JSON
     * @param largestPayloadState the state that had it
     */
    public record Trace(Map<String, Integer> statesByName, Map<String, Integer> statesByType, int retries,
                        long waitedSeconds, int largestPayloadBytes, String largestPayloadState) {

        static final Trace EMPTY = new Trace(Map.of(), Map.of(), 0, 0, 0, null);

        public int entered(String state) {
            return statesByName.getOrDefault(state, 0);
        }
    }

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    /** The verdict each drill ended with, whatever became of the execution, in the order the drills were given. */
    public List<JsonNode> verdicts() {
        return iterations.stream()
                .filter(iteration -> iteration.output().isPresent())
                .sorted(java.util.Comparator.comparingInt(Iteration::index))
                .map(iteration -> iteration.output().orElseThrow())
                .toList();
    }

    /** The verdict of the named drill. */
    public JsonNode verdictOf(String drill) {
        return verdicts().stream()
                .filter(verdict -> drill.equals(verdict.path("drill").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no verdict for drill " + drill + " in " + this));
    }

    /**
     * One iteration of the Map state.
     *
     * @param status SUCCEEDED or FAILED: an iteration that failed would have failed the Map
     * @param input  what the iteration started with: the Map's ItemSelector applied to its item (on AWS, the child
     *               execution's input)
     */
    public record Iteration(int index, String status, Optional<JsonNode> input, Optional<JsonNode> output,
                            Optional<String> error) {
    }
}
