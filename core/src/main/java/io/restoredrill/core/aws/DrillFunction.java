package io.restoredrill.core.aws;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Lambda functions of the AWS path: each one's name in the call manifest and its handler class. The one place
 * that ties the two together, for the stack that deploys the functions, the IAM evaluation of its roles, the
 * preflight that finds them in a deployed stack, and the call recorder of the tests.
 */
public enum DrillFunction {
    RESTORE("restore", "io.restoredrill.lambda.restore.RestoreHandler"),
    STATUS("status", "io.restoredrill.lambda.restore.StatusHandler"),
    VALIDATE("validate", "io.restoredrill.lambda.validate.ValidateHandler"),
    CLEANUP("cleanup", "io.restoredrill.lambda.cleanup.CleanupHandler"),
    REAPER("reaper", "io.restoredrill.lambda.cleanup.ReaperHandler"),
    PLAN("plan", "io.restoredrill.lambda.fleet.PlanHandler"),
    SUMMARIZE("summarize", "io.restoredrill.lambda.fleet.SummarizeHandler"),
    AUDIT("audit", "io.restoredrill.lambda.fleet.AuditHandler"),
    /** The restore-testing workflow's first task: adopts the instance an AWS Backup restore testing job restored. */
    RESTORE_TEST_ADOPT("restore-test-adopt", "io.restoredrill.lambda.restore.RestoreTestAdoptHandler"),
    /** The restore-testing workflow's last task: reports the validation to AWS Backup. */
    RESTORE_TEST_REPORT("restore-test-report", "io.restoredrill.lambda.restore.RestoreTestReportHandler");

    private final String manifestName;
    private final String handlerClass;

    DrillFunction(String manifestName, String handlerClass) {
        this.manifestName = manifestName;
        this.handlerClass = handlerClass;
    }

    /** The function's name in {@code function-calls.json}, e.g. {@code restore}. */
    public String manifestName() {
        return manifestName;
    }

    /** The fully qualified name of the handler class. */
    public String handlerClass() {
        return handlerClass;
    }

    /** The Lambda handler setting: {@code <class>::handleRequest}. */
    public String handler() {
        return handlerClass + "::handleRequest";
    }

    /** The function whose handler is this class, or this {@code <class>::<method>} handler setting. */
    public static Optional<DrillFunction> ofHandler(String handler) {
        int method = handler.indexOf("::");
        String className = method < 0 ? handler : handler.substring(0, method);
        return Arrays.stream(values()).filter(f -> f.handlerClass.equals(className)).findFirst();
    }

    /** Every function's manifest name, in this order. */
    public static List<String> manifestNames() {
        return Arrays.stream(values()).map(DrillFunction::manifestName).toList();
    }
}
