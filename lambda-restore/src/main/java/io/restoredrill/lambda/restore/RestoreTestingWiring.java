package io.restoredrill.lambda.restore;

import io.restoredrill.core.adapter.backup.AwsBackupRestoreValidations;
import io.restoredrill.core.adapter.rds.RdsClients;
import io.restoredrill.core.adapter.rds.RdsRestoredClusters;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.port.RestoreValidationResults;
import io.restoredrill.core.workflow.RestoreTestAdoption;
import io.restoredrill.core.workflow.RestoreTestReport;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the restore-testing workflow's two steps, once per Lambda environment (in INIT): the adopt step over the
 * RDS client (describes, and for an Aurora cluster CreateDBInstance of the drill's instance in it, nothing else) and the report step over AWS Backup's signed REST
 * client. The region is {@code AWS_REGION}, checked by {@link RestoreConfig}.
 */
public final class RestoreTestingWiring {

    private final RestoreTestAdoption adoption;
    private final RestoreTestReport report;

    private RestoreTestingWiring(RdsClient rds, RestoreValidationResults results, Clock clock) {
        Objects.requireNonNull(rds, "rds");
        this.adoption = new RestoreTestAdoption(new RdsTemporaryInstances(rds)::find, new RdsRestoredClusters(rds),
                clock);
        this.report = new RestoreTestReport(results);
    }

    /** The runtime's wiring, built on first use and then shared. */
    public static RestoreTestingWiring fromEnvironment() {
        return Runtime.WIRING;
    }

    /** Wiring over given clients, for tests and local invocation. */
    public static RestoreTestingWiring of(RdsClient rds, RestoreValidationResults results, Clock clock) {
        return new RestoreTestingWiring(rds, results, clock);
    }

    public RestoreTestAdoption adoption() {
        return adoption;
    }

    public RestoreTestReport report() {
        return report;
    }

    private static final class Runtime {
        static final RestoreTestingWiring WIRING = create();

        private static RestoreTestingWiring create() {
            RestoreConfig config = RestoreConfig.fromEnvironment(System.getenv());
            return of(RdsClients.fromEnvironment(),
                    AwsBackupRestoreValidations.fromEnvironment(Optional.of(Region.of(config.region()))),
                    Clock.systemUTC());
        }
    }
}
