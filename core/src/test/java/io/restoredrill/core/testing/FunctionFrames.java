package io.restoredrill.core.testing;

import io.restoredrill.core.aws.DrillFunction;

import java.util.Map;
import java.util.Optional;

/**
 * Which function a call belongs to, read from the call stack: the outermost frame of a function's handler or of
 * a workflow step. Outermost, because IAM authorizes the Lambda function that runs, and that is the entry point:
 * a status step that reused restore's code would still run as the status function. A call with no such frame (a
 * test fixture seeding moto, the CLI's local runs) is not a function's call.
 */
final class FunctionFrames {

    /** Each function's handler (DrillFunction) and the workflow step it runs. */
    static final Map<String, String> FUNCTION_OF_CLASS = functionOfClass();

    private static Map<String, String> functionOfClass() {
        Map<String, String> functions = new java.util.HashMap<>();
        for (DrillFunction function : DrillFunction.values()) {
            functions.put(function.handlerClass(), function.manifestName());
        }
        functions.put("io.restoredrill.core.workflow.RestoreStep", DrillFunction.RESTORE.manifestName());
        functions.put("io.restoredrill.core.workflow.StatusStep", DrillFunction.STATUS.manifestName());
        functions.put("io.restoredrill.core.workflow.ValidateStep", DrillFunction.VALIDATE.manifestName());
        functions.put("io.restoredrill.core.workflow.CleanupStep", DrillFunction.CLEANUP.manifestName());
        functions.put("io.restoredrill.core.workflow.Reaper", DrillFunction.REAPER.manifestName());
        functions.put("io.restoredrill.core.fleet.PlanNight", DrillFunction.PLAN.manifestName());
        functions.put("io.restoredrill.core.fleet.SummarizeNight", DrillFunction.SUMMARIZE.manifestName());
        functions.put("io.restoredrill.core.workflow.RestoreTestAdoption", DrillFunction.RESTORE_TEST_ADOPT.manifestName());
        functions.put("io.restoredrill.core.workflow.RestoreTestReport", DrillFunction.RESTORE_TEST_REPORT.manifestName());
        return Map.copyOf(functions);
    }

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
