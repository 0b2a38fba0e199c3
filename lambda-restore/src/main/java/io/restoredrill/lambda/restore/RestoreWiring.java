package io.restoredrill.lambda.restore;

import io.restoredrill.core.adapter.rds.RdsClients;
import io.restoredrill.core.adapter.rds.RdsClusterLauncher;
import io.restoredrill.core.adapter.rds.RdsClusterSnapshotCatalog;
import io.restoredrill.core.adapter.rds.RdsClusterSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsTemporaryClusters;
import io.restoredrill.core.workflow.ClusterPorts;
import io.restoredrill.core.adapter.rds.RdsInstanceLauncher;
import io.restoredrill.core.adapter.rds.RdsSnapshotCatalog;
import io.restoredrill.core.adapter.rds.RdsSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.workflow.RestoreStep;
import io.restoredrill.core.workflow.StatusStep;
import software.amazon.awssdk.services.rds.RdsClient;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/** Builds the restore and status steps over one RDS client, once per Lambda environment (in INIT). */
public final class RestoreWiring {

    private final RestoreStep restoreStep;
    private final StatusStep statusStep;

    private RestoreWiring(RdsClient rds, Optional<String> temporaryInstanceSecurityGroup, Clock clock) {
        Objects.requireNonNull(rds, "rds");
        // One launcher for both steps: the status step restores a drill's snapshot copy with the same settings.
        RdsInstanceLauncher launcher = new RdsInstanceLauncher(rds, temporaryInstanceSecurityGroup);
        RdsTemporaryInstances instances = new RdsTemporaryInstances(rds);
        RdsSnapshotCopies copies = new RdsSnapshotCopies(rds);
        ClusterPorts clusters = new ClusterPorts(new RdsClusterSnapshotCatalog(rds),
                new RdsClusterLauncher(rds, temporaryInstanceSecurityGroup), new RdsTemporaryClusters(rds),
                new RdsClusterSnapshotCopies(rds));
        this.restoreStep = new RestoreStep(new RdsSnapshotCatalog(rds), launcher, instances, copies, clusters, clock);
        this.statusStep = new StatusStep(instances, launcher, copies, clusters, clock);
    }

    /** The runtime's wiring: configuration from the environment, built on first use and then shared. */
    public static RestoreWiring fromEnvironment() {
        return Runtime.WIRING;
    }

    /** Wiring over a given client, for tests and local invocation: the drill specs name the security groups. */
    public static RestoreWiring of(RdsClient rds, Clock clock) {
        return new RestoreWiring(rds, Optional.empty(), clock);
    }

    /** Wiring over a given client with the configuration's stack security group. */
    public static RestoreWiring of(RdsClient rds, RestoreConfig config, Clock clock) {
        return new RestoreWiring(rds, config.temporaryInstanceSecurityGroup(), clock);
    }

    public RestoreStep restoreStep() {
        return restoreStep;
    }

    public StatusStep statusStep() {
        return statusStep;
    }

    // Holder idiom: the client is built when the first handler is constructed (Lambda INIT), once, and fails fast
    // there when the environment is incomplete.
    private static final class Runtime {
        static final RestoreWiring WIRING = create();

        private static RestoreWiring create() {
            RestoreConfig config = RestoreConfig.fromEnvironment(System.getenv());
            // RdsClients reads the region from AWS_REGION (checked above) and the optional endpoint override.
            return of(RdsClients.fromEnvironment(), config, Clock.systemUTC());
        }
    }
}
