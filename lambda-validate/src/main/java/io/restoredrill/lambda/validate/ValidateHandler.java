package io.restoredrill.lambda.validate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.core.adapter.in.lambda.StateHandlers;
import io.restoredrill.core.workflow.ValidateStep;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * The state machine's Validate task: takes the state document, returns it with {@code validation} set (and
 * {@code backup} for an S3-dump drill), or, while proofs are left for another round, with {@code proving}.
 * Exceptions propagate; Step Functions matches them by class name.
 *
 * <p>A round proves until the invocation's remaining time less {@link ValidateStep#ROUND_MARGIN}, read from the
 * Lambda context when the invocation starts, so that it can still store its progress or the report.
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
        Duration round = roundTime(context);
        StateHandlers.handle(input, output, state -> step.validate(state, round));
    }

    /** The invocation's remaining time less the margin; a full round when there is no context (local invoke). */
    static Duration roundTime(Context context) {
        if (context == null) {
            return ValidateStep.DEFAULT_ROUND;
        }
        Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(ValidateStep.ROUND_MARGIN);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
