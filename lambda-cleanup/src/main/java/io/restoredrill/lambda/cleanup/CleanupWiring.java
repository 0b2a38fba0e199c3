package io.restoredrill.lambda.cleanup;

import io.restoredrill.core.adapter.rds.RdsClients;
import io.restoredrill.core.adapter.rds.RdsClusterLauncher;
import io.restoredrill.core.adapter.rds.RdsClusterSnapshotCatalog;
import io.restoredrill.core.adapter.rds.RdsClusterSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsTemporaryClusters;
import io.restoredrill.core.workflow.ClusterPorts;
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
    private final ClusterPorts clusters;
    private final Clock clock;

    CleanupWiring(TemporaryInstances instances, SnapshotCopies copies, ClusterPorts clusters, Clock clock) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.copies = Objects.requireNonNull(copies, "copies");
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static CleanupWiring fromEnvironment() {
        CleanupConfig.fromEnvironment(); // fails fast, naming a missing variable; the SDK reads the region itself
        return of(RdsClients.fromEnvironment(), Clock.systemUTC());
    }

    /** The wiring over a given RDS client (tests, local invocation). */
    public static CleanupWiring of(RdsClient rds, Clock clock) {
        // Cleanup and the reaper never create: the cluster ports' launcher and catalog are there for the record's
        // shape, and neither step calls them.
        return new CleanupWiring(new RdsTemporaryInstances(rds), new RdsSnapshotCopies(rds),
                new ClusterPorts(new RdsClusterSnapshotCatalog(rds), new RdsClusterLauncher(rds),
                        new RdsTemporaryClusters(rds), new RdsClusterSnapshotCopies(rds)), clock);
    }

    public CleanupStep cleanupStep() {
        return new CleanupStep(instances, copies, clusters, clock);
    }

    public Reaper reaper() {
        return new Reaper(instances, copies, clusters, clock, new EmfReaperMetrics(System.out));
    }
}
