package io.restoredrill.core.adapter;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How the AWS adapters say what went wrong in a call, for messages people read. */
public final class AwsErrors {

    private AwsErrors() {
    }

    /**
     * "NoSuchBucket: The specified bucket does not exist (HTTP 404)" for AWS's answers. For failures that got no
     * answer (unknown host, connection refused, no credentials) the SDK's message, plus the innermost cause, which
     * names the host or the refusal that the SDK's message only refers to.
     */
    public static String reason(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            AwsErrorDetails details = service.awsErrorDetails();
            List<String> parts = new ArrayList<>(2);
            Optional.ofNullable(details.errorCode()).ifPresent(parts::add);
            Optional.ofNullable(details.errorMessage()).ifPresent(parts::add);
            String status = "HTTP " + service.statusCode();
            return parts.isEmpty() ? status : String.join(": ", parts) + " (" + status + ")";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
    }
}
