package io.restoredrill.core.adapter.in.lambda;

import io.restoredrill.core.workflow.DrillState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/**
 * The plumbing every state-machine step's handler shares: read the state document, put the drill and execution into
 * the logging context, run the step on the document's {@link DrillState}, write the enriched document with its drill
 * exactly as given. A step's exception is logged whole (with its stack trace), then rethrown as the same class
 * without stack frames ({@link LambdaErrors}): Step Functions still sees the domain exception's class name as the
 * error type its Retry and Catch match, and the error's Cause it keeps stays small (a 500-drill night carries one per
 * failed drill).
 */
public final class StateHandlers {

    private static final Logger log = LoggerFactory.getLogger(StateHandlers.class);

    private StateHandlers() {
    }

    public static void handle(InputStream in, OutputStream out, UnaryOperator<DrillState> step) {
        try {
            StateDocument document = StateJson.readDocument(in);
            MDC.put("drill", document.drillName());
            MDC.put("execution", document.state().executionId());
            StateJson.write(document.with(step.apply(document.state())), out);
        } catch (RuntimeException e) {
            throw logAndTrim(e);
        } finally {
            MDC.remove("drill");
            MDC.remove("execution");
        }
    }

    /**
     * Logs the whole exception (stack and causes) and returns what the handler rethrows: the same class with no
     * frames ({@link LambdaErrors#trimmed}). For every handler of the AWS path, not only the state steps.
     */
    public static RuntimeException logAndTrim(RuntimeException e) {
        log.error("the function failed: {}", e.toString(), e);
        return LambdaErrors.trimmed(e);
    }
}
