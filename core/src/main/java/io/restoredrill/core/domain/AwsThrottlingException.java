package io.restoredrill.core.domain;

/**
 * AWS kept throttling a call, or kept answering it with a server error (5xx), after the SDK's own retries.
 * Transient: the state machine retries the step with backoff (it matches this class by name). Never used for a
 * drill's own failure, nor for an error a retry would only repeat (a 4xx such as InvalidParameterCombination).
 */
public class AwsThrottlingException extends RuntimeException {

    public AwsThrottlingException(String message, Throwable cause) {
        super(message, cause);
    }
}
