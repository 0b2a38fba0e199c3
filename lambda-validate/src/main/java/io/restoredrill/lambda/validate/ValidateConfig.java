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
 * @param rdsCaBundle   {@code RDS_CA_BUNDLE}, optional: a PEM file with Amazon RDS's CA certificates; without it
 *                      the bundle built into the jar is used ({@code rds-ca/global-bundle.pem})
 */
public record ValidateConfig(String reportsBucket, String reportsPrefix, String region, Optional<String> rdsCaBundle) {

    public ValidateConfig {
        Objects.requireNonNull(reportsBucket, "reportsBucket");
        Objects.requireNonNull(reportsPrefix, "reportsPrefix");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(rdsCaBundle, "rdsCaBundle");
    }

    public ValidateConfig(String reportsBucket, String reportsPrefix, String region) {
        this(reportsBucket, reportsPrefix, region, Optional.empty());
    }

    /**
     * @throws InvalidConfigurationException naming the first missing variable
     */
    public static ValidateConfig fromEnvironment(Map<String, String> environment) {
        return new ValidateConfig(
                required(environment, "REPORTS_BUCKET", "the S3 bucket drill reports are written to"),
                optional(environment, "REPORTS_PREFIX").orElse(S3ReportStore.DEFAULT_PREFIX),
                required(environment, "AWS_REGION", "the AWS region of the function (Lambda sets it)"),
                optional(environment, "RDS_CA_BUNDLE"));
    }

    private static String required(Map<String, String> environment, String name, String meaning) {
        return optional(environment, name).orElseThrow(() -> new InvalidConfigurationException(
                "environment variable " + name + " is not set: " + meaning));
    }

    private static Optional<String> optional(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
