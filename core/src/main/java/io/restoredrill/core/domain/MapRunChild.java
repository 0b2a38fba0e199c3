package io.restoredrill.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * One child execution of the night's Map Run, as the Map's result files list it.
 *
 * @param status       {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT}, {@code ABORTED}, or {@code PENDING} (the
 *                     Map Run ended before the child ran to its end)
 * @param drill        the drill's name, from the child's input, when it could be read
 * @param executionId  the execution id the child's steps tagged their resources with (its input's
 *                     {@code state.executionId}), when it could be read
 * @param verdict      the child's output, when it succeeded and its output is a verdict
 * @param error        the child's error, when it failed
 * @param cause        the child's error cause, when it failed
 * @param problem      why a succeeded child's output is not a verdict, when it is not
 */
public record MapRunChild(String status, Optional<String> drill, Optional<String> executionId,
                          Optional<DrillVerdict> verdict,
                          Optional<String> error, Optional<String> cause, Optional<String> problem) {

    public MapRunChild {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(drill, "drill");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(problem, "problem");
    }
}
