package io.restoredrill.lambda.cleanup;

import io.restoredrill.core.domain.InvalidConfigurationException;

import java.util.Map;
import java.util.Objects;

/**
 * The cleanup and reaper functions' configuration, read once from the environment at INIT.
 *
 * @param region the AWS region (Lambda sets {@code AWS_REGION}); the RDS client reads it through the SDK's chain,
 *               and it is checked here so a missing region fails at INIT, naming the variable, not at the first call
 */
public record CleanupConfig(String region) {

    static final String AWS_REGION = "AWS_REGION";

    public CleanupConfig {
        Objects.requireNonNull(region, "region");
    }

    public static CleanupConfig fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * @throws InvalidConfigurationException naming every missing variable
     */
    public static CleanupConfig from(Map<String, String> env) {
        String region = env.get(AWS_REGION);
        if (region == null || region.isBlank()) {
            throw new InvalidConfigurationException("environment variable " + AWS_REGION + " is not set: the"
                    + " cleanup function needs the region of the drill's RDS instances (Lambda sets it; locally,"
                    + " export AWS_REGION=...)");
        }
        return new CleanupConfig(region);
    }
}
