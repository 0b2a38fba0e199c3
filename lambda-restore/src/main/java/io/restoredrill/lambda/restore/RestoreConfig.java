package io.restoredrill.lambda.restore;

import io.restoredrill.core.domain.InvalidConfigurationException;

import java.util.Map;

/**
 * The restore function's configuration, read once from the environment. The RDS endpoint may be overridden
 * with {@code AWS_ENDPOINT_URL} or {@code AWS_ENDPOINT_URL_RDS} (an emulator); the SDK reads those itself.
 *
 * @param region {@code AWS_REGION}, set by the Lambda runtime
 */
public record RestoreConfig(String region) {

    public static RestoreConfig fromEnvironment(Map<String, String> env) {
        return new RestoreConfig(required(env, "AWS_REGION"));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationException("environment variable " + name + " is not set; the restore"
                    + " function needs it");
        }
        return value;
    }
}
