package io.restoredrill.lambda.restore;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.core.workflow.RestoreStep;
import io.restoredrill.core.adapter.in.lambda.StateHandlers;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The state machine's Restore task: takes the state document, returns it with the audit, the chosen backup and
 * the temporary instance. Domain failures propagate under their class name for the state machine's Catch.
 */
public final class RestoreHandler implements RequestStreamHandler {

    private final RestoreStep step;

    public RestoreHandler() {
        this(RestoreWiring.fromEnvironment().restoreStep());
    }

    public RestoreHandler(RestoreStep step) {
        this.step = Objects.requireNonNull(step, "step");
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) {
        StateHandlers.handle(in, out, step::restore);
    }
}
