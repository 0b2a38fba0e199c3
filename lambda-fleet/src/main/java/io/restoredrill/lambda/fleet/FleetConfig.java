package io.restoredrill.lambda.fleet;

import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ObjectLocation;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The plan and summarize functions' configuration, read once from the environment at INIT.
 *
 * @param reportsBucket      {@code REPORTS_BUCKET}, required: where a night's documents go ({@code runs/<name>/})
 * @param region             {@code AWS_REGION}, required (Lambda sets it)
 * @param maxConcurrency     {@code MAX_CONCURRENCY}, required: how many drills may run at once before the RDS quotas
 *                           have their say (the deployment's setting)
 * @param drillList          {@code DRILL_LIST_BUCKET} and {@code DRILL_LIST_KEY}, both or neither: the deployed
 *                           drill list, read when the input names none
 * @param defaultSubnetGroup {@code DEFAULT_DB_SUBNET_GROUP}, optional: the stack's DB subnet group, for specs that
 *                           name none
 */
public record FleetConfig(String reportsBucket, String region, int maxConcurrency, Optional<ObjectLocation> drillList,
                          Optional<String> defaultSubnetGroup) {

    public FleetConfig {
        Objects.requireNonNull(reportsBucket, "reportsBucket");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(drillList, "drillList");
        Objects.requireNonNull(defaultSubnetGroup, "defaultSubnetGroup");
    }

    public static FleetConfig fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * @throws InvalidConfigurationException naming the first variable that is missing or wrong
     */
    public static FleetConfig from(Map<String, String> env) {
        String bucket = required(env, "REPORTS_BUCKET", "the S3 bucket a night's documents are written to");
        String region = required(env, "AWS_REGION", "the AWS region of the function (Lambda sets it)");
        String concurrency = required(env, "MAX_CONCURRENCY", "how many drills may run at once");
        int max;
        try {
            max = Integer.parseInt(concurrency);
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException("environment variable MAX_CONCURRENCY is \"" + concurrency
                    + "\", not a whole number of drills", e);
        }
        if (max < 1) {
            throw new InvalidConfigurationException("environment variable MAX_CONCURRENCY is " + max
                    + ": at least 1 drill must run at a time");
        }
        Optional<String> listBucket = optional(env, "DRILL_LIST_BUCKET");
        Optional<String> listKey = optional(env, "DRILL_LIST_KEY");
        if (listBucket.isPresent() != listKey.isPresent()) {
            throw new InvalidConfigurationException("environment variables DRILL_LIST_BUCKET and DRILL_LIST_KEY name"
                    + " the deployed drill list together: set both or neither (set: "
                    + (listBucket.isPresent() ? "DRILL_LIST_BUCKET" : "DRILL_LIST_KEY") + ")");
        }
        return new FleetConfig(bucket, region, max,
                listBucket.map(b -> new ObjectLocation(b, listKey.orElseThrow())),
                optional(env, "DEFAULT_DB_SUBNET_GROUP"));
    }

    private static String required(Map<String, String> env, String name, String meaning) {
        return optional(env, name).orElseThrow(() -> new InvalidConfigurationException(
                "environment variable " + name + " is not set: " + meaning));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
