package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.RestoreValidationStatus;
import io.restoredrill.core.domain.ValidationWindowClosedException;
import io.restoredrill.core.port.RestoreValidationResults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * The last step of the restore-testing workflow, on every path: tells AWS Backup what validation found
 * (PutRestoreValidationResult) and returns the execution's verdict. SUCCESSFUL only for a PASSED validation; TIMED_OUT
 * when the validation window was too short to start; FAILED for everything else, with the reason: a failed check or
 * proof, a step that failed (its error), a validation that ended without a verdict. restore-drill's own report and
 * metrics are the validate step's, as for any drill.
 */
public final class RestoreTestReport {

    private static final Logger log = LoggerFactory.getLogger(RestoreTestReport.class);

    /**
     * What the execution learned.
     *
     * @param restoreJobId the restore job (the event's {@code detail.restoreJobId})
     * @param state        the state document, when the adopt step made one (absent when it failed)
     * @param error        the error a step failed with (the state machine's Catch), with its message as text
     */
    public record Outcome(String restoreJobId, Optional<DrillState> state, Optional<DrillState.StepError> error) {
        public Outcome {
            Objects.requireNonNull(restoreJobId, "restoreJobId");
            state = Objects.requireNonNullElse(state, Optional.empty());
            error = Objects.requireNonNullElse(error, Optional.empty());
        }
    }

    /**
     * The execution's output.
     *
     * @param drill    the drill's name, when a drill was found
     * @param instance the validated instance, AWS Backup's (never deleted here)
     * @param report   restore-drill's report, when validate wrote one
     */
    public record Verdict(String restoreJobId, Optional<String> drill, RestoreValidationStatus validationStatus,
                          String message, Optional<String> instance, Optional<String> report) {
    }

    private final RestoreValidationResults results;

    public RestoreTestReport(RestoreValidationResults results) {
        this.results = Objects.requireNonNull(results, "results");
    }

    public Verdict report(Outcome outcome) {
        Optional<DrillState> state = outcome.state();
        Optional<String> drill = state.flatMap(s -> s.drill().valid()).map(spec -> spec.name());
        Optional<DrillState.Validation> validation = state.flatMap(DrillState::validation);
        Optional<String> report = validation.flatMap(DrillState.Validation::reportLocation);
        Optional<DrillState.StepError> error = outcome.error().or(() -> state.flatMap(DrillState::error));
        RestoreValidationStatus status;
        String reason;
        if (error.isPresent()) {
            boolean windowClosed = ValidationWindowClosedException.class.getName().equals(error.get().error());
            status = windowClosed ? RestoreValidationStatus.TIMED_OUT : RestoreValidationStatus.FAILED;
            reason = error.get().error().substring(error.get().error().lastIndexOf('.') + 1) + ": "
                    + Objects.requireNonNullElse(error.get().cause(), "no cause given");
        } else if (validation.isEmpty()) {
            status = RestoreValidationStatus.FAILED;
            reason = "validation ended without a verdict";
        } else if ("PASSED".equals(validation.get().verdict())) {
            status = RestoreValidationStatus.SUCCESSFUL;
            reason = validation.get().checksPassed() + " checks passed, " + validation.get().tablesRead()
                    + " tables read";
        } else {
            status = RestoreValidationStatus.FAILED;
            reason = validation.get().failureReason().orElse(validation.get().checksFailed() + " checks failed, "
                    + validation.get().checksPassed() + " passed");
        }
        // The report's place first: the message may be shortened at its end.
        String message = "restore-drill" + drill.map(d -> " drill " + d).orElse("")
                + report.map(r -> " (report " + r + ")").orElse("") + ": " + reason;
        results.put(outcome.restoreJobId(), status, message);
        log.info("restore job {}: {}", outcome.restoreJobId(), status);
        return new Verdict(outcome.restoreJobId(), drill, status, message,
                state.flatMap(DrillState::instance).map(DrillState.Instance::id), report);
    }
}
