package io.restoredrill.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One RDS snapshot of the production instance.
 *
 * @param ownerAccount the account that owns it, when it is shared from another account
 */
public record SnapshotRef(
        String identifier,
        String arn,
        Kind kind,
        Instant createdAt,
        String status,
        boolean encrypted,
        Optional<String> kmsKeyId,
        Optional<String> ownerAccount,
        String engineVersion) {

    /** Where a snapshot comes from, and so whether it outlives the instance. */
    public enum Kind {
        MANUAL, SHARED, AWS_BACKUP, AUTOMATED;

        /** Automated snapshots are deleted with their instance: they are not a backup you can rely on. */
        public boolean independentOfInstance() {
            return this != AUTOMATED;
        }
    }

    public SnapshotRef {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        Objects.requireNonNull(ownerAccount, "ownerAccount");
        Objects.requireNonNull(engineVersion, "engineVersion");
    }

    public Duration ageAt(Instant now) {
        Duration age = Duration.between(createdAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
