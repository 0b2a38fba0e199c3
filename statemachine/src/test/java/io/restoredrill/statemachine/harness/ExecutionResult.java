package io.restoredrill.statemachine.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
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
 */
public record ExecutionResult(String status, Optional<JsonNode> output, Optional<String> error,
                              Optional<String> cause, List<Iteration> iterations, List<String> retries) {

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
     */
    public record Iteration(int index, String status, Optional<JsonNode> output, Optional<String> error) {
    }
}
