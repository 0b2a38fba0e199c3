package io.restoredrill.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An RDS instance as the drill sees it: a temporary instance it created, or any instance it was asked about.
 *
 * @param rdsStatus the RDS status text, e.g. {@code creating}, {@code backing-up}, {@code available}
 * @param endpoint  host and port, once RDS has assigned them
 * @param secretArn the Secrets Manager secret holding the master password RDS manages, when it does
 * @param tags      every tag of the instance
 */
public record TemporaryInstance(
        String identifier,
        String arn,
        String rdsStatus,
        Optional<Endpoint> endpoint,
        Optional<String> secretArn,
        Optional<String> masterUsername,
        boolean deletionProtection,
        Map<String, String> tags,
        Optional<Instant> createdAt) {

    public record Endpoint(String host, int port) {
        public Endpoint {
            Objects.requireNonNull(host, "host");
        }
    }

    public TemporaryInstance {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(rdsStatus, "rdsStatus");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(secretArn, "secretArn");
        Objects.requireNonNull(masterUsername, "masterUsername");
        Objects.requireNonNull(createdAt, "createdAt");
        tags = Map.copyOf(tags);
    }

    /** What the state machine's poll loop needs to know. */
    public InstanceState state() {
        return InstanceState.ofRdsStatus(rdsStatus);
    }

    public Optional<String> tag(String key) {
        return Optional.ofNullable(tags.get(key));
    }
}
