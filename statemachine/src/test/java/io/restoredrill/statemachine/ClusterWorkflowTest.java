package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.adapter.postgres.PostgresConnections;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.rds.RdsRequestRecorder;
import io.restoredrill.core.domain.NoIndependentBackupException;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.domain.UnsafeDeletionException;
import io.restoredrill.core.history.ReportLayout;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.testing.TestPostgres;
import io.restoredrill.core.workflow.ReapReport;
import io.restoredrill.lambda.cleanup.CleanupHandler;
import io.restoredrill.lambda.cleanup.CleanupWiring;
import io.restoredrill.lambda.restore.RestoreHandler;
import io.restoredrill.lambda.restore.RestoreWiring;
import io.restoredrill.lambda.restore.StatusHandler;
import io.restoredrill.lambda.validate.ValidateConfig;
import io.restoredrill.lambda.validate.ValidateHandler;
import io.restoredrill.lambda.validate.ValidateWiring;
import io.restoredrill.statemachine.harness.ExecutionResult;
import io.restoredrill.statemachine.harness.LocalExecution;
import io.restoredrill.statemachine.harness.StreamTask;
import io.restoredrill.statemachine.harness.TaskHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Aurora PostgreSQL cluster drills (issue 13) through the per-drill definition (drill.asl.json) on the real ASL
 * engine, with the real restore, status, validate and cleanup handlers, against moto 5.2.1 for RDS (clusters, cluster
 * snapshots, instances in a cluster, ModifyDBCluster's managed secret, DeleteDBCluster), S3 and Secrets Manager, and
 * the embedded PostgreSQL that plays the restored cluster's writer. The one seam is {@link MotoRdsWithFaults}'s:
 * DescribeDBClusters names the embedded server as the cluster's writer endpoint (moto's host name is made up).
 * No WireMock: moto serves every cluster call the drill makes. The cases mirror {@link RealHandlersWorkflowTest}'s for
 * instances: a drill passes, fails on a check, fails when only automated cluster snapshots exist (creating nothing),
 * and leaves no cluster or instance behind; the reaper and the guard are proven on clusters.
 */
class ClusterWorkflowTest {

    private static final String REPORTS_BUCKET = "drill-reports";
    private static final String MOTO_SECRET_USER = "admin";
    private static final Path SHOP_SCHEMA = LocalExecution.MODULE.resolve("../examples/shop/schema.sql").normalize();

    private static RdsClient moto;
    private static final RdsRequestRecorder sent = new RdsRequestRecorder();
    private static MotoRdsWithFaults rds;
    private static S3Client s3;
    private static SecretsManagerClient secrets;
    private static final ByteArrayOutputStream metrics = new ByteArrayOutputStream();
    private static Map<String, StreamTask> handlers;

    private MotoRdsAccount account;

    @BeforeAll
    static void start() throws Exception {
        DatabaseEndpoint shop = shopDatabase();
        moto = MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient())
                .overrideConfiguration(c -> c.addExecutionInterceptor(sent)).build();
        rds = new MotoRdsWithFaults(moto, "localhost", shop.port());
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
        secrets = MotoServer.configure(SecretsManagerClient.builder()).httpClientBuilder(MotoServer.httpClient())
                .build();
        // The wiring the Lambda runtime builds, over these clients: RestoreWiring and CleanupWiring give the steps
        // their cluster ports. requireTls=false: the embedded server has no certificate.
        RestoreWiring restore = RestoreWiring.of(rds, Clock.systemUTC());
        RestoreHandler restoreHandler = new RestoreHandler(restore.restoreStep());
        StatusHandler statusHandler = new StatusHandler(restore.statusStep());
        ValidateHandler validateHandler = new ValidateHandler(ValidateWiring.create(
                ValidateConfig.fromEnvironment(Map.of("REPORTS_BUCKET", REPORTS_BUCKET, "AWS_REGION",
                        MotoServer.REGION.id())),
                s3, secrets, new PrintStream(metrics, true, StandardCharsets.UTF_8), false, Optional.empty()));
        CleanupHandler cleanupHandler = new CleanupHandler(CleanupWiring.of(rds, Clock.systemUTC()).cleanupStep());
        handlers = Map.of(
                "restore", (in, out) -> restoreHandler.handleRequest(in, out, null),
                "status", (in, out) -> statusHandler.handleRequest(in, out, null),
                "validate", (in, out) -> validateHandler.handleRequest(in, out, null),
                "cleanup", (in, out) -> cleanupHandler.handleRequest(in, out, null));
    }

    /**
     * The "restored cluster": the shop database on the embedded server, readable by the user of moto's managed secret.
     * Shared with {@link RealHandlersWorkflowTest} when both run in one JVM (one embedded server): made only once.
     */
    private static DatabaseEndpoint shopDatabase() throws IOException, SQLException {
        DatabaseEndpoint shop = TestPostgres.adminEndpoint().withDatabase("shop");
        if (TestPostgres.databaseExists("shop")) {
            return shop;
        }
        TestPostgres.execute(TestPostgres.adminEndpoint(), "CREATE DATABASE shop",
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + MOTO_SECRET_USER + "') THEN"
                        + " CREATE ROLE " + MOTO_SECRET_USER + " LOGIN; END IF; END $$",
                "GRANT pg_read_all_data TO " + MOTO_SECRET_USER);
        try (Connection connection = PostgresConnections.openForScripts(shop);
             Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(SHOP_SCHEMA));
        }
        return shop;
    }

    @AfterAll
    static void stop() {
        rds.close();
        s3.close();
        secrets.close();
    }

    @BeforeEach
    void emptyAccount() {
        account = MotoRdsAccount.create();
        s3.createBucket(r -> r.bucket(REPORTS_BUCKET));
        rds.clearFaults();
        metrics.reset();
        sent.clear();
    }

    @AfterEach
    void closeAccount() {
        account.close();
    }

    @Test
    void passesAClusterDrillValidatedOnTheWriterEndpointAndDeletesTheInstanceThenTheCluster() {
        productionClusterWithManualSnapshot("orders-aurora");

        ExecutionResult child = run(spec("orders-aurora"));

        JsonNode verdict = child.output().orElseThrow();
        assertThat(verdict.path("verdict").asText()).isEqualTo("PASSED");
        assertThat(verdict.path("reason").asText()).isEqualTo("2 checks passed");
        assertThat(verdict.path("instance").asText())
                .isEqualTo(TemporaryInstanceName.clusterInstance("orders-aurora", executionTaggedOnTheCluster()));
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(verdict.path("orphaned").asBoolean()).isFalse();
        // What changes something, on the wire: restore the cluster, turn its managed password on, add the instance;
        // then the instance deleted before the cluster.
        assertThat(sent.actions()).filteredOn(a -> !a.startsWith("Describe")).containsExactly(
                "RestoreDBClusterFromSnapshot", "ModifyDBCluster", "CreateDBInstance", "DeleteDBInstance",
                "DeleteDBCluster");
        assertThat(sent.requests("DeleteDBCluster")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("SkipFinalSnapshot", "true"));
        assertThat(reports()).singleElement().satisfies(report -> {
            assertThat(report.path("verdict").asText()).isEqualTo("PASSED");
            // Validate's subject: the cluster snapshot, restored, read through the cluster's writer endpoint.
            assertThat(report.toString()).contains("Aurora cluster snapshot orders-aurora-nightly (manual) of orders-aurora")
                    .contains("Deletion protection is off on orders-aurora: one delete-db-cluster call");
        });
        assertThat(metrics.toString(StandardCharsets.UTF_8)).contains("\"DrillSucceeded\":1");
        assertThat(drillClusters()).isEmpty();
        assertThat(drillInstances()).isEmpty();
        assertThat(clusterIds()).containsExactly("orders-aurora");
    }

    @Test
    void failsAClusterDrillWhoseCheckFailsAndStillDeletesEverything() {
        productionClusterWithManualSnapshot("orders-aurora");

        ExecutionResult child = run(spec("orders-aurora",
                check("orders-present", "SELECT count(*) FROM shop.orders", ">= 20000")));

        JsonNode verdict = child.output().orElseThrow();
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText())
                .isEqualTo("check orders-present failed: value 10000 does not satisfy >= 20000");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(reports()).singleElement()
                .satisfies(report -> assertThat(report.path("verdict").asText()).isEqualTo("FAILED"));
        assertThat(drillClusters()).isEmpty();
        assertThat(drillInstances()).isEmpty();
    }

    @Test
    void failsWithoutCreatingAClusterWhenTheOnlyClusterSnapshotsAreAutomated() {
        account.productionCluster("orders-aurora", false); // moto gives it one automated cluster snapshot

        ExecutionResult child = run(spec("orders-aurora"));

        JsonNode verdict = child.output().orElseThrow();
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText())
                .startsWith(NoIndependentBackupException.class.getName() + ": ")
                .contains("No independent backup of orders-aurora", "automated cluster snapshots die with the cluster");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("nothing-to-delete");
        assertThat(sent.actions()).doesNotContain("RestoreDBClusterFromSnapshot", "CreateDBInstance");
        assertThat(drillClusters()).isEmpty();
        assertThat(clusterIds()).containsExactly("orders-aurora");
    }

    @Test
    void theReaperDeletesAnExpiredDrillClusterWhoseInstanceIsAlreadyGoneAndOneWithItsInstance() throws Exception {
        productionClusterWithManualSnapshot("orders-aurora");
        // Two executions that crashed: one after its instance was created, one after only the cluster was restored.
        String crashed = "arn:aws:states:us-east-1:123456789012:execution:drill:crashed-" + UUID.randomUUID();
        String early = "arn:aws:states:us-east-1:123456789012:execution:drill:early-" + UUID.randomUUID();
        RestoreWiring restore = RestoreWiring.of(rds, Clock.systemUTC());
        io.restoredrill.core.workflow.DrillState withInstance = restore.restoreStep().restore(state(crashed));
        for (int poll = 0; poll < 3; poll++) {
            withInstance = restore.statusStep().status(withInstance);
        }
        restore.restoreStep().restore(state(early));
        assertThat(drillClusters()).hasSize(2);
        assertThat(drillInstances()).hasSize(1);
        Clock afterExpiry = Clock.fixed(Instant.now().plus(Duration.ofHours(7)), ZoneOffset.UTC);

        ReapReport report = CleanupWiring.of(rds, afterExpiry).reaper().reap();

        assertThat(report.clusters().deleted()).containsExactlyInAnyOrder(TemporaryInstanceName.of("orders-aurora", crashed),
                TemporaryInstanceName.of("orders-aurora", early));
        assertThat(report.deleted()).containsExactly(TemporaryInstanceName.clusterInstance("orders-aurora", crashed));
        assertThat(drillClusters()).isEmpty();
        assertThat(drillInstances()).isEmpty();
        assertThat(clusterIds()).containsExactly("orders-aurora");
    }

    @Test
    void theGuardRefusesToDeleteAProductionClusterTheStateNames() {
        account.productionCluster("orders-aurora", false);
        String forged = """
                {"drill": %s, "executionId": "exec-1", "cluster": {"id": "orders-aurora", "rdsStatus": "available"}}
                """.formatted(spec("orders-aurora"));
        CleanupHandler cleanup = new CleanupHandler(CleanupWiring.of(rds, Clock.systemUTC()).cleanupStep());

        assertThatThrownBy(() -> cleanup.handleRequest(new java.io.ByteArrayInputStream(
                forged.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null))
                .isInstanceOf(UnsafeDeletionException.class)
                .hasMessageContaining("refusing to delete cluster orders-aurora");
        assertThat(sent.actions()).doesNotContain("DeleteDBCluster", "DeleteDBInstance");
        assertThat(clusterIds()).containsExactly("orders-aurora");
    }

    private io.restoredrill.core.workflow.DrillState state(String execution) {
        return io.restoredrill.core.adapter.in.lambda.StateJson.read("{\"drill\": " + spec("orders-aurora")
                + ", \"executionId\": \"" + execution + "\"}");
    }

    private void productionClusterWithManualSnapshot(String cluster) {
        // Unprotected: moto gives a restored cluster its source's DeletionProtection whatever the request says (see
        // MotoRdsAccount#productionCluster); the request's DeletionProtection=false is asserted in core.
        account.productionCluster(cluster, false);
        account.manualClusterSnapshot(cluster, cluster + "-nightly");
    }

    /** A cluster drill spec: source.auroraCluster, no instance class (the cluster default), two of the shop checks. */
    private JsonNode spec(String name, JsonNode... checks) {
        ObjectNode spec = Json.MAPPER.createObjectNode();
        spec.put("name", name);
        spec.putObject("source").putObject("auroraCluster").put("dbClusterIdentifier", name);
        spec.put("maxBackupAgeHours", 26);
        ObjectNode target = spec.putObject("target").putObject("rds");
        target.put("dbSubnetGroupName", MotoRdsAccount.SUBNET_GROUP);
        target.putArray("vpcSecurityGroupIds").add(account.securityGroupId());
        ArrayNode list = spec.putArray("checks");
        if (checks.length == 0) {
            list.add(check("customers-present", "SELECT count(*) FROM shop.customers", ">= 2000"));
            list.add(check("orders-present", "SELECT count(*) FROM shop.orders", ">= 10000"));
        } else {
            list.addAll(List.of(checks));
        }
        return spec;
    }

    private static JsonNode check(String name, String sql, String expect) {
        return Json.MAPPER.createObjectNode().put("name", name).put("sql", sql).put("expect", expect);
    }

    /** One drill's child execution, as the Distributed Map starts it; it never fails, it ends with its verdict. */
    private static ExecutionResult run(JsonNode spec) {
        String night = "arn:aws:states:us-east-1:123456789012:execution:restore-drill:night-" + UUID.randomUUID();
        try (TaskHost host = TaskHost.start(handlers)) {
            ExecutionResult child = LocalExecution.runDrill(host, Json.childInput(spec, night, 0,
                    SimulatedNight.DEFAULT_RESTORE_SECONDS));
            assertThat(child.status()).as("child execution: %s", child).isEqualTo("SUCCEEDED");
            return child;
        }
    }

    /** The execution id the handlers saw: the one the drill's cluster is tagged with. */
    private static String executionTaggedOnTheCluster() {
        return sent.requests("RestoreDBClusterFromSnapshot").stream().findFirst()
                .flatMap(form -> form.entrySet().stream()
                        .filter(e -> e.getKey().endsWith(".Key") && e.getValue().equals("restore-drill:execution"))
                        .map(e -> form.get(e.getKey().replace(".Key", ".Value"))).findFirst())
                .orElseThrow();
    }

    private static List<String> drillClusters() {
        return clusterIds().stream().filter(TemporaryInstanceName::hasPrefix).toList();
    }

    private static List<String> clusterIds() {
        return moto.describeDBClusters().dbClusters().stream().map(DBCluster::dbClusterIdentifier).toList();
    }

    private static List<String> drillInstances() {
        return moto.describeDBInstances().dbInstances().stream().map(DBInstance::dbInstanceIdentifier)
                .filter(TemporaryInstanceName::hasPrefix).toList();
    }

    private static List<JsonNode> reports() {
        return s3.listObjectsV2(r -> r.bucket(REPORTS_BUCKET)).contents().stream()
                .map(S3Object::key)
                .filter(key -> key.startsWith("reports/") && ReportLayout.isReport(key.substring("reports/".length())))
                .map(key -> Json.parse(s3.getObjectAsBytes(r -> r.bucket(REPORTS_BUCKET).key(key)).asUtf8String()))
                .toList();
    }
}
