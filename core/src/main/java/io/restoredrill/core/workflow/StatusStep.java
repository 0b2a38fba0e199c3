package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.port.TemporaryInstances;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The state machine's poll: how far is the temporary instance? Reports {@code creating}, {@code available}
 * (with its endpoint and managed secret) or {@code failed}; an instance that has disappeared is {@code failed}
 * with RDS status {@code not-found}. Read-only.
 *
 * <p>An instance still not available when its {@code expires-at} has passed is reported {@code failed}: the
 * reaper deletes it from then on, so waiting longer could only end with the instance gone under the drill.
 */
public final class StatusStep {

    private static final Logger log = LoggerFactory.getLogger(StatusStep.class);
    static final String NOT_FOUND = "not-found";

    private final TemporaryInstances instances;
    private final Clock clock;

    public StatusStep(TemporaryInstances instances, Clock clock) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws InvalidConfigurationException when the state document has no instance (status runs after restore)
     */
    public DrillState status(DrillState state) {
        DrillState.Instance known = state.instance().orElseThrow(() -> new InvalidConfigurationException(
                "the state document has no \"instance\": the status step runs after the restore step"));
        DrillState.Instance now = instances.find(known.id())
                .map(instance -> InstanceStatus.of(instance, known.expiresAt()))
                .orElseGet(() -> new DrillState.Instance(known.id(), InstanceStatus.FAILED, NOT_FOUND,
                        Optional.empty(), known.secretArn(), known.masterUsername(), known.expiresAt()));
        if (now.status().equals(InstanceStatus.CREATING) && clock.instant().isAfter(now.expiresAt())) {
            log.warn("instance {} is still {} after its expiry {}: giving up on it", now.id(), now.rdsStatus(),
                    now.expiresAt());
            now = new DrillState.Instance(now.id(), InstanceStatus.FAILED, now.rdsStatus(), now.endpoint(),
                    now.secretArn(), now.masterUsername(), now.expiresAt());
        }
        log.info("instance {} is {} (RDS: {})", now.id(), now.status(), now.rdsStatus());
        return state.withInstance(now);
    }
}
