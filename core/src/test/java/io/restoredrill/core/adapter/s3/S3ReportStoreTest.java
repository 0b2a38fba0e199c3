package io.restoredrill.core.adapter.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against moto's S3. */
class S3ReportStoreTest {

    private static final String BUCKET = "drill-reports";
    private static final String EXECUTION =
            "arn:aws:states:eu-west-1:123456789012:execution:restore-drill:nightly-2026-11-26";
    private static S3Client s3;

    @BeforeAll
    static void startClient() {
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
    }

    @AfterAll
    static void closeClient() {
        s3.close();
    }

    @BeforeEach
    void freshBucket() {
        MotoServer.reset();
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    private static DrillReport report(Verdict verdict, Instant startedAt) {
        return new DrillReport(EXECUTION, "orders", verdict,
                verdict == Verdict.FAILED ? Optional.of("check orders present failed") : Optional.empty(),
                "RDS snapshot nightly (manual) of orders-prod", Optional.empty(), Optional.of("RDS instance x"),
                startedAt, new DrillReport.Timings(1000, 200, 1500), Optional.empty(), List.of(),
                List.of(new TableRowCount("public", "orders", 5)), List.of());
    }

    private static JsonNode object(String key) throws Exception {
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key));
        assertThat(bytes.response().contentType()).isEqualTo("application/json");
        return new ObjectMapper().readTree(bytes.asUtf8String());
    }

    private static List<String> keys() {
        return s3.listObjectsV2(r -> r.bucket(BUCKET)).contents().stream().map(S3Object::key).sorted().toList();
    }

    @Test
    void storesTheReportByDrillUtcDateAndExecutionName() throws Exception {
        S3ReportStore store = new S3ReportStore(s3, BUCKET, "reports");

        String location = store.store(report(Verdict.PASSED, Instant.parse("2026-11-26T23:30:00Z")), EXECUTION);

        assertThat(location).isEqualTo("s3://drill-reports/reports/orders/2026/11/26/nightly-2026-11-26.json");
        JsonNode json = object("reports/orders/2026/11/26/nightly-2026-11-26.json");
        assertThat(json.get("verdict").asText()).isEqualTo("PASSED");
        assertThat(json.get("drillId").asText()).isEqualTo(EXECUTION);
        assertThat(json.at("/tables/0/rows").asLong()).isEqualTo(5);
    }

    @Test
    void aPassedReportBecomesTheDrillsLatestBaseline() throws Exception {
        new S3ReportStore(s3, BUCKET, "reports/").store(report(Verdict.PASSED, Instant.parse("2026-11-26T03:00:00Z")),
                EXECUTION);

        assertThat(keys()).containsExactly("reports/orders/2026/11/26/nightly-2026-11-26.json",
                "reports/orders/latest.json");
        assertThat(object("reports/orders/latest.json").get("drillId").asText()).isEqualTo(EXECUTION);
    }

    @Test
    void aFailedReportIsStoredButLeavesTheLatestBaselineAlone() throws Exception {
        S3ReportStore store = new S3ReportStore(s3, BUCKET, "reports");
        store.store(report(Verdict.PASSED, Instant.parse("2026-11-25T03:00:00Z")), "yesterday");

        store.store(report(Verdict.FAILED, Instant.parse("2026-11-26T03:00:00Z")), "today");

        assertThat(keys()).containsExactly("reports/orders/2026/11/25/yesterday.json",
                "reports/orders/2026/11/26/today.json", "reports/orders/latest.json");
        assertThat(object("reports/orders/2026/11/26/today.json").get("verdict").asText()).isEqualTo("FAILED");
        assertThat(object("reports/orders/latest.json").get("verdict").asText()).isEqualTo("PASSED");
    }

    @Test
    void anEmptyPrefixStoresAtTheBucketRoot() {
        String location = new S3ReportStore(s3, BUCKET, "").store(
                report(Verdict.FAILED, Instant.parse("2026-01-02T03:00:00Z")), "run-1");

        assertThat(location).isEqualTo("s3://drill-reports/orders/2026/01/02/run-1.json");
    }

    @Test
    void executionNamesBecomeSafeKeySegments() {
        assertThat(S3ReportStore.executionName(EXECUTION)).isEqualTo("nightly-2026-11-26");
        assertThat(S3ReportStore.executionName("local run/../x y")).isEqualTo("local_run_.._x_y");
        assertThat(S3ReportStore.executionName("arn:aws:states:x:execution:sm:")).isEqualTo("execution");
        assertThat(S3ReportStore.executionName("..")).isEqualTo("execution");
    }

    @Test
    void aMissingBucketFailsNamingTheObject() {
        S3ReportStore store = new S3ReportStore(s3, "no-such-bucket", "reports");

        assertThatThrownBy(() -> store.store(report(Verdict.PASSED, Instant.parse("2026-11-26T03:00:00Z")), "run-1"))
                .isInstanceOf(ReportNotStoredException.class)
                .hasMessageContaining("s3://no-such-bucket/reports/orders/2026/11/26/run-1.json")
                .hasMessageContaining("NoSuchBucket");
    }

    /**
     * moto enforces no IAM, so it cannot answer 403: a stand-in (the JDK's HTTP server) answers every request with
     * S3's documented AccessDenied error, as S3 does for a role without s3:ListBucket on the reports prefix.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
     */
    @Test
    void aDeniedBaselineReadIsAConfigurationErrorNamingTheMissingPermissionsAndTheObject() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            try (exchange) {
                asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + "?"
                        + exchange.getRequestURI().getQuery());
                byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                        + "<Message>Access Denied</Message><RequestId>5YVVTZ8Q1J2G3B4N</RequestId>"
                        + "<HostId>hostid</HostId></Error>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/xml");
                exchange.sendResponseHeaders(403, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        try (S3Client denied = S3Client.builder()
                .endpointOverride(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(MotoServer.REGION).forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(MotoServer.httpClient()).build()) {

            assertThatThrownBy(() -> new S3ReportStore(denied, BUCKET, "reports").latestBaseline("orders"))
                    .isInstanceOf(io.restoredrill.core.domain.InvalidConfigurationException.class)
                    .hasMessageContaining("s3://drill-reports/reports/orders/latest.json")
                    .hasMessageContaining("AccessDenied")
                    .hasMessageContaining("s3:GetObject on arn:aws:s3:::drill-reports/reports/*")
                    .hasMessageContaining("s3:ListBucket on arn:aws:s3:::drill-reports with the condition s3:prefix = reports/*");
            assertThat(asked).singleElement().asString().startsWith("GET /drill-reports?")
                    .contains("list-type=2").contains("prefix=reports/orders/latest.json");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aMissingBaselineIsNoBaseline() {
        assertThat(new S3ReportStore(s3, BUCKET, "reports").latestBaseline("orders")).isEmpty();
    }

    @Test
    void aKeyThatOnlyStartsLikeTheBaselineIsNoBaseline() {
        s3.putObject(r -> r.bucket(BUCKET).key("reports/orders/latest.json.bak"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("{}"));

        assertThat(new S3ReportStore(s3, BUCKET, "reports").latestBaseline("orders")).isEmpty();
    }

    /**
     * The baseline is found with ListObjectsV2 whose Prefix is exactly its key, so the s3:prefix condition of the
     * validate role's s3:ListBucket grant (reports/*) applies to the request (Service Authorization Reference:
     * s3:prefix on ListBucket); then it is read.
     */
    @Test
    void findsTheBaselineByListingExactlyItsKeyThenReadsIt() {
        S3ReportStore store = new S3ReportStore(s3, BUCKET, "reports");
        store.store(report(Verdict.PASSED, Instant.parse("2026-11-26T03:00:00Z")), EXECUTION);
        List<software.amazon.awssdk.core.SdkRequest> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (S3Client recording = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        sent.add(context.request());
                    }
                })).build()) {

            assertThat(new S3ReportStore(recording, BUCKET, "reports").latestBaseline("orders")).isPresent();
        }

        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isInstanceOfSatisfying(software.amazon.awssdk.services.s3.model.ListObjectsV2Request.class,
                list -> assertThat(list.prefix()).isEqualTo("reports/orders/latest.json"));
        assertThat(sent.get(1)).isInstanceOfSatisfying(software.amazon.awssdk.services.s3.model.GetObjectRequest.class,
                get -> assertThat(get.key()).isEqualTo("reports/orders/latest.json"));
    }
}
