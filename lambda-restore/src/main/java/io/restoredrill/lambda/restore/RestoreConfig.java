package io.restoredrill.lambda.restore;

import io.restoredrill.core.domain.InvalidConfigurationException;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The restore and status functions' configuration, read once from the environment. The RDS endpoint may be
 * overridden with {@code AWS_ENDPOINT_URL} or {@code AWS_ENDPOINT_URL_RDS} (an emulator); the SDK reads those itself.
 *
 * @param region                         {@code AWS_REGION}, set by the Lambda runtime
 * @param temporaryInstanceSecurityGroup {@code TEMPORARY_INSTANCE_SECURITY_GROUP_ID}: the stack's security group that
 *                                       validate may reach, added to every temporary instance; absent in local runs
 *                                       (then each drill spec must name its own vpcSecurityGroupIds)
 */
public record RestoreConfig(String region, Optional<String> temporaryInstanceSecurityGroup) {

    static final String TEMPORARY_INSTANCE_SECURITY_GROUP_ID = "TEMPORARY_INSTANCE_SECURITY_GROUP_ID";

    public RestoreConfig {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(temporaryInstanceSecurityGroup, "temporaryInstanceSecurityGroup");
    }

    public static RestoreConfig fromEnvironment(Map<String, String> env) {
        Optional<String> group = Optional.ofNullable(env.get(TEMPORARY_INSTANCE_SECURITY_GROUP_ID))
                .map(String::strip).filter(g -> !g.isEmpty());
        group.filter(g -> !g.matches("sg-[0-9a-f]+")).ifPresent(g -> {
            throw new InvalidConfigurationException("environment variable " + TEMPORARY_INSTANCE_SECURITY_GROUP_ID
                    + " is \"" + g + "\", not a security group id (sg-...)");
        });
        return new RestoreConfig(required(env, "AWS_REGION"), group);
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
