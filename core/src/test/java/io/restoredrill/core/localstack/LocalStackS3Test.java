package io.restoredrill.core.localstack;

import io.restoredrill.core.adapter.source.S3BackupSource;
import io.restoredrill.core.adapter.source.S3Location;
import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 source's API path against LocalStack, on machines with Docker; reported as skipped without a Docker
 * engine (the moto and s3proxy tests cover the same paths there).
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackS3Test {

    @Container
    static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices("s3");

    private static S3Client s3;

    @BeforeAll
    static void uploadBackups() {
        s3 = S3Client.builder().endpointOverride(LOCALSTACK.getEndpoint()).forcePathStyle(true)
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .build();
        s3.createBucket(b -> b.bucket("backups"));
        s3.putObject(p -> p.bucket("backups").key("orders/orders-2026-11-25T030000Z.sql.gz"), RequestBody.fromString("gz"));
        s3.putObject(p -> p.bucket("backups").key("orders/orders-2026-11-24T030000Z.dump"), RequestBody.fromString("custom"));
        s3.putObject(p -> p.bucket("backups").key("other/orders-2026-11-26.sql"), RequestBody.fromString("elsewhere"));
    }

    @Test
    void listsAndReadsTheBackupsUnderAPrefix() throws Exception {
        S3BackupSource source = new S3BackupSource(s3, S3Location.parse("s3://backups/orders/"));

        List<BackupRef> backups = source.list();

        assertThat(backups).extracting(BackupRef::name, BackupRef::format, BackupRef::timestamp).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("orders-2026-11-25T030000Z.sql.gz", BackupFormat.GZIP_SQL,
                        Instant.parse("2026-11-25T03:00:00Z")),
                org.assertj.core.groups.Tuple.tuple("orders-2026-11-24T030000Z.dump", BackupFormat.CUSTOM,
                        Instant.parse("2026-11-24T03:00:00Z")));
        BackupRef newest = backups.stream().filter(b -> b.format() == BackupFormat.GZIP_SQL).findFirst().orElseThrow();
        try (InputStream in = source.open(newest)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("gz");
        }
    }
}
