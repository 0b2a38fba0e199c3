package io.restoredrill.lambda.validate;

import io.restoredrill.core.domain.InvalidConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import io.restoredrill.core.adapter.metrics.EmfDrillMetrics;
import io.restoredrill.core.adapter.postgres.DumpRestorers;
import io.restoredrill.core.adapter.postgres.JdbcDatabaseInspector;
import io.restoredrill.core.adapter.postgres.PostgresProofs;
import io.restoredrill.core.adapter.postgres.ScratchServerDatabases;
import io.restoredrill.core.adapter.s3.S3ProgressStore;
import io.restoredrill.core.adapter.s3.S3RestoreTrendStore;
import io.restoredrill.core.adapter.s3.S3ReportStore;
import io.restoredrill.core.adapter.secrets.SecretsManagerClients;
import io.restoredrill.core.adapter.secrets.SecretsManagerCredentials;
import io.restoredrill.core.adapter.source.S3BackupSource;
import io.restoredrill.core.adapter.source.S3Location;
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
                System.out, true, Optional.of(rdsCaBundle(config)));
    }

    /** Where the bundled RDS CA certificates are, when the build included them (see README, "Deploy"). */
    static final String BUNDLED_CA = "/rds-ca/global-bundle.pem";

    /**
     * The PEM file that verifies the instances' certificates: {@code RDS_CA_BUNDLE}, else the bundle built into
     * the jar (copied to a file, which is what the PostgreSQL driver reads).
     *
     * @throws InvalidConfigurationException when there is neither: validate would otherwise fail on every
     *                                       connection with a TLS error that hides the cause
     */
    static Path rdsCaBundle(ValidateConfig config) {
        if (config.rdsCaBundle().isPresent()) {
            Path file = Path.of(config.rdsCaBundle().get());
            if (!Files.isReadable(file)) {
                throw new InvalidConfigurationException("RDS_CA_BUNDLE " + file + " is not a readable file");
            }
            return file;
        }
        try (InputStream bundled = ValidateWiring.class.getResourceAsStream(BUNDLED_CA)) {
            if (bundled == null) {
                throw new InvalidConfigurationException("no RDS CA bundle: set RDS_CA_BUNDLE to a PEM file with"
                        + " Amazon RDS's certificate authorities, or build with lambda-validate/src/main/resources"
                        + BUNDLED_CA + " in place (scripts/fetch-rds-ca-bundle.sh fetches it)");
            }
            Path file = Files.createTempFile("rds-ca-", ".pem");
            Files.copy(bundled, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the bundled RDS CA certificates", e);
        }
    }

    /**
     * The validate step over given clients: the runtime's wiring ({@link #fromEnvironment()}) and tests share it,
     * so a test exercises the adapters the function uses.
     *
     * @param requireTls false only where a local server stands in for the RDS instance (tests)
     */
    public static ValidateStep create(ValidateConfig config, S3Client s3, SecretsManagerClient secrets,
                               PrintStream metricsOut, boolean requireTls, Optional<Path> rdsCaBundle) {
        return new ValidateStep(
                new SecretsManagerCredentials(secrets),
                new JdbcDatabaseInspector(),
                new PostgresProofs(),
                new S3ReportStore(s3, config.reportsBucket(), config.reportsPrefix()),
                new S3ProgressStore(s3, config.reportsBucket(), config.reportsPrefix()),
                new S3RestoreTrendStore(s3, config.reportsBucket(), config.reportsPrefix()),
                new EmfDrillMetrics(metricsOut),
                new ValidateStep.DumpLoading(DumpRestorers.standard(),
                        dumps -> new S3BackupSource(s3, new S3Location(dumps.bucket(), dumps.prefix())),
                        ScratchServerDatabases::new),
                Clock.systemUTC(),
                requireTls,
                rdsCaBundle);
    }
}
