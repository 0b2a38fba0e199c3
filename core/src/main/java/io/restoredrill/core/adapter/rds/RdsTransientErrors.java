package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.AwsThrottlingException;
import software.amazon.awssdk.services.rds.model.RdsException;

import java.util.function.Supplier;

/**
 * Gives the RDS errors that are worth retrying one name the state machine retries: throttling, or a server error
 * (5xx), still failing after the SDK's own retries, becomes an {@link AwsThrottlingException}. Every other RDS error
 * (a 4xx such as InvalidParameterCombination or DBInstanceNotFound) passes unchanged: retrying it would only repeat
 * it, and a Retry on the SDK's {@code SdkServiceException} would include those.
 */
final class RdsTransientErrors {

    private RdsTransientErrors() {
    }

    /**
     * @param action what the call does, for the message, e.g. {@code "DeleteDBInstance restore-drill-orders-..."}
     */
    static <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (RdsException e) {
            if (isTransient(e)) {
                throw new AwsThrottlingException("RDS " + action + " failed after the SDK's retries with a transient"
                        + " error (" + detail(e) + "); the state machine retries the step", e);
            }
            throw e;
        }
    }

    static boolean isTransient(RdsException e) {
        return e.isThrottlingException() || e.statusCode() >= 500;
    }

    private static String detail(RdsException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return (code == null ? "" : code + ", ") + "HTTP " + e.statusCode();
    }
}
