package io.restoredrill.lambda.restore;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.core.adapter.in.lambda.StateHandlers;
import io.restoredrill.core.workflow.StatusStep;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The state machine's poll task: returns the state document with the instance's status ({@code creating},
 * {@code available} with endpoint and secret, or {@code failed}).
 */
public final class StatusHandler implements RequestStreamHandler {

    private final StatusStep step;

    public StatusHandler() {
        this(RestoreWiring.fromEnvironment().statusStep());
    }

    public StatusHandler(StatusStep step) {
        this.step = Objects.requireNonNull(step, "step");
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) {
        StateHandlers.handle(in, out, step::status);
    }
}
