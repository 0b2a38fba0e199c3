package io.restoredrill.lambda.cleanup;

import io.restoredrill.core.adapter.rds.RdsClients;
import io.restoredrill.core.adapter.rds.RdsSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.port.SnapshotCopies;
import io.restoredrill.core.port.TemporaryInstances;
import software.amazon.awssdk.services.rds.RdsClient;
import io.restoredrill.core.workflow.CleanupStep;
import io.restoredrill.core.workflow.Reaper;

import java.time.Clock;
import java.util.Objects;

/**
 * Builds what the cleanup and reaper handlers need, once per Lambda INIT: the configuration (fails fast), one RDS
 * client, the use cases over it.
 */
public final class CleanupWiring {

    private final TemporaryInstances instances;
    private final SnapshotCopies copies;
    private final Clock clock;

    CleanupWiring(TemporaryInstances instances, SnapshotCopies copies, Clock clock) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.copies = Objects.requireNonNull(copies, "copies");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static CleanupWiring fromEnvironment() {
        CleanupConfig.fromEnvironment(); // fails fast, naming a missing variable; the SDK reads the region itself
        return of(RdsClients.fromEnvironment(), Clock.systemUTC());
    }

    /** The wiring over a given RDS client (tests, local invocation). */
    public static CleanupWiring of(RdsClient rds, Clock clock) {
        return new CleanupWiring(new RdsTemporaryInstances(rds), new RdsSnapshotCopies(rds), clock);
    }

    public CleanupStep cleanupStep() {
        return new CleanupStep(instances, copies, clock);
    }

    public Reaper reaper() {
        return new Reaper(instances, copies, clock, new EmfReaperMetrics(System.out));
    }
}
