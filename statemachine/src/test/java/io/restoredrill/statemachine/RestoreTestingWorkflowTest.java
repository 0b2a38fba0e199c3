package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restoredrill.core.adapter.backup.AwsBackupRestoreValidations;
import io.restoredrill.core.adapter.postgres.PostgresConnections;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.rds.RdsRequestRecorder;
import io.restoredrill.core.domain.ValidationWindowClosedException;
import io.restoredrill.core.history.ReportLayout;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.testing.TestPostgres;
import io.restoredrill.core.workflow.RestoreTestEvents;
import io.restoredrill.lambda.restore.RestoreTestAdoptHandler;
import io.restoredrill.lambda.restore.RestoreTestReportHandler;
import io.restoredrill.lambda.restore.RestoreTestingWiring;
import io.restoredrill.lambda.validate.ValidateConfig;
import io.restoredrill.lambda.validate.ValidateHandler;
import io.restoredrill.lambda.validate.ValidateWiring;
import io.restoredrill.statemachine.harness.ExecutionResult;
import io.restoredrill.statemachine.harness.LocalExecution;
import io.restoredrill.statemachine.harness.StreamTask;
import io.restoredrill.statemachine.harness.TaskHost;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.Endpoint;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore-testing workflow (restore-testing.asl.json) on the real ASL engine, its Tasks served by the REAL
 * handlers (RestoreTestAdoptHandler, ValidateHandler, RestoreTestReportHandler, wired as in Lambda), fed the
 * documented "Restore Job State Change" event of a completed restore ({@link RestoreTestEvents}: the AWS Backup
 * Developer Guide's example, with the restoreTestingPlanArn a restore testing job carries). moto's RDS holds the
 * instance AWS Backup restored, under the example's name; an embedded PostgreSQL plays it (its endpoint is the one
 * seam: moto's host name is made up), loaded with the bundled example's shop database and a read-only role whose
 * login is a secret in moto's Secrets Manager. moto 5.2.1 serves no AWS Backup restore jobs, so WireMock stands in
 * for PutRestoreValidationResult (the request is asserted on the wire, as the API Reference documents it:
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutRestoreValidationResult.html).
 */
class RestoreTestingWorkflowTest {

    private static final String REPORTS_BUCKET = "drill-reports";
    private static final String PLAN = "nightly_orders";
    private static final String READER = "drill_reader";
    private static final Path SHOP_SCHEMA = LocalExecution.MODULE.resolve("../examples/shop/schema.sql").normalize();
    private static final Path DEFINITION = LocalExecution.MODULE.resolve("src/main/resources/"
            + io.restoredrill.statemachine.Definition.RESTORE_TESTING_RESOURCE);
    /** When the adopt step runs: five minutes after the documented job completed, well inside its window. */
    private static final Instant ADOPTED_AT = Instant.parse(RestoreTestEvents.COMPLETED_AT).plus(Duration.ofMinutes(5));

    private static EmbeddedPostgres server;
    private static DatabaseEndpoint shop;
    private static S3Client s3;
    private static SecretsManagerClient secrets;
    private static WireMockServer backup;
    private static final ByteArrayOutputStream metrics = new ByteArrayOutputStream();

    private MotoRdsAccount account;
    private final RdsRequestRecorder sent = new RdsRequestRecorder();
    private RdsClient moto;
    private String loginSecret;

    @BeforeAll
    static void start() throws Exception {
        // Its own server: the instance AWS Backup restored, its roles and databases this test's alone.
        server = EmbeddedPostgres.builder().start();
        DatabaseEndpoint admin = new DatabaseEndpoint("localhost", server.getPort(), "postgres", "postgres",
                Optional.empty(), false);
        TestPostgres.execute(admin, "CREATE DATABASE restore_test_shop",
                "CREATE ROLE " + READER + " LOGIN", "GRANT pg_read_all_data TO " + READER);
        shop = admin.withDatabase("restore_test_shop");
        try (Connection connection = PostgresConnections.openForScripts(shop);
             Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(SHOP_SCHEMA));
        }
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
        secrets = MotoServer.configure(SecretsManagerClient.builder()).httpClientBuilder(MotoServer.httpClient())
                .build();
        backup = new WireMockServer(options().dynamicPort());
        backup.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        s3.close();
        secrets.close();
        backup.stop();
    }

    @BeforeEach
    void account() {
        account = MotoRdsAccount.create();
        s3.createBucket(r -> r.bucket(REPORTS_BUCKET));
        account.productionInstance(RestoreTestEvents.PRODUCTION, false);
        account.productionInstance(RestoreTestEvents.RESTORED, false); // what AWS Backup restored, by its name
        loginSecret = secrets.createSecret(r -> r.name("restore-drill/orders-reader")
                .secretString("{\"username\":\"" + READER + "\",\"password\":\"reader-password-1\"}")).arn();
        moto = MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient())
                .overrideConfiguration(c -> c.addExecutionInterceptor(sent)).build();
        backup.resetAll();
        backup.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(204)));
        metrics.reset();
    }

    @AfterEach
    void close() {
        moto.close();
        account.close();
    }

    @Test
    void validatesTheRestoredInstanceReportsSuccessfulAndLeavesTheInstanceToAwsBackup() throws Exception {
        ExecutionResult run = run(RestoreTestEvents.ofRestoreTestingPlan(PLAN), drill(ORDER_CHECKS));

        assertThat(run.status()).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonNode verdict = run.output().orElseThrow();
        assertThat(verdict.path("validationStatus").asText()).isEqualTo("SUCCESSFUL");
        assertThat(verdict.path("drill").asText()).isEqualTo("orders");
        assertThat(verdict.path("instance").asText()).isEqualTo(RestoreTestEvents.RESTORED);

        JsonNode put = onlyValidationSent();
        assertThat(put.path("ValidationStatus").asText()).isEqualTo("SUCCESSFUL");
        assertThat(put.path("ValidationStatusMessage").asText()).startsWith("restore-drill drill orders (report s3://"
                + REPORTS_BUCKET + "/reports/orders/").contains(": 3 checks passed");
        // restore-drill's own report and metrics, as for any drill; the report names AWS Backup's instance.
        assertThat(reports()).singleElement().satisfies(report -> {
            assertThat(report.path("verdict").asText()).isEqualTo("PASSED");
            assertThat(report.path("source").asText()).isEqualTo("AWS Backup restore test of "
                    + RestoreTestEvents.PRODUCTION + " (restore testing plan " + PLAN + ")");
            assertThat(report.path("target").asText()).contains(RestoreTestEvents.RESTORED);
        });
        assertThat(metrics.toString(StandardCharsets.UTF_8)).contains("\"DrillSucceeded\":1");
        // Nothing but describes reached RDS, and the restored instance is still there for AWS Backup to delete.
        assertThat(sent.actions()).containsOnly("DescribeDBInstances");
        assertThat(instances()).contains(RestoreTestEvents.RESTORED);
    }

    @Test
    void aFailingCheckReportsFailedWithTheChecksReason() throws Exception {
        ArrayNode checks = Json.MAPPER.createArrayNode();
        checks.add(check("orders-present", "SELECT count(*) FROM shop.orders", ">= 20000"));

        ExecutionResult run = run(RestoreTestEvents.ofRestoreTestingPlan(PLAN), drill(checks));

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.error()).contains("RestoreDrill.RestoreTestFailed");
        JsonNode put = onlyValidationSent();
        assertThat(put.path("ValidationStatus").asText()).isEqualTo("FAILED");
        assertThat(put.path("ValidationStatusMessage").asText())
                .endsWith(": check orders-present failed: value 10000 does not satisfy >= 20000");
        assertThat(run.cause()).hasValue(put.path("ValidationStatusMessage").asText());
        assertThat(reports()).singleElement()
                .satisfies(report -> assertThat(report.path("verdict").asText()).isEqualTo("FAILED"));
        assertThat(sent.actions()).containsOnly("DescribeDBInstances");
        assertThat(instances()).contains(RestoreTestEvents.RESTORED);
    }

    @Test
    void aLoginThatCannotReachTheDataReportsFailedWithoutAReport() throws Exception {
        ObjectNode drill = drill(ORDER_CHECKS);
        ((ObjectNode) drill.path("login")).put("secretArn", loginSecret.replace("orders-reader", "no-such-secret"));

        ExecutionResult run = run(RestoreTestEvents.ofRestoreTestingPlan(PLAN), drill);

        assertThat(run.status()).isEqualTo("FAILED");
        JsonNode put = onlyValidationSent();
        assertThat(put.path("ValidationStatus").asText()).isEqualTo("FAILED");
        assertThat(put.path("ValidationStatusMessage").asText()).startsWith("restore-drill drill orders: ");
        assertThat(reports()).isEmpty(); // as for a drill: not reaching the instance writes no FAILED report
        assertThat(sent.actions()).containsOnly("DescribeDBInstances");
    }

    @Test
    void aJobLateForItsValidationWindowReportsTimedOutWithoutTouchingTheInstance() throws Exception {
        ExecutionResult run = run(RestoreTestEvents.ofRestoreTestingPlan(PLAN), drill(ORDER_CHECKS),
                Instant.parse(RestoreTestEvents.COMPLETED_AT).plus(Duration.ofHours(3).plusMinutes(30)));

        assertThat(run.status()).isEqualTo("FAILED");
        JsonNode put = onlyValidationSent();
        assertThat(put.path("ValidationStatus").asText()).isEqualTo("TIMED_OUT");
        assertThat(put.path("ValidationStatusMessage").asText())
                .startsWith("restore-drill: " + ValidationWindowClosedException.class.getSimpleName() + ": ");
        assertThat(sent.actions()).isEmpty();
        assertThat(reports()).isEmpty();
    }

    @Test
    void theDocumentedEventWithoutARestoreTestingPlanIsReportedFailedAndNothingIsValidated() throws Exception {
        ExecutionResult run = run(RestoreTestEvents.documented(), drill(ORDER_CHECKS));

        assertThat(run.status()).isEqualTo("FAILED");
        JsonNode put = onlyValidationSent();
        assertThat(put.path("ValidationStatus").asText()).isEqualTo("FAILED");
        assertThat(put.path("ValidationStatusMessage").asText()).contains("names no restore testing plan");
        assertThat(sent.actions()).isEmpty();
        assertThat(reports()).isEmpty();
    }

    private static final ArrayNode ORDER_CHECKS = orderChecks();

    private static ArrayNode orderChecks() {
        ArrayNode checks = Json.MAPPER.createArrayNode();
        checks.add(check("customers-present", "SELECT count(*) FROM shop.customers", ">= 2000"));
        checks.add(check("orders-present", "SELECT count(*) FROM shop.orders", ">= 10000"));
        checks.add(check("logged-in-as-the-reader", "SELECT count(*) FROM pg_roles WHERE rolname = current_user"
                + " AND rolname = '" + READER + "'", "= 1"));
        return checks;
    }

    private static JsonNode check(String name, String sql, String expect) {
        return Json.MAPPER.createObjectNode().put("name", name).put("sql", sql).put("expect", expect);
    }

    private ObjectNode drill(ArrayNode checks) {
        ObjectNode drill = RestoreTestEvents.drill("orders", PLAN, loginSecret, checks);
        drill.put("database", "restore_test_shop");
        return drill;
    }

    private ExecutionResult run(JsonNode event, JsonNode drill) {
        return run(event, drill, ADOPTED_AT);
    }

    /** One execution with the input the stack's rule sends: {"event": ..., "drill": ...}. */
    private ExecutionResult run(JsonNode event, JsonNode drill, Instant adoptedAt) {
        RdsClient rds = new RestoredInstanceServedBy(moto, RestoreTestEvents.RESTORED,
                Endpoint.builder().address("localhost").port(shop.port()).build());
        RestoreTestingWiring wiring = RestoreTestingWiring.of(rds, new AwsBackupRestoreValidations(
                URI.create(backup.baseUrl()), Region.US_WEST_2,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret-key")),
                UrlConnectionHttpClient.create()), Clock.fixed(adoptedAt, ZoneOffset.UTC));
        RestoreTestAdoptHandler adopt = new RestoreTestAdoptHandler(wiring.adoption());
        RestoreTestReportHandler report = new RestoreTestReportHandler(wiring.report());
        // requireTls=false: the embedded server has no certificate; RDS is always reached over verified TLS.
        ValidateHandler validate = new ValidateHandler(ValidateWiring.create(ValidateConfig.fromEnvironment(Map.of(
                        "REPORTS_BUCKET", REPORTS_BUCKET, "AWS_REGION", MotoServer.REGION.id())), s3, secrets,
                new PrintStream(metrics, true, StandardCharsets.UTF_8), false, Optional.empty()));
        Map<String, StreamTask> tasks = Map.of(
                "restoretestadopt", (in, out) -> adopt.handleRequest(in, out, null),
                "validate", (in, out) -> validate.handleRequest(in, out, null),
                "restoretestreport", (in, out) -> report.handleRequest(in, out, null));
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.set("event", event);
        input.set("drill", drill);
        sent.clear();
        try (TaskHost host = TaskHost.start(tasks)) {
            return LocalExecution.run(DEFINITION, host, input, "restore-test-" + UUID.randomUUID(),
                    Duration.ofSeconds(60));
        }
    }

    private static JsonNode onlyValidationSent() {
        List<LoggedRequest> all = backup.findAll(anyRequestedFor(anyUrl()));
        assertThat(all).hasSize(1);
        LoggedRequest request = all.get(0);
        assertThat(request.getMethod().getName()).isEqualTo("PUT");
        assertThat(request.getUrl()).isEqualTo("/restore-jobs/" + RestoreTestEvents.RESTORE_JOB_ID + "/validations");
        return Json.parse(request.getBodyAsString());
    }

    private List<String> instances() {
        return account.rds().describeDBInstances().dbInstances().stream()
                .map(software.amazon.awssdk.services.rds.model.DBInstance::dbInstanceIdentifier).toList();
    }

    private static List<JsonNode> reports() {
        return s3.listObjectsV2(r -> r.bucket(REPORTS_BUCKET)).contents().stream()
                .map(S3Object::key)
                .filter(key -> key.startsWith("reports/") && ReportLayout.isReport(key.substring("reports/".length())))
                .map(key -> Json.parse(s3.getObjectAsBytes(r -> r.bucket(REPORTS_BUCKET).key(key)).asUtf8String()))
                .toList();
    }

    /**
     * moto's RDS for the adopt step, with one seam: DescribeDBInstances names the embedded PostgreSQL as the
     * endpoint of the restored instance (moto's host name is made up). Every other call is the interface's default,
     * which throws: the workflow may only describe.
     */
    private record RestoredInstanceServedBy(RdsClient moto, String identifier, Endpoint endpoint) implements RdsClient {

        @Override
        public DescribeDbInstancesResponse describeDBInstances(DescribeDbInstancesRequest request) {
            DescribeDbInstancesResponse response = moto.describeDBInstances(request);
            return response.toBuilder().dbInstances(response.dbInstances().stream()
                    .map(i -> i.dbInstanceIdentifier().equals(identifier) ? i.toBuilder().endpoint(endpoint).build() : i)
                    .toList()).build();
        }

        @Override
        public String serviceName() {
            return moto.serviceName();
        }

        @Override
        public void close() {
        }
    }
}
