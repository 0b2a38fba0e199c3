package io.restoredrill.lambda.validate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.core.adapter.in.lambda.StateHandlers;
import io.restoredrill.core.workflow.ValidateStep;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The state machine's Validate task: takes the state document, returns it with {@code validation} set (and
 * {@code backup} for an S3-dump drill). Exceptions propagate; Step Functions matches them by class name.
 */
public final class ValidateHandler implements RequestStreamHandler {

    private final ValidateStep step;

    /** For the Lambda runtime: configuration from the environment, clients built once per container. */
    public ValidateHandler() {
        this(ValidateWiring.fromEnvironment());
    }

    public ValidateHandler(ValidateStep step) {
        this.step = Objects.requireNonNull(step, "step");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        StateHandlers.handle(input, output, step::validate);
    }
}
