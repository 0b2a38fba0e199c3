package io.restoredrill.core.testing;

import java.util.Map;
import java.util.Optional;

/**
 * Which function a call belongs to, read from the call stack: the outermost frame of a function's handler or of
 * a workflow step. Outermost, because IAM authorizes the Lambda function that runs, and that is the entry point:
 * a status step that reused restore's code would still run as the status function. A call with no such frame (a
 * test fixture seeding moto, the CLI's local runs) is not a function's call.
 */
final class FunctionFrames {

    static final Map<String, String> FUNCTION_OF_CLASS = Map.ofEntries(
            Map.entry("io.restoredrill.lambda.restore.RestoreHandler", "restore"),
            Map.entry("io.restoredrill.core.workflow.RestoreStep", "restore"),
            Map.entry("io.restoredrill.lambda.restore.StatusHandler", "status"),
            Map.entry("io.restoredrill.core.workflow.StatusStep", "status"),
            Map.entry("io.restoredrill.lambda.validate.ValidateHandler", "validate"),
            Map.entry("io.restoredrill.core.workflow.ValidateStep", "validate"),
            Map.entry("io.restoredrill.lambda.cleanup.CleanupHandler", "cleanup"),
            Map.entry("io.restoredrill.core.workflow.CleanupStep", "cleanup"),
            Map.entry("io.restoredrill.lambda.cleanup.ReaperHandler", "reaper"),
            Map.entry("io.restoredrill.core.workflow.Reaper", "reaper"));

    private final Map<String, String> functionOfClass;

    FunctionFrames(Map<String, String> functionOfClass) {
        this.functionOfClass = Map.copyOf(functionOfClass);
    }

    /** The function of the outermost matching frame; nested classes (ValidateStep$Run) count as their outer class. */
    Optional<String> current() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(frame -> {
                    String name = frame.getClassName();
                    int nested = name.indexOf('$');
                    return functionOfClass.get(nested < 0 ? name : name.substring(0, nested));
                })
                .filter(java.util.Objects::nonNull)
                .reduce((inner, outer) -> outer));
    }
}
