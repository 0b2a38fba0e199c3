package io.restoredrill.cli;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --backups s3://...} end to end: the CLI in its own process finds S3 through the standard AWS
 * environment (AWS_ENDPOINT_URL, keys, region), as a user's shell or cron job would give it.
 */
class S3BackupsDrillTest {

    private static final Path BACKUPS = Path.of("..", "examples", "shop", "backups");
    private static S3Proxy proxy;
    private static URI endpoint;

    @BeforeAll
    static void startS3WithTheExampleBackups() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "drill-key", "drill-secret")
                .endpoint(URI.create("http://127.0.0.1:" + port)).build();
        proxy.start();
        endpoint = URI.create("http://localhost:" + port);
        try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("drill-key", "drill-secret")))
                .build()) {
            s3.createBucket(b -> b.bucket("company-backups"));
            try (var files = Files.list(BACKUPS)) {
                for (Path file : files.toList()) {
                    s3.putObject(p -> p.bucket("company-backups").key("shop/" + file.getFileName()), RequestBody.fromFile(file));
                }
            }
            s3.putObject(p -> p.bucket("company-backups").key("other/shop-2026-11-30.sql"), RequestBody.fromString("not ours"));
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
    }

    @Test
    void drillsTheNewestBackupUnderAnS3Prefix(@TempDir Path dir) throws Exception {
        Drill drill = drill(dir, "drill-secret");

        assertThat(drill.exitCode).as(drill.output).isZero();
        assertThat(drill.output).contains("restore-drill shop: PASSED")
                .contains("source    s3://company-backups/shop/")
                .contains("shop-2026-11-25T030000Z.sql.gz")
                .doesNotContain("drill-secret");
    }

    @Test
    void wrongCredentialsFailTheDrillAndSaySo(@TempDir Path dir) throws Exception {
        Drill drill = drill(dir, "not-the-secret");

        assertThat(drill.exitCode).as(drill.output).isEqualTo(1);
        assertThat(drill.output).contains("FAILED").contains("s3://company-backups/shop/")
                .containsIgnoringCase("signature").doesNotContain("not-the-secret");
    }

    private record Drill(int exitCode, String output) {
    }

    private static Drill drill(Path dir, String secretKey) throws Exception {
        Path checks = Path.of("..", "examples", "shop", "checks.yaml").toAbsolutePath();
        Process process = CliProcess.start(dir, Map.of(
                        "AWS_ENDPOINT_URL", endpoint.toString(),
                        "AWS_ACCESS_KEY_ID", "drill-key",
                        "AWS_SECRET_ACCESS_KEY", secretKey,
                        "AWS_REGION", "us-east-1"),
                "run", "--backups", "s3://company-backups/shop/", "--checks", checks.toString());
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Drill(process.exitValue(), output);
    }
}
