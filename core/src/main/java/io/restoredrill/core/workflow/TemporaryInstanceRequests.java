package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.AdoptionGuard;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.port.InstanceLauncher;
import io.restoredrill.core.port.TemporaryInstances;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the restore and status steps both need to create a drill's instance: the request (name, target, the four
 * tags), and the instance an earlier attempt already created, if it is this drill's own.
 */
final class TemporaryInstanceRequests {

    private static final Logger log = LoggerFactory.getLogger(TemporaryInstanceRequests.class);

    private TemporaryInstanceRequests() {
    }

    static InstanceLauncher.Request of(DrillSpec spec, String executionId, Instant expiresAt) {
        return new InstanceLauncher.Request(TemporaryInstanceName.of(spec.name(), executionId), spec.target(), Map.of(
                DrillTags.TEMPORARY, "true",
                DrillTags.DRILL, spec.name(),
                DrillTags.EXECUTION, executionId,
                DrillTags.EXPIRES_AT, expiresAt.toString()));
    }

    /**
     * The instance an earlier attempt of this execution created, if there is one. Looking first (rather than
     * relying on the launcher's DBInstanceAlreadyExists handling alone) keeps a retry from failing on a snapshot
     * that changed state in between.
     *
     * @throws io.restoredrill.core.domain.InstanceConflictException when an instance with the name exists that is
     *                                                               not this drill's own
     */
    static Optional<TemporaryInstance> existingOwn(TemporaryInstances instances, InstanceLauncher.Request request) {
        Optional<TemporaryInstance> existing = instances.find(request.identifier());
        existing.ifPresent(instance -> {
            AdoptionGuard.checkOwnInstance(instance, request.tags().get(DrillTags.DRILL),
                    request.tags().get(DrillTags.EXECUTION));
            log.info("adopting instance {} that an earlier attempt of this execution created", request.identifier());
        });
        return existing;
    }
}
