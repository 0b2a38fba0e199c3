package io.restoredrill.lambda.cleanup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.core.workflow.CleanupStep;
import io.restoredrill.core.adapter.in.lambda.StateHandlers;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The state machine's cleanup step: takes the state document, deletes the drill's temporary instance (only it: see
 * {@link CleanupStep}), returns the document with {@code cleanup} set. A refusal propagates as
 * {@code io.restoredrill.core.domain.UnsafeDeletionException}, which the state machine must never retry.
 */
public final class CleanupHandler implements RequestStreamHandler {

    private final CleanupStep step;

    public CleanupHandler() {
        this(CleanupWiring.fromEnvironment().cleanupStep());
    }

    public CleanupHandler(CleanupStep step) {
        this.step = Objects.requireNonNull(step, "step");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        StateHandlers.handle(input, output, step::cleanup);
    }
}
