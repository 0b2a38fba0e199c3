package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.TemporaryInstance;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Maps a temporary instance to the state document's {@code instance}: the status the poll loop acts on. An
 * instance RDS reports {@code available} is {@code available} to the drill only once its managed master secret is
 * usable (validate logs in with it); until then it is {@code creating}.
 */
final class InstanceStatuses {

    /** The RDS status the state shows for an instance not created yet: its snapshot copy is still being made. */
    static final String AWAITING_SNAPSHOT_COPY = "awaiting-snapshot-copy";

    private InstanceStatuses() {
    }

    static DrillState.Instance of(TemporaryInstance instance, Instant expiresAtIfUntagged) {
        InstanceStatus status = switch (instance.state()) {
            case CREATING -> InstanceStatus.CREATING;
            case AVAILABLE -> instance.managedSecret() == TemporaryInstance.ManagedSecret.USABLE
                    ? InstanceStatus.AVAILABLE : InstanceStatus.CREATING;
            // An instance being deleted will never serve the drill either.
            case FAILED, DELETING -> InstanceStatus.FAILED;
        };
        boolean available = status == InstanceStatus.AVAILABLE;
        return new DrillState.Instance(
                instance.identifier(),
                status,
                instance.rdsStatus(),
                // Only a ready instance's endpoint is worth acting on; RDS may show one a moment earlier.
                available ? instance.endpoint().map(e -> new DrillState.Endpoint(e.host(), e.port())) : Optional.empty(),
                instance.secretArn(),
                instance.masterUsername(),
                expiresAt(instance).orElse(expiresAtIfUntagged));
    }

    /** The instance as it is, but {@code creating} whatever RDS says: the drill still has work to do on it. */
    static DrillState.Instance creating(TemporaryInstance instance, Instant expiresAtIfUntagged) {
        return new DrillState.Instance(instance.identifier(), InstanceStatus.CREATING, instance.rdsStatus(), Optional.empty(),
                instance.secretArn(), instance.masterUsername(), expiresAt(instance).orElse(expiresAtIfUntagged));
    }

    /** The instance's own expiry tag: an adopted instance keeps the expiry its first attempt gave it. */
    static Optional<Instant> expiresAt(TemporaryInstance instance) {
        try {
            return instance.tag(DrillTags.EXPIRES_AT).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
