package io.restoredrill.statemachine.harness;

/**
 * Thrown by a test step to stand for an error of the Lambda service itself rather than of our code, e.g.
 * {@code Lambda.TooManyRequestsException}: the task host reports it under {@link #errorType()}, the name Step
 * Functions gives such errors, instead of this class's name.
 */
public final class LambdaServiceFault extends RuntimeException {

    private final String errorType;

    public LambdaServiceFault(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
