package io.restoredrill.core.adapter.in.lambda;

import io.restoredrill.core.workflow.DrillState;
import org.slf4j.MDC;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/**
 * The plumbing every state-machine step's handler shares: read the state document, put the drill and execution into
 * the logging context, run the step on the document's {@link DrillState}, write the enriched document with its drill
 * exactly as given. Exceptions propagate unchanged, so Step Functions sees the domain exception's class name as the
 * error type its Retry and Catch match.
 */
public final class StateHandlers {

    private StateHandlers() {
    }

    public static void handle(InputStream in, OutputStream out, UnaryOperator<DrillState> step) {
        StateDocument document = StateJson.readDocument(in);
        MDC.put("drill", document.drillName());
        MDC.put("execution", document.state().executionId());
        try {
            StateJson.write(document.with(step.apply(document.state())), out);
        } finally {
            MDC.remove("drill");
            MDC.remove("execution");
        }
    }
}
