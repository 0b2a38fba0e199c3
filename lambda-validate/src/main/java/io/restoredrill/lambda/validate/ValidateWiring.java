package io.restoredrill.lambda.validate;

import io.restoredrill.core.adapter.metrics.EmfDrillMetrics;
import io.restoredrill.core.adapter.postgres.DumpRestorers;
import io.restoredrill.core.adapter.postgres.JdbcDatabaseInspector;
import io.restoredrill.core.adapter.postgres.ScratchServerDatabases;
import io.restoredrill.core.adapter.s3.S3ReportStore;
import io.restoredrill.core.adapter.secrets.SecretsManagerClients;
import io.restoredrill.core.adapter.secrets.SecretsManagerCredentials;
import io.restoredrill.core.adapter.source.S3BackupSource;
import io.restoredrill.core.adapter.source.S3Clients;
import io.restoredrill.core.workflow.ValidateStep;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.PrintStream;
import java.time.Clock;

/**
 * Builds the validate step and its adapters. The one place that reads the environment; run once per Lambda
 * container (the handler's INIT), so the SDK clients are reused across invocations.
 */
public final class ValidateWiring {

    private ValidateWiring() {
    }

    public static ValidateStep fromEnvironment() {
        ValidateConfig config = ValidateConfig.fromEnvironment(System.getenv());
        // stdout, not the logger: Lambda sends each stdout line to CloudWatch Logs as it is, where EMF is read.
        return create(config, S3Clients.fromEnvironment(), SecretsManagerClients.forRegion(Region.of(config.region())),
                System.out, true);
    }

    /**
     * @param requireTls false only where a local server stands in for the RDS instance (tests)
     */
    static ValidateStep create(ValidateConfig config, S3Client s3, SecretsManagerClient secrets,
                               PrintStream metricsOut, boolean requireTls) {
        return new ValidateStep(
                new SecretsManagerCredentials(secrets),
                new JdbcDatabaseInspector(),
                new S3ReportStore(s3, config.reportsBucket(), config.reportsPrefix()),
                new EmfDrillMetrics(metricsOut),
                new ValidateStep.DumpLoading(DumpRestorers.standard(), location -> new S3BackupSource(s3, location),
                        ScratchServerDatabases::new),
                Clock.systemUTC(),
                requireTls);
    }
}
