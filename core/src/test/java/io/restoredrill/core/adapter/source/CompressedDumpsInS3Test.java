package io.restoredrill.core.adapter.source;

import io.restoredrill.core.adapter.postgres.PlainDumpRestorer;
import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.NewestBackup;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.DumpFixtures;
import io.restoredrill.core.testing.TestPostgres;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Compressed plain dumps kept in S3 (s3proxy, a real S3 API in-process), found by their names and restored from the
 * object stream exactly as the validate function reads them.
 */
class CompressedDumpsInS3Test {

    private static final String BUCKET = "compressed-backups";

    private static S3Proxy proxy;
    private static S3Client s3;

    @BeforeAll
    static void startS3() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "key", "secret")
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .build();
        proxy.start();
        s3 = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")))
                .build();
        s3.createBucket(request -> request.bucket(BUCKET));
        put("nightly/shop-2026-11-26.sql.gz", "shop.sql.gz");
        put("nightly/shop-2026-11-27.sql.zst", "shop.sql.zst");
        put("nightly/shop-2026-11-28.sql.lz4", "shop.sql.lz4");
        put("nightly/shop-2026-11-29.sql.bz2", "shop.sql.bz2");
        put("nightly/2026/11/shop-2026-11-30.sql.xz", "shop.sql.xz");
        // An xz dump that lost its ending on the way into the bucket.
        put("nightly/shop-2026-12-01.sql", "shop.sql.xz");
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (proxy != null) {
            proxy.stop();
        }
    }

    @Test
    void listsEveryCompressedDumpWithTheFormatItsNameAnnounces() {
        assertThat(source().list())
                .extracting(BackupRef::name, BackupRef::format)
                .containsExactlyInAnyOrder(
                        tuple("shop-2026-11-26.sql.gz", BackupFormat.GZIP_SQL),
                        tuple("shop-2026-11-27.sql.zst", BackupFormat.ZSTD_SQL),
                        tuple("shop-2026-11-28.sql.lz4", BackupFormat.LZ4_SQL),
                        tuple("shop-2026-11-29.sql.bz2", BackupFormat.BZIP2_SQL),
                        tuple("shop-2026-11-30.sql.xz", BackupFormat.XZ_SQL),
                        tuple("shop-2026-12-01.sql", BackupFormat.PLAIN_SQL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop-2026-11-26.sql.gz", "shop-2026-11-27.sql.zst", "shop-2026-11-28.sql.lz4",
            "shop-2026-11-29.sql.bz2", "shop-2026-11-30.sql.xz"})
    void restoresACompressedDumpStreamedFromS3(String name) throws IOException {
        BackupRef backup = source().list().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();

        DatabaseEndpoint target = restore(backup);

        assertThat(DumpFixtures.restoredTables(target, 15, "shop")).isEqualTo(DumpFixtures.expectedTables(15, "shop"));
    }

    @Test
    void restoresTheNewestDumpByContentWhenItsNameSaysPlainSql() throws IOException {
        BackupRef newest = NewestBackup.of(source().list()).orElseThrow();
        assertThat(newest.name()).isEqualTo("shop-2026-12-01.sql");

        DatabaseEndpoint target = restore(newest);

        assertThat(DumpFixtures.restoredTables(target, 15, "shop")).isEqualTo(DumpFixtures.expectedTables(15, "shop"));
    }

    @Test
    void failsNamingTheObjectAndCodecWhenTheStoredDumpIsCutShort() throws IOException {
        byte[] zstd = Files.readAllBytes(DumpFixtures.file(15, "shop.sql.zst"));
        s3.putObject(request -> request.bucket(BUCKET).key("cut/shop-2026-12-01.sql.zst"),
                RequestBody.fromBytes(Arrays.copyOf(zstd, zstd.length - 100)));
        S3BackupSource cut = new S3BackupSource(s3, new S3Location(BUCKET, "cut/"));
        BackupRef backup = cut.list().getFirst();
        DatabaseEndpoint target = TestPostgres.createDatabase("s3_cut");

        assertThatThrownBy(() -> {
            try (InputStream in = cut.open(backup)) {
                new PlainDumpRestorer().restore(backup, in, target, RestoreProgress.NONE);
            }
        }).isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("s3://compressed-backups/cut/shop-2026-12-01.sql.zst is truncated or corrupt: its"
                        + " zstd data cannot be decoded");
    }

    private static DatabaseEndpoint restore(BackupRef backup) throws IOException {
        DatabaseEndpoint target = TestPostgres.createDatabase("s3_compressed");
        try (InputStream in = source().open(backup)) {
            new PlainDumpRestorer().restore(backup, in, target, RestoreProgress.NONE);
        }
        return target;
    }

    private static S3BackupSource source() {
        return new S3BackupSource(s3, new S3Location(BUCKET, "nightly/"));
    }

    private static void put(String key, String fixture) {
        s3.putObject(request -> request.bucket(BUCKET).key(key), DumpFixtures.file(15, fixture));
    }
}
