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
 * @param secretStatus that secret's status as RDS reports it ({@code MasterUserSecret.SecretStatus}): creating,
 *                  active, rotating or impaired
 * @param tags      every tag of the instance
 */
public record TemporaryInstance(
        String identifier,
        String arn,
        String rdsStatus,
        Optional<Endpoint> endpoint,
        Optional<String> secretArn,
        Optional<String> secretStatus,
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
        Objects.requireNonNull(secretStatus, "secretStatus");
        Objects.requireNonNull(masterUsername, "masterUsername");
        Objects.requireNonNull(createdAt, "createdAt");
        tags = Map.copyOf(tags);
    }

    /** What the state machine's poll loop needs to know. */
    public InstanceState state() {
        return InstanceState.ofRdsStatus(rdsStatus);
    }

    /** Where the master password RDS manages stands, for the poll loop. */
    public enum ManagedSecret {
        /** RDS manages no password for it (yet): a restored instance until the drill turns management on. */
        NONE,
        /** RDS is creating (or rotating) the secret: wait and ask again. */
        PENDING,
        /** The secret can be read. */
        USABLE
    }

    /**
     * {@code active} is usable. {@code impaired} is usable too: the API Reference (MasterUserSecret) says such a
     * secret "can be used to access database credentials, but it can't be rotated", and a drill instance lives a few
     * hours and is never rotated. {@code creating} and {@code rotating} are pending (the password may be about to
     * change under the validate step). A secret without a status (RDS always sends one; some emulators do not) is
     * taken as usable; a status this code does not know is pending, so the poll cap ends it rather than a guess.
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_MasterUserSecret.html
     */
    public ManagedSecret managedSecret() {
        if (secretArn.isEmpty()) {
            return ManagedSecret.NONE;
        }
        return switch (secretStatus.map(s -> s.toLowerCase(java.util.Locale.ROOT)).orElse("active")) {
            case "active", "impaired" -> ManagedSecret.USABLE;
            default -> ManagedSecret.PENDING;
        };
    }

    public Optional<String> tag(String key) {
        return Optional.ofNullable(tags.get(key));
    }
}
