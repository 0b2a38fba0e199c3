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
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.domain.ValidationWindowClosedException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.testing.TestPostgres;
import io.restoredrill.core.workflow.RestoreTestEvents;
import io.restoredrill.lambda.cleanup.CleanupHandler;
import io.restoredrill.lambda.cleanup.CleanupWiring;
import io.restoredrill.lambda.restore.RestoreTestAdoptHandler;
import io.restoredrill.lambda.restore.RestoreTestReportHandler;
import io.restoredrill.lambda.restore.RestoreTestingWiring;
import io.restoredrill.lambda.restore.RestoreWiring;
import io.restoredrill.lambda.restore.StatusHandler;
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
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.s3.S3Client;
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
 * The restore-testing workflow (restore-testing.asl.json) for an AWS Backup restore test of an <b>Aurora cluster</b>,
 * on the real ASL engine, its Tasks served by the REAL handlers wired as in Lambda: RestoreTestAdoptHandler and
 * RestoreTestReportHandler (RestoreTestingWiring), the drill workflow's StatusHandler (RestoreWiring), ValidateHandler
 * and CleanupHandler (CleanupWiring). The input is the documented "Restore Job State Change" event adapted to an Aurora
 * job ({@link RestoreTestEvents#ofAuroraClusterRestoreTest}). moto's RDS holds production's cluster and the cluster
 * AWS Backup restored (AWS Backup "restores your Aurora cluster; it does not create or attach an Amazon RDS instance
 * to your cluster": https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html), and serves the drill
 * instance's CreateDBInstance in that cluster, its describe and its delete. The one seam: the restored cluster's writer
 * endpoint names an embedded PostgreSQL (moto's host name is made up), which has the shop database and a read-only
 * role whose login is a secret in moto's Secrets Manager; any RDS call other than the four the workflow may make throws
 * (the interface's default). moto 5.2.1 serves no AWS Backup restore jobs: WireMock stands in for
 * PutRestoreValidationResult, as in {@link RestoreTestingWorkflowTest}.
 */
class RestoreTestingClusterWorkflowTest {

    private static final String REPORTS_BUCKET = "drill-reports-aurora";
    private static final String PLAN = "nightly_orders";
    private static final String DRILL = "orders";
    private static final String READER = "drill_reader";
    private static final Path SHOP_SCHEMA = LocalExecution.MODULE.resolve("../examples/shop/schema.sql").normalize();
    private static final Path DEFINITION = LocalExecution.MODULE.resolve("src/main/resources/"
            + io.restoredrill.statemachine.Definition.RESTORE_TESTING_RESOURCE);
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
    private MotoRdsWithFaults faults;
    private String loginSecret;
    private String rdsArnPrefix;

    @BeforeAll
    static void start() throws Exception {
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
        account.productionCluster(RestoreTestEvents.PRODUCTION_CLUSTER, true);
        // What AWS Backup restored, by the event's name: a cluster without any instance.
        DBCluster restored = account.productionCluster(RestoreTestEvents.RESTORED_CLUSTER, false);
        rdsArnPrefix = restored.dbClusterArn().substring(0, restored.dbClusterArn().indexOf("cluster:"));
        loginSecret = secrets.createSecret(r -> r.name("restore-drill/aurora-reader-" + UUID.randomUUID())
                .secretString("{\"username\":\"" + READER + "\",\"password\":\"reader-password-1\"}")).arn();
        moto = MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient())
                .overrideConfiguration(c -> c.addExecutionInterceptor(sent)).build();
        faults = new MotoRdsWithFaults(moto, "localhost", shop.port());
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
    void addsOneDrillInstanceToAwsBackupsClusterValidatesOnItsWriterReportsSuccessfulAndDeletesOnlyThatInstance() {
        ExecutionResult run = run(RestoreTestEvents.ofAuroraClusterRestoreTest(PLAN, rdsArnPrefix), drill(ORDER_CHECKS),
                ADOPTED_AT);

        assertThat(run.status()).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonNode put = onlyValidationSent();
        assertThat(put.path("ValidationStatus").asText()).isEqualTo("SUCCESSFUL");
        assertThat(put.path("ValidationStatusMessage").asText()).contains(": 3 checks passed");
        assertThat(run.output().orElseThrow().path("instance").asText()).startsWith(TemporaryInstanceName.PREFIX);
        assertThat(metrics.toString(StandardCharsets.UTF_8)).contains("\"DrillSucceeded\":1");

        // CreateDBInstance with DBClusterIdentifier (API_CreateDBInstance.html: "The identifier of the DB cluster that
        // this DB instance will belong to"), an identifier under restore-drill- of at most 63 characters, Aurora's
        // engine (required, and the cluster's), never publicly accessible, the four drill tags; none of the
        // parameters the page says do not apply to an Aurora instance (the cluster manages them).
        Map<String, String> create = onlyOne("CreateDBInstance");
        String instance = create.get("DBInstanceIdentifier");
        assertThat(instance).startsWith(TemporaryInstanceName.PREFIX + DRILL + "-").hasSizeLessThanOrEqualTo(63);
        assertThat(create).containsEntry("DBClusterIdentifier", RestoreTestEvents.RESTORED_CLUSTER)
                .containsEntry("Engine", "aurora-postgresql")
                .containsEntry("PubliclyAccessible", "false")
                .doesNotContainKeys("MasterUsername", "MasterUserPassword", "ManageMasterUserPassword",
                        "AllocatedStorage", "VpcSecurityGroupIds.member.1", "DeletionProtection", "MultiAZ",
                        "BackupRetentionPeriod");
        assertThat(tags(create)).containsEntry(DrillTags.TEMPORARY, "true").containsEntry(DrillTags.DRILL, DRILL)
                .containsKeys(DrillTags.EXECUTION, DrillTags.EXPIRES_AT).hasSize(4);
        // DeleteDBInstance of that instance only (API_DeleteDBInstance.html: an Aurora instance may be deleted unless
        // its cluster is a read replica and it is the only instance), without a final snapshot.
        Map<String, String> delete = onlyOne("DeleteDBInstance");
        assertThat(delete).containsEntry("DBInstanceIdentifier", instance).containsEntry("SkipFinalSnapshot", "true");
        // Nothing else: describes, the one create, the one delete. No call modifies or deletes a cluster.
        assertThat(sent.actions()).containsOnly("DescribeDBClusters", "DescribeDBInstances", "CreateDBInstance",
                "DeleteDBInstance");
        assertThat(clusters()).contains(RestoreTestEvents.RESTORED_CLUSTER, RestoreTestEvents.PRODUCTION_CLUSTER);
        assertThat(instances()).doesNotContain(instance);
    }

    @Test
    void aFailingCheckReportsFailedAndStillDeletesTheDrillInstance() {
        ArrayNode checks = Json.MAPPER.createArrayNode();
        checks.add(check("orders-present", "SELECT count(*) FROM shop.orders", ">= 20000"));

        ExecutionResult run = run(RestoreTestEvents.ofAuroraClusterRestoreTest(PLAN, rdsArnPrefix), drill(checks),
                ADOPTED_AT);

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.error()).contains("RestoreDrill.RestoreTestFailed");
        JsonNode put = onlyValidationSent();
        assertThat(put.path("ValidationStatus").asText()).isEqualTo("FAILED");
        assertThat(put.path("ValidationStatusMessage").asText())
                .endsWith(": check orders-present failed: value 10000 does not satisfy >= 20000");
        String instance = onlyOne("CreateDBInstance").get("DBInstanceIdentifier");
        assertThat(onlyOne("DeleteDBInstance")).containsEntry("DBInstanceIdentifier", instance);
        assertThat(instances()).doesNotContain(instance);
        assertThat(clusters()).contains(RestoreTestEvents.RESTORED_CLUSTER);
    }

    @Test
    void aDrillInstanceNeverAvailableWhileTheWindowLeavesValidationItsHourReportsTimedOutAndIsDeleted() {
        // RDS may keep a new instance creating for long; moto makes it available at once, so the fault reports it
        // creating. The adopt step runs with 61 minutes of the window left (from the job's completion); the window the
        // poll counts (from the job's creation, 4 min 52 s earlier) no longer leaves validation its hour.
        faults.reportStatus(DRILL, "creating");
        Instant late = Instant.parse(RestoreTestEvents.COMPLETED_AT).plus(Duration.ofHours(2).plusMinutes(59));

        ExecutionResult run = run(RestoreTestEvents.ofAuroraClusterRestoreTest(PLAN, rdsArnPrefix), drill(ORDER_CHECKS),
                late);

        assertThat(run.status()).isEqualTo("FAILED");
        JsonNode put = onlyValidationSent();
        assertThat(put.path("ValidationStatus").asText()).isEqualTo("TIMED_OUT");
        assertThat(put.path("ValidationStatusMessage").asText())
                .startsWith("restore-drill drill " + DRILL + ": " + ValidationWindowClosedException.class.getSimpleName())
                .contains("is still creating");
        String instance = onlyOne("CreateDBInstance").get("DBInstanceIdentifier");
        assertThat(onlyOne("DeleteDBInstance")).containsEntry("DBInstanceIdentifier", instance);
        assertThat(instances()).doesNotContain(instance);
        assertThat(clusters()).contains(RestoreTestEvents.RESTORED_CLUSTER);
    }

    @Test
    void aJobNamingTheProductionClusterAsRestoredAddsNothingAndReportsFailed() {
        ObjectNode event = RestoreTestEvents.ofAuroraClusterRestoreTest(PLAN, rdsArnPrefix);
        ((ObjectNode) event.path("detail")).put("createdResourceArn",
                rdsArnPrefix + "cluster:" + RestoreTestEvents.PRODUCTION_CLUSTER);

        ExecutionResult run = run(event, drill(ORDER_CHECKS), ADOPTED_AT);

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(onlyValidationSent().path("ValidationStatus").asText()).isEqualTo("FAILED");
        assertThat(sent.actions()).containsOnly("DescribeDBClusters");
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
        ObjectNode drill = RestoreTestEvents.clusterDrill(DRILL, PLAN, loginSecret, checks);
        drill.put("database", "restore_test_shop");
        return drill;
    }

    /** One execution with the input the stack's rule sends, every handler's clock at {@code now}. */
    private ExecutionResult run(JsonNode event, JsonNode drill, Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        RdsClient rds = new RestoredClusterServedBy(faults, RestoreTestEvents.RESTORED_CLUSTER, "localhost",
                shop.port());
        RestoreTestingWiring wiring = RestoreTestingWiring.of(rds, new AwsBackupRestoreValidations(
                URI.create(backup.baseUrl()), Region.US_WEST_2,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret-key")),
                UrlConnectionHttpClient.create()), clock);
        RestoreTestAdoptHandler adopt = new RestoreTestAdoptHandler(wiring.adoption());
        RestoreTestReportHandler report = new RestoreTestReportHandler(wiring.report());
        StatusHandler status = new StatusHandler(RestoreWiring.of(rds, clock).statusStep());
        CleanupHandler cleanup = new CleanupHandler(CleanupWiring.of(rds, clock).cleanupStep());
        // requireTls=false: the embedded server has no certificate; RDS is always reached over verified TLS.
        ValidateHandler validate = new ValidateHandler(ValidateWiring.create(ValidateConfig.fromEnvironment(Map.of(
                        "REPORTS_BUCKET", REPORTS_BUCKET, "AWS_REGION", MotoServer.REGION.id())), s3, secrets,
                new PrintStream(metrics, true, StandardCharsets.UTF_8), false, Optional.empty()));
        Map<String, StreamTask> tasks = Map.of(
                "restoretestadopt", (in, out) -> adopt.handleRequest(in, out, null),
                "status", (in, out) -> status.handleRequest(in, out, null),
                "validate", (in, out) -> validate.handleRequest(in, out, null),
                "restoretestreport", (in, out) -> report.handleRequest(in, out, null),
                "cleanup", (in, out) -> cleanup.handleRequest(in, out, null));
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.set("event", event);
        input.set("drill", drill);
        sent.clear();
        try (TaskHost host = TaskHost.start(tasks)) {
            return LocalExecution.run(DEFINITION, host, input, "restore-test-" + UUID.randomUUID(),
                    Duration.ofSeconds(90));
        }
    }

    private Map<String, String> onlyOne(String action) {
        List<Map<String, String>> requests = sent.requests(action);
        assertThat(requests).as(action).hasSize(1);
        return requests.get(0);
    }

    /** The Query API's Tags.Tag.N.Key / .Value pairs of a request. */
    private static Map<String, String> tags(Map<String, String> request) {
        Map<String, String> tags = new java.util.TreeMap<>();
        for (int n = 1; request.containsKey("Tags.Tag." + n + ".Key"); n++) {
            tags.put(request.get("Tags.Tag." + n + ".Key"), request.get("Tags.Tag." + n + ".Value"));
        }
        return tags;
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

    private List<String> clusters() {
        return account.rds().describeDBClusters().dbClusters().stream().map(DBCluster::dbClusterIdentifier).toList();
    }

    /**
     * The RDS client the handlers get: moto (through {@link MotoRdsWithFaults}, for the drill instance's reported
     * status), with one seam: DescribeDBClusters names the embedded PostgreSQL as the writer endpoint of the cluster
     * AWS Backup restored. Only the four calls the workflow may make are served; any other (ModifyDBCluster,
     * DeleteDBCluster, ...) is the interface's default, which throws.
     */
    private record RestoredClusterServedBy(RdsClient rds, String cluster, String host, int port) implements RdsClient {

        @Override
        public DescribeDbClustersResponse describeDBClusters(DescribeDbClustersRequest request) {
            DescribeDbClustersResponse response = rds.describeDBClusters(request);
            return response.toBuilder().dbClusters(response.dbClusters().stream()
                    .map(c -> c.dbClusterIdentifier().equals(cluster) ? c.toBuilder().endpoint(host).port(port).build()
                            : c)
                    .toList()).build();
        }

        @Override
        public DescribeDbInstancesResponse describeDBInstances(DescribeDbInstancesRequest request) {
            return rds.describeDBInstances(request);
        }

        @Override
        public CreateDbInstanceResponse createDBInstance(CreateDbInstanceRequest request) {
            return rds.createDBInstance(request);
        }

        @Override
        public DeleteDbInstanceResponse deleteDBInstance(DeleteDbInstanceRequest request) {
            return rds.deleteDBInstance(request);
        }

        @Override
        public String serviceName() {
            return rds.serviceName();
        }

        @Override
        public void close() {
        }
    }
}
