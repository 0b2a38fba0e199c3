package io.restoredrill.core.domain;

/**
 * AWS kept throttling a call after the SDK's own retries. Transient: the state machine retries the step with
 * backoff (it matches this class by name). Never used for a drill's own failure.
 */
public class AwsThrottlingException extends RuntimeException {

    public AwsThrottlingException(String message, Throwable cause) {
        super(message, cause);
    }
}
