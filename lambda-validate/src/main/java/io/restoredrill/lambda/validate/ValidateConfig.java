package io.restoredrill.lambda.validate;

import io.restoredrill.core.adapter.s3.S3ReportStore;
import io.restoredrill.core.domain.InvalidConfigurationException;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The validate function's configuration, read once from its environment.
 *
 * @param reportsBucket {@code REPORTS_BUCKET}, required: where drill reports go
 * @param reportsPrefix {@code REPORTS_PREFIX}, optional: key prefix of the reports, default
 *                      {@value S3ReportStore#DEFAULT_PREFIX} (blank counts as unset)
 * @param region        {@code AWS_REGION}, required (Lambda always sets it)
 */
public record ValidateConfig(String reportsBucket, String reportsPrefix, String region) {

    public ValidateConfig {
        Objects.requireNonNull(reportsBucket, "reportsBucket");
        Objects.requireNonNull(reportsPrefix, "reportsPrefix");
        Objects.requireNonNull(region, "region");
    }

    /**
     * @throws InvalidConfigurationException naming the first missing variable
     */
    public static ValidateConfig fromEnvironment(Map<String, String> environment) {
        return new ValidateConfig(
                required(environment, "REPORTS_BUCKET", "the S3 bucket drill reports are written to"),
                optional(environment, "REPORTS_PREFIX").orElse(S3ReportStore.DEFAULT_PREFIX),
                required(environment, "AWS_REGION", "the AWS region of the function (Lambda sets it)"));
    }

    private static String required(Map<String, String> environment, String name, String meaning) {
        return optional(environment, name).orElseThrow(() -> new InvalidConfigurationException(
                "environment variable " + name + " is not set: " + meaning));
    }

    private static Optional<String> optional(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
