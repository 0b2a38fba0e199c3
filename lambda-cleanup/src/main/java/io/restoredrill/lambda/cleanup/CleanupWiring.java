package io.restoredrill.lambda.cleanup;

import io.restoredrill.core.adapter.rds.RdsClients;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.port.TemporaryInstances;
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
    private final Clock clock;

    CleanupWiring(TemporaryInstances instances, Clock clock) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static CleanupWiring fromEnvironment() {
        CleanupConfig.fromEnvironment(); // fails fast, naming a missing variable; the SDK reads the region itself
        return new CleanupWiring(new RdsTemporaryInstances(RdsClients.fromEnvironment()), Clock.systemUTC());
    }

    public CleanupStep cleanupStep() {
        return new CleanupStep(instances, clock);
    }

    public Reaper reaper() {
        return new Reaper(instances, clock, new EmfReaperMetrics(System.out));
    }
}
