package io.restoredrill.core.adapter.source;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupRef.TimestampSource;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.NoBackupFoundException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Against s3proxy, a real S3 API served in-process from memory. */
class S3BackupSourceTest {

    private static final String ACCESS_KEY = "test-access-key";
    private static final String SECRET_KEY = "test-secret-key";
    private static final String BUCKET = "backups";

    private static S3Proxy proxy;
    private static URI endpoint;
    // The same server by host name: a bucket can be addressed as backups.localhost only in virtual-hosted
    // style, and that name does not resolve, so a request through it succeeds only in path style. (The SDK
    // always uses path style for an IP address, so the IP endpoint cannot tell the two apart.)
    private static URI namedEndpoint;
    private static S3Client s3;

    @BeforeAll
    static void startS3() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:" + freePort()))
                .build();
        proxy.start();
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        namedEndpoint = URI.create("http://localhost:" + proxy.getPort());
        s3 = client(SECRET_KEY);
        s3.createBucket(request -> request.bucket(BUCKET));
        put("nightly/orders-2026-11-25T030000Z.dump", "custom dump");
        put("nightly/2026/11/orders-2026-11-24.sql.gz", "gzip");
        put("nightly/latest.sql", "plain, no timestamp in name");
        put("nightly/", "");
        put("nightly/archive/", "");
        put("nightly/README.txt", "not a backup");
        put("nightly/.orders-2026-11-26.sql", "hidden");
        put("nightly/orders-2026-11-26.sql.gz.part", "still uploading");
        put("nightly-old/orders-2026-11-27.sql", "outside the prefix");
        put("other/orders-2026-11-28.sql", "outside the prefix");
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
    void listsEveryBackupUnderThePrefixIncludingNestedKeys() {
        List<BackupRef> backups = new S3BackupSource(s3, new S3Location(BUCKET, "nightly/")).list();

        assertThat(backups)
                .extracting(BackupRef::location, BackupRef::name, BackupRef::sizeBytes, BackupRef::format)
                .containsExactlyInAnyOrder(
                        tuple("s3://backups/nightly/orders-2026-11-25T030000Z.dump",
                                "orders-2026-11-25T030000Z.dump", 11L, BackupFormat.CUSTOM),
                        tuple("s3://backups/nightly/2026/11/orders-2026-11-24.sql.gz",
                                "orders-2026-11-24.sql.gz", 4L, BackupFormat.GZIP_SQL),
                        tuple("s3://backups/nightly/latest.sql",
                                "latest.sql", 27L, BackupFormat.PLAIN_SQL));
    }

    @Test
    void readsTimestampsFromNamesAndElseFromLastModified() {
        List<BackupRef> backups = new S3BackupSource(s3, new S3Location(BUCKET, "nightly/")).list();
        Instant lastModified = s3.headObject(request -> request.bucket(BUCKET).key("nightly/latest.sql"))
                .lastModified();

        assertThat(backups)
                .extracting(BackupRef::name, BackupRef::timestamp, BackupRef::timestampSource)
                .containsExactlyInAnyOrder(
                        tuple("orders-2026-11-25T030000Z.dump", Instant.parse("2026-11-25T03:00:00Z"),
                                TimestampSource.FILE_NAME),
                        tuple("orders-2026-11-24.sql.gz", Instant.parse("2026-11-24T00:00:00Z"),
                                TimestampSource.FILE_NAME),
                        tuple("latest.sql", lastModified, TimestampSource.MODIFICATION_TIME));
    }

    @Test
    void listsTheWholeBucketWhenThePrefixIsEmpty() {
        assertThat(new S3BackupSource(s3, S3Location.parse("s3://backups")).list())
                .extracting(BackupRef::location)
                .contains("s3://backups/other/orders-2026-11-28.sql", "s3://backups/nightly/latest.sql");
    }

    @Test
    void listsBeyondTheFirstPageOfResults() {
        // S3 answers a listing in pages (1000 keys at most); a source that read only the first page would miss
        // backups. Two keys per page make the five objects under nightly/ span three pages.
        S3BackupSource source = new S3BackupSource(s3, new S3Location(BUCKET, "nightly/"), 2);
        assertThat(s3.listObjectsV2(request -> request.bucket(BUCKET).prefix("nightly/").maxKeys(2)).isTruncated())
                .as("the emulator pages listings")
                .isTrue();

        assertThat(source.list())
                .extracting(BackupRef::name)
                .containsExactlyInAnyOrder("orders-2026-11-25T030000Z.dump", "orders-2026-11-24.sql.gz", "latest.sql");
    }

    @Test
    void opensARealDumpFromItsFirstByte(@TempDir Path dir) throws IOException {
        DatabaseEndpoint db = TestPostgres.createDatabase("s3_source");
        TestPostgres.execute(db, "CREATE TABLE orders (id int)", "INSERT INTO orders VALUES (1), (2)");
        Path dump = PgDump.custom(db, dir.resolve("orders.dump"));
        s3.putObject(request -> request.bucket(BUCKET).key("real/orders-2026-11-25.dump"), dump);
        S3BackupSource source = new S3BackupSource(s3, new S3Location(BUCKET, "real/"));

        BackupRef backup = source.list().getFirst();
        try (InputStream in = source.open(backup)) {
            byte[] read = in.readAllBytes();
            assertThat(read).isEqualTo(Files.readAllBytes(dump));
            assertThat(new String(read, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
            assertThat((long) read.length).isEqualTo(backup.sizeBytes());
        }
    }

    @Test
    void aCustomArchiveInS3IsReadTableByTableWithARangedGetAtEachDataBlock(@TempDir Path dir) throws IOException {
        DatabaseEndpoint db = TestPostgres.createDatabase("s3_ranges");
        TestPostgres.execute(db, "CREATE TABLE orders (id int)", "INSERT INTO orders SELECT generate_series(1, 5000)",
                "CREATE TABLE customers (id int)", "INSERT INTO customers SELECT generate_series(1, 300)");
        Path dump = PgDump.custom(db, dir.resolve("shop.dump"));
        s3.putObject(request -> request.bucket(BUCKET).key("ranges/shop-2026-11-25.dump"), dump);
        List<Long> blocks = io.restoredrill.core.adapter.archive.CustomArchive.open(Files.newInputStream(dump),
                        "shop.dump", java.util.OptionalLong.empty()).toc().entries().stream()
                .filter(io.restoredrill.core.adapter.archive.TocEntry::hasData)
                .map(e -> e.dataOffset().orElseThrow()).toList();
        List<String> ranges = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (S3Client recording = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(endpoint).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(credentials(SECRET_KEY))
                .overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof GetObjectRequest get && get.range() != null) {
                            ranges.add(get.range());
                        }
                    }
                })).build()) {
            S3BackupSource source = new S3BackupSource(recording, new S3Location(BUCKET, "ranges/"));
            BackupRef backup = source.list().getFirst();
            DatabaseEndpoint target = TestPostgres.createDatabase("s3_ranges_target");

            try (InputStream in = source.open(backup)) {
                new io.restoredrill.core.adapter.postgres.ArchiveRestorer(4).restore(backup, in,
                        source.members(backup), target, io.restoredrill.core.port.RestoreProgress.NONE);
            }

            assertThat(new io.restoredrill.core.adapter.postgres.JdbcDatabaseInspector().countRows(target))
                    .extracting(io.restoredrill.core.domain.TableRowCount::rows).containsExactlyInAnyOrder(5000L, 300L);
            assertThat(ranges).containsExactlyInAnyOrderElementsOf(blocks.stream().map(b -> "bytes=" + b + "-").toList());
            try (InputStream tail = source.members(backup).offsets().orElseThrow().openAt(blocks.getLast())) {
                byte[] whole = Files.readAllBytes(dump);
                assertThat(tail.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(whole,
                        (int) (long) blocks.getLast(), whole.length));
            }
        }
    }

    @Test
    void failsNamingTheLocationWhenTheBucketDoesNotExist() {
        S3BackupSource source = new S3BackupSource(s3, S3Location.parse("s3://no-such-bucket/nightly/"));

        assertThatThrownBy(source::list)
                .isInstanceOf(NoBackupFoundException.class)
                .hasMessageContaining("s3://no-such-bucket/nightly/")
                .hasMessageContaining("NoSuchBucket")
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void failsNamingTheErrorWhenS3RefusesTheCredentials() {
        try (S3Client wrongSecret = client("not-the-secret")) {
            S3BackupSource source = new S3BackupSource(wrongSecret, new S3Location(BUCKET, "nightly/"));

            assertThatThrownBy(source::list)
                    .isInstanceOf(NoBackupFoundException.class)
                    .hasMessageContaining("s3://backups/nightly/")
                    .hasMessageContaining("SignatureDoesNotMatch")
                    .hasMessageContaining("HTTP 403");
        }
    }

    @Test
    void failsNamingTheLocationWhenS3CannotBeReached() throws IOException {
        try (S3Client unreachable = client(URI.create("http://127.0.0.1:" + freePort()), SECRET_KEY)) {
            S3BackupSource source = new S3BackupSource(unreachable, new S3Location(BUCKET, "nightly/"));

            assertThatThrownBy(source::list)
                    .isInstanceOf(NoBackupFoundException.class)
                    .hasMessageContaining("s3://backups/nightly/")
                    .hasMessageContaining("Connection refused")
                    .hasCauseInstanceOf(SdkClientException.class);
        }
    }

    /**
     * A directory dump in S3 is a prefix holding toc.dat: listed as one backup (its size the sum of its objects),
     * opened as its toc.dat, its data files fetched with GetObject on the prefix's keys
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html: Bucket, Key; a missing key answers
     * NoSuchKey) after one ListObjectsV2 of the source's prefix.
     */
    @Test
    void aPrefixHoldingTocDatIsOneDirectoryBackupRestoredFromItsObjects(@TempDir Path dir) throws Exception {
        DatabaseEndpoint db = TestPostgres.createDatabase("s3_dir_source");
        TestPostgres.execute(db, "CREATE TABLE orders (id int PRIMARY KEY, note text)",
                "INSERT INTO orders SELECT g, 'n' || g FROM generate_series(1, 1234) g");
        Path dump = PgDump.run(db, dir.resolve("dump"), "-Fd");
        long total = 0;
        List<String> uploaded = new java.util.ArrayList<>();
        try (var files = Files.list(dump)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String key = "dirs/shop-2026-11-29T030000Z/" + f.getFileName();
                s3.putObject(request -> request.bucket(BUCKET).key(key), f);
                uploaded.add(f.getFileName().toString());
                total += Files.size(f);
            }
        }
        put("dirs/shop-2026-11-28T030000Z.sql", "older plain dump");
        List<String> keysFetched = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (S3Client recording = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(endpoint).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(credentials(SECRET_KEY))
                .overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof GetObjectRequest get) {
                            keysFetched.add(get.bucket() + "/" + get.key());
                        }
                    }
                })).build()) {
            S3BackupSource source = new S3BackupSource(recording, new S3Location(BUCKET, "dirs/"));

            BackupRef newest = io.restoredrill.core.domain.NewestBackup.of(source.list()).orElseThrow();
            assertThat(newest).extracting(BackupRef::location, BackupRef::name, BackupRef::sizeBytes, BackupRef::format)
                    .containsExactly("s3://backups/dirs/shop-2026-11-29T030000Z", "shop-2026-11-29T030000Z", total,
                            BackupFormat.DIRECTORY);
            assertThat(source.list()).hasSize(2);
            DatabaseEndpoint target = TestPostgres.createDatabase("s3_dir_target");
            try (InputStream toc = source.open(newest)) {
                io.restoredrill.core.adapter.postgres.DumpRestorers.standard().restore(newest, toc,
                        source.members(newest), target, io.restoredrill.core.port.RestoreProgress.NONE);
            }
            assertThat(new io.restoredrill.core.adapter.postgres.JdbcDatabaseInspector().countRows(target))
                    .extracting(io.restoredrill.core.domain.TableRowCount::rows).containsExactly(1234L);
            assertThat(keysFetched).contains("backups/dirs/shop-2026-11-29T030000Z/toc.dat")
                    .allMatch(k -> k.startsWith("backups/dirs/shop-2026-11-29T030000Z/"))
                    .allMatch(k -> uploaded.contains(k.substring(k.lastIndexOf('/') + 1)));

            assertThatThrownBy(() -> source.members(newest).open("9999.dat.gz"))
                    .isInstanceOf(BackupUnusableException.class)
                    .hasMessage("The directory backup s3://backups/dirs/shop-2026-11-29T030000Z is incomplete: it has no"
                            + " object 9999.dat.gz");
        }
    }

    @Test
    void failsToOpenABackupThatWasDeletedAfterListing() {
        put("vanishing/orders-2026-11-25.sql", "soon gone");
        S3BackupSource source = new S3BackupSource(s3, new S3Location(BUCKET, "vanishing/"));
        BackupRef backup = source.list().getFirst();
        s3.deleteObject(request -> request.bucket(BUCKET).key("vanishing/orders-2026-11-25.sql"));

        assertThatThrownBy(() -> source.open(backup))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("s3://backups/vanishing/orders-2026-11-25.sql")
                .hasMessageContaining("NoSuchKey");
    }

    @Test
    void refusesToOpenABackupFromAnotherBucket() {
        S3BackupSource source = new S3BackupSource(s3, new S3Location(BUCKET, "nightly/"));
        BackupRef elsewhere = new BackupRef("s3://other-bucket/nightly/x.sql", "x.sql", 1,
                Instant.parse("2026-11-25T00:00:00Z"), TimestampSource.FILE_NAME, BackupFormat.PLAIN_SQL);

        assertThatThrownBy(() -> source.open(elsewhere))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3://other-bucket/nightly/x.sql");
    }

    @Test
    void describesItselfByItsS3Location() {
        assertThat(new S3BackupSource(s3, S3Location.parse("s3://backups/nightly/")).describe())
                .isEqualTo("s3://backups/nightly/");
    }

    @Test
    void clientFromEnvironmentReachesAnEmulatorWithoutAnyRegionConfigured() {
        try (S3Client fromEnvironment = S3Clients.fromEnvironment(
                Map.of("AWS_ENDPOINT_URL", namedEndpoint.toString()), S3BackupSourceTest::noRegion, credentials(SECRET_KEY))) {

            assertThat(fromEnvironment.serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
            assertThat(new S3BackupSource(fromEnvironment, new S3Location(BUCKET, "nightly/")).list()).hasSize(3);
        }
    }

    @Test
    void clientFromEnvironmentPrefersTheS3SpecificEndpoint() {
        Map<String, String> environment = Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:1",
                "AWS_ENDPOINT_URL_S3", namedEndpoint.toString());
        try (S3Client fromEnvironment = S3Clients.fromEnvironment(
                environment, () -> Region.EU_WEST_1, credentials(SECRET_KEY))) {

            assertThat(fromEnvironment.serviceClientConfiguration().endpointOverride()).contains(namedEndpoint);
            assertThat(fromEnvironment.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(new S3BackupSource(fromEnvironment, new S3Location(BUCKET, "nightly/")).list()).hasSize(3);
        }
    }

    @Test
    void clientFromEnvironmentLeavesPathStyleOffWhenToldTo() {
        Map<String, String> environment = Map.of(
                "AWS_ENDPOINT_URL", namedEndpoint.toString(), "AWS_S3_FORCE_PATH_STYLE", "false");
        try (S3Client virtualHosted = S3Clients.fromEnvironment(
                environment, S3BackupSourceTest::noRegion, credentials(SECRET_KEY))) {

            assertThatThrownBy(() -> new S3BackupSource(virtualHosted, new S3Location(BUCKET, "nightly/")).list())
                    .isInstanceOf(NoBackupFoundException.class)
                    .hasMessageContaining("backups.localhost");
        }
    }

    @Test
    void clientFromEnvironmentAsksForAwsRegionWhenNoneIsConfigured() {
        assertThatThrownBy(() -> S3Clients.fromEnvironment(Map.of(), S3BackupSourceTest::noRegion,
                credentials(SECRET_KEY)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("AWS_REGION")
                .hasCauseInstanceOf(SdkClientException.class);
    }

    @Test
    void clientFromEnvironmentRejectsAnEndpointThatIsNotAUrl() {
        assertThatThrownBy(() -> S3Clients.fromEnvironment(Map.of("AWS_ENDPOINT_URL_S3", "localhost"),
                () -> Region.US_EAST_1, credentials(SECRET_KEY)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL_S3");
    }

    // What the SDK's default chain does when no region is set anywhere.
    private static Region noRegion() {
        throw SdkClientException.create("Unable to load region from any of the providers in the chain");
    }

    private static void put(String key, String content) {
        s3.putObject(request -> request.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    private static S3Client client(String secretKey) {
        return client(endpoint, secretKey);
    }

    private static S3Client client(URI endpoint, String secretKey) {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials(secretKey))
                .overrideConfiguration(config -> config.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    private static StaticCredentialsProvider credentials(String secretKey) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secretKey));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
