package io.restoredrill.core.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One AWS call a function made in a test, as IAM would authorize it: the action, the resources (ARNs with the
 * manifest's placeholders where the request does not say the partition, region or account) and the condition keys
 * the request sets.
 */
public record RecordedCall(String function, String action, List<String> resources, Map<String, List<String>> context) {

    public RecordedCall {
        resources = List.copyOf(resources);
        context = Map.copyOf(context);
    }

    /**
     * The resource-type part of an ARN, qualified by service: {@code rds:db}, {@code rds:snapshot}, {@code s3:object},
     * {@code s3:bucket}, {@code secretsmanager:secret}, {@code kms:key}; {@code *} for {@code *}.
     */
    static String resourceType(String arn) {
        if (arn.equals("*")) {
            return "*";
        }
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            throw new IllegalArgumentException("not an ARN: " + arn);
        }
        String service = parts[2].toLowerCase(Locale.ROOT);
        String resource = parts[5];
        if (service.equals("s3")) {
            return resource.contains("/") ? "s3:object" : "s3:bucket";
        }
        int end = 0;
        while (end < resource.length() && resource.charAt(end) != ':' && resource.charAt(end) != '/') {
            end++;
        }
        return service + ":" + resource.substring(0, end).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return function + " called " + action + " on " + resources + (context.isEmpty() ? "" : " with " + context);
    }
}
