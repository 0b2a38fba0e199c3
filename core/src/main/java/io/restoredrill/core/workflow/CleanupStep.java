package io.restoredrill.core.workflow;

import io.restoredrill.core.adapter.config.DrillSpecFile;
import io.restoredrill.core.domain.DeletionGuard;
import io.restoredrill.core.domain.DeletionPermit;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.domain.UnsafeDeletionException;
import io.restoredrill.core.port.TemporaryInstances;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The cleanup step of the state machine: deletes the drill's temporary instance, and nothing else. It runs after a
 * successful drill and after a failed one (then {@code $.instance} may be missing).
 *
 * <p>Every deletion goes through {@link DeletionGuard#checkOwnInstance}: the identifier has the drill prefix, the
 * instance is tagged {@code restore-drill:temporary=true} and its execution tag is this state's execution. An
 * identifier without the prefix is refused before any AWS call. A refusal is an {@link UnsafeDeletionException}
 * and nothing is deleted.
 *
 * <p>Results ({@code $.cleanup.result}): {@code deleted} (this step started the deletion), {@code deleting} (RDS
 * was already deleting it), {@code already-gone}, {@code nothing-to-delete} (the drill never created an instance).
 */
public final class CleanupStep {

    public static final String DELETED = "deleted";
    public static final String DELETING = "deleting";
    public static final String ALREADY_GONE = "already-gone";
    public static final String NOTHING_TO_DELETE = "nothing-to-delete";

    private static final Logger log = LoggerFactory.getLogger(CleanupStep.class);

    private final TemporaryInstances instances;
    private final Clock clock;

    public CleanupStep(TemporaryInstances instances, Clock clock) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @return the state with {@code cleanup} set (and {@code instance.status} {@code deleted} when there was one)
     * @throws UnsafeDeletionException when the instance is not provably this drill's own; nothing was deleted
     */
    public DrillState cleanup(DrillState state) {
        if (state.instance().isPresent()) {
            return cleanupNamed(state, state.instance().get());
        }
        // The restore may have failed after RDS accepted the create (a timeout, a crash): the instance exists under
        // its deterministic name although the state never learnt of it.
        Optional<String> expected = deterministicName(state);
        if (expected.isEmpty()) {
            log.info("no temporary instance to delete: the drill spec is invalid, so none was created");
            return state.withCleanup(new DrillState.Cleanup(NOTHING_TO_DELETE, Optional.empty(), clock.instant()));
        }
        Optional<TemporaryInstance> found = instances.find(expected.get());
        if (found.isEmpty()) {
            log.info("no temporary instance to delete: {} does not exist", expected.get());
            return state.withCleanup(new DrillState.Cleanup(NOTHING_TO_DELETE, Optional.empty(), clock.instant()));
        }
        log.warn("the state names no instance, but {} exists under this execution's name (the restore failed after"
                + " RDS accepted the create?): cleaning it up if the guard allows", expected.get());
        GuardedDeletion.Outcome outcome = deleteOwn(found.get(), state.executionId());
        return state.withCleanup(new DrillState.Cleanup(result(outcome), expected, clock.instant()));
    }

    private DrillState cleanupNamed(DrillState state, DrillState.Instance named) {
        String id = named.id();
        if (!TemporaryInstanceName.hasPrefix(id)) {
            // Refused before any AWS call: nothing about this instance is worth asking RDS.
            throw new UnsafeDeletionException("refusing to delete " + id + ": the state document names an instance"
                    + " whose identifier does not start with \"" + TemporaryInstanceName.PREFIX + "\"; restore-drill"
                    + " deletes only the temporary instances it created; nothing was deleted");
        }
        Optional<TemporaryInstance> found = instances.find(id);
        String result = found.map(instance -> result(deleteOwn(instance, state.executionId()))).orElse(ALREADY_GONE);
        if (found.isEmpty()) {
            log.info("temporary instance {} is already gone", id);
        }
        DrillState.Instance deleted = new DrillState.Instance(id, "deleted",
                result.equals(ALREADY_GONE) ? "not-found" : "deleting", named.endpoint(), named.secretArn(),
                named.masterUsername(), named.expiresAt());
        return state.withInstance(deleted)
                .withCleanup(new DrillState.Cleanup(result, Optional.of(id), clock.instant()));
    }

    private GuardedDeletion.Outcome deleteOwn(TemporaryInstance instance, String executionId) {
        DeletionPermit permit = DeletionGuard.checkOwnInstance(instance, executionId);
        GuardedDeletion.Outcome outcome = GuardedDeletion.delete(instances, permit);
        log.info("cleanup of temporary instance {}: {}", permit.identifier(), result(outcome));
        return outcome;
    }

    private static Optional<String> deterministicName(DrillState state) {
        DrillSpec spec;
        try {
            spec = DrillSpecFile.parse(state.drill(), "the state document's drill");
        } catch (InvalidConfigurationException e) {
            // The restore step validates the same spec before creating anything: with this spec it created nothing.
            log.info("drill spec is invalid ({}): no instance can exist", e.getMessage());
            return Optional.empty();
        }
        return Optional.of(TemporaryInstanceName.of(spec.name(), state.executionId()));
    }

    private static String result(GuardedDeletion.Outcome outcome) {
        return switch (outcome) {
            case DELETED -> DELETED;
            case ALREADY_DELETING -> DELETING;
            case ALREADY_GONE -> ALREADY_GONE;
        };
    }
}
