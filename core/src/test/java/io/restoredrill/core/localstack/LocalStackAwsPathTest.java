package io.restoredrill.core.localstack;

import io.restoredrill.core.adapter.rds.RdsInstanceLauncher;
import io.restoredrill.core.adapter.rds.RdsSnapshotCatalog;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.adapter.s3.S3ReportStore;
import io.restoredrill.core.adapter.secrets.SecretsManagerCredentials;
import io.restoredrill.core.domain.DeletionGuard;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.domain.UnsafeDeletionException;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.DatabaseCredentials;
import io.restoredrill.core.port.InstanceLauncher;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The AWS path's API calls against LocalStack, on machines with Docker (reported as skipped without a Docker
 * engine; moto covers the same paths everywhere). Secrets Manager and S3 run on LocalStack's free edition; RDS
 * needs LocalStack Pro, so that part runs only where LOCALSTACK_AUTH_TOKEN is set.
 */
class LocalStackAwsPathTest {

    private static <B extends AwsClientBuilder<B, ?>> B at(LocalStackContainer localstack, B builder) {
        return builder.endpointOverride(localstack.getEndpoint()).region(Region.of(localstack.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey())));
    }

    @Nested
    @Testcontainers(disabledWithoutDocker = true)
    class SecretsAndReports {

        @Container
        final LocalStackContainer localstack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
                .withServices("s3", "secretsmanager");

        @Test
        void readsTheManagedSecretsShapeAndStoresAReport() {
            try (SecretsManagerClient secrets = at(localstack, SecretsManagerClient.builder()).build();
                 S3Client s3 = at(localstack, S3Client.builder()).forcePathStyle(true).build()) {
                String arn = secrets.createSecret(r -> r.name("rds!db-localstack")
                        .secretString("{\"username\":\"app\",\"password\":\"s3cr3t-value\"}")).arn();
                s3.createBucket(r -> r.bucket("drill-reports"));

                DatabaseCredentials.Credentials login = new SecretsManagerCredentials(secrets).fromSecret(arn);
                String location = new S3ReportStore(s3, "drill-reports", "reports").store(report(), "exec-1");

                assertThat(login.username()).isEqualTo("app");
                assertThat(login.password().value()).isEqualTo("s3cr3t-value");
                assertThat(location).startsWith("s3://drill-reports/reports/orders/");
                String key = location.substring("s3://drill-reports/".length());
                assertThat(s3.getObjectAsBytes(r -> r.bucket("drill-reports").key(key)).asUtf8String())
                        .contains("\"verdict\"").contains("PASSED");
            }
        }

        private static DrillReport report() {
            return new DrillReport("id-1", "orders", Verdict.PASSED, Optional.empty(), "orders-prod snapshot",
                    Optional.empty(), Optional.of("temporary instance"), Instant.parse("2026-11-26T03:00:00Z"),
                    new DrillReport.Timings(1, 2, 3), Optional.empty(), List.of(), List.of(), List.of());
        }
    }

    @Nested
    @Testcontainers(disabledWithoutDocker = true)
    @EnabledIfEnvironmentVariable(named = "LOCALSTACK_AUTH_TOKEN", matches = ".+")
    class RdsSnapshotsAndTemporaryInstances {

        @Container
        final LocalStackContainer localstack = new LocalStackContainer(DockerImageName.parse("localstack/localstack-pro:4.4"))
                .withEnv("LOCALSTACK_AUTH_TOKEN", System.getenv().getOrDefault("LOCALSTACK_AUTH_TOKEN", ""))
                .withServices("rds");

        @Test
        void restoresTheNewestManualSnapshotIntoATaggedInstanceAndDeletesOnlyThat() {
            try (RdsClient rds = at(localstack, RdsClient.builder()).build()) {
                rds.createDBInstance(r -> r.dbInstanceIdentifier("orders-prod").engine("postgres")
                        .dbInstanceClass("db.t4g.micro").masterUsername("app").masterUserPassword("production-1")
                        .allocatedStorage(20));
                rds.createDBSnapshot(r -> r.dbInstanceIdentifier("orders-prod").dbSnapshotIdentifier("orders-manual"));

                List<SnapshotRef> snapshots = new RdsSnapshotCatalog(rds).snapshotsOf("orders-prod");
                SnapshotRef manual = snapshots.stream().filter(s -> s.kind() == SnapshotRef.Kind.MANUAL)
                        .findFirst().orElseThrow();
                String identifier = TemporaryInstanceName.of("orders", "localstack-execution");
                TemporaryInstance restored = new RdsInstanceLauncher(rds).restoreFromSnapshot(
                        new InstanceLauncher.Request(identifier, new DrillSpec.RdsTargetSpec("db.t4g.micro", "default",
                                List.of("sg-12345"), Duration.ofHours(1), Optional.empty(), 20),
                                Map.of(DrillTags.TEMPORARY, "true", DrillTags.EXECUTION, "localstack-execution",
                                        DrillTags.DRILL, "orders", DrillTags.EXPIRES_AT, "2026-11-26T09:00:00Z")),
                        manual);
                RdsTemporaryInstances instances = new RdsTemporaryInstances(rds);
                TemporaryInstance production = instances.find("orders-prod").orElseThrow();

                assertThat(restored.tag(DrillTags.TEMPORARY)).contains("true");
                assertThatThrownBy(() -> DeletionGuard.checkOwnInstance(production, "localstack-execution"))
                        .isInstanceOf(UnsafeDeletionException.class);
                instances.delete(DeletionGuard.checkOwnInstance(instances.find(identifier).orElseThrow(),
                        "localstack-execution"));
                assertThat(instances.find("orders-prod")).isPresent();
            }
        }
    }
}
