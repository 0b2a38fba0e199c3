package io.restoredrill.core.adapter.s3;

/**
 * A drill report could not be written to S3. Not a verdict on the backup: the drill's outcome is unknown to
 * everyone who reads the reports, so the step fails and the state machine may retry it.
 */
public class ReportNotStoredException extends RuntimeException {

    public ReportNotStoredException(String message, Throwable cause) {
        super(message, cause);
    }
}
