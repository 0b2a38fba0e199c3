package io.restoredrill.core.workflow;

import org.slf4j.MDC;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/**
 * The plumbing every state-machine step shares: read the state document, put the drill and execution into the
 * logging context, run the step, write the enriched document. Exceptions propagate unchanged, so Step Functions
 * sees the domain exception's class name as the error type its Retry and Catch match.
 */
public final class StateHandlers {

    private StateHandlers() {
    }

    public static void handle(InputStream in, OutputStream out, UnaryOperator<DrillState> step) {
        DrillState state = StateJson.read(in);
        MDC.put("drill", state.drill().path("name").asText("?"));
        MDC.put("execution", state.executionId());
        try {
            StateJson.write(step.apply(state), out);
        } finally {
            MDC.remove("drill");
            MDC.remove("execution");
        }
    }
}
