package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.history.ReportLayout;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.adapter.postgres.PostgresConnections;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.rds.RdsRequestRecorder;
import io.restoredrill.core.adapter.rds.RdsSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.domain.AwsThrottlingException;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.NoBackupFoundException;
import io.restoredrill.core.domain.NoIndependentBackupException;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.DumpFixtures;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.testing.TestPostgres;
import io.restoredrill.core.workflow.CleanupStep;
import io.restoredrill.lambda.cleanup.CleanupHandler;
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
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.UUID;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-drill definition (drill.asl.json, one child execution per drill) executed on the real ASL engine with its
 * Task states served by the REAL handlers (RestoreHandler,
 * StatusHandler, ValidateHandler, CleanupHandler, wired over the same adapters as in Lambda), against moto for RDS,
 * S3 and Secrets Manager, and an embedded PostgreSQL that plays the restored instance, loaded with the bundled
 * example's shop database (examples/shop/schema.sql). Each scenario asserts the verdict and asks moto
 * (DescribeDBInstances) whether the temporary instance is gone. {@link RestoreDrillWorkflowTest} drives the same
 * paths cheaply with simulated steps; here the handlers' own state document, exceptions and RDS calls meet the
 * definition.
 *
 * <p>Seams, each for something moto cannot do (all in {@link MotoRdsWithFaults}, the RDS client every handler
 * gets): the restored instance's endpoint (moto's host name is made up: it names the embedded server instead);
 * statuses {@code creating} and {@code failed} (moto makes restored instances {@code available} at once); a
 * DeleteDBInstance that keeps failing with a 500; an unreachable instance. Everything else is the handlers' and
 * moto's own behaviour, e.g. the snapshot choice, the managed secret the validate step logs in with, the report
 * in S3, the deletion guard.
 */
class RealHandlersWorkflowTest {

    private static final String REPORTS_BUCKET = "drill-reports";
    /** The user moto writes into every managed master-user secret: {"username": "admin", "password": ...}. */
    private static final String MOTO_SECRET_USER = "admin";
    private static final Path SHOP_SCHEMA = LocalExecution.MODULE.resolve("../examples/shop/schema.sql").normalize();

    private static RdsClient moto;
    /** What the handlers sent to RDS, on the wire. */
    private static final RdsRequestRecorder sent = new RdsRequestRecorder();
    private static MotoRdsWithFaults rds;
    private static S3Client s3;
    private static SecretsManagerClient secrets;
    private static final ByteArrayOutputStream metrics = new ByteArrayOutputStream();
    private static Map<String, StreamTask> handlers;

    private MotoRdsAccount account;
    /**
     * The remaining time (ms) the Lambda context reports to each validate invocation, in turn; when none is left,
     * no context (a full round).
     */
    private static final java.util.Deque<Integer> validateRemaining = new java.util.concurrent.ConcurrentLinkedDeque<>();

    @BeforeAll
    static void start() throws Exception {
        DatabaseEndpoint shop = loadShopDatabase();
        moto = MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient())
                .overrideConfiguration(c -> c.addExecutionInterceptor(sent)).build();
        rds = new MotoRdsWithFaults(moto, "localhost", shop.port());
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
        secrets = MotoServer.configure(SecretsManagerClient.builder()).httpClientBuilder(MotoServer.httpClient())
                .build();

        // The handlers as the Lambda runtime builds them, but over these clients. requireTls=false: the embedded
        // server has no certificate; RDS is always reached over verified TLS.
        RestoreWiring restore = RestoreWiring.of(rds, Clock.systemUTC());
        RestoreHandler restoreHandler = new RestoreHandler(restore.restoreStep());
        StatusHandler statusHandler = new StatusHandler(restore.statusStep());
        ValidateHandler validateHandler = new ValidateHandler(ValidateWiring.create(
                ValidateConfig.fromEnvironment(Map.of("REPORTS_BUCKET", REPORTS_BUCKET, "AWS_REGION",
                        MotoServer.REGION.id())),
                s3, secrets, new PrintStream(metrics, true, StandardCharsets.UTF_8), false, Optional.empty()));
        // As CleanupWiring.cleanupStep() builds it (its constructor is the module's own).
        CleanupHandler cleanupHandler = new CleanupHandler(
                new CleanupStep(new RdsTemporaryInstances(rds), new RdsSnapshotCopies(rds), Clock.systemUTC()));
        handlers = Map.of(
                "restore", (in, out) -> restoreHandler.handleRequest(in, out, null),
                "status", (in, out) -> statusHandler.handleRequest(in, out, null),
                "validate", (in, out) -> validateHandler.handleRequest(in, out, nextValidateContext()),
                "cleanup", (in, out) -> cleanupHandler.handleRequest(in, out, null));
    }

    /**
     * The "restored instance": the shop database on the embedded server, the only database besides postgres (so
     * the validate step picks it), readable by the user of moto's managed secret. The server trusts any password.
     */
    private static DatabaseEndpoint loadShopDatabase() throws IOException, SQLException {
        if (TestPostgres.databaseExists("shop")) {
            // ClusterWorkflowTest loaded the same database on this JVM's embedded server already.
            return TestPostgres.adminEndpoint().withDatabase("shop");
        }
        TestPostgres.execute(TestPostgres.adminEndpoint(), "CREATE DATABASE shop",
                "CREATE ROLE " + MOTO_SECRET_USER + " LOGIN",
                // RDS's master user is no superuser either; reading is all validation needs.
                "GRANT pg_read_all_data TO " + MOTO_SECRET_USER);
        DatabaseEndpoint shop = TestPostgres.adminEndpoint().withDatabase("shop");
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
        account = MotoRdsAccount.create(); // resets moto: no instance, snapshot, secret or bucket is left over
        s3.createBucket(r -> r.bucket(REPORTS_BUCKET));
        rds.clearFaults();
        validateRemaining.clear();
        metrics.reset();
        sent.clear();
    }

    @AfterEach
    void closeAccount() {
        account.close();
    }

    @Test
    void passesADrillWhoseChecksPassStoresTheReportAndDeletesTheInstance() throws Exception {
        productionWithManualSnapshot("orders");

        Run run = run(spec("orders"));

        assertThat(run.everyDrillPassed()).isTrue();
        JsonNode verdict = run.verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("PASSED");
        assertThat(verdict.path("reason").asText()).isEqualTo("3 checks passed");
        assertThat(verdict.path("instance").asText()).startsWith(TemporaryInstanceName.PREFIX + "orders-");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(verdict.path("orphaned").asBoolean()).isFalse();
        // Two polls: the first turns the managed password on, the second finds its secret active.
        assertThat(run.invocations()).containsExactly(1, 2, 1, 1);

        assertThat(reports()).singleElement().satisfies(report -> {
            assertThat(report.path("verdict").asText()).isEqualTo("PASSED");
            assertThat(report.path("checks")).extracting(check -> check.path("name").asText())
                    .containsExactly("customers-present", "orders-present", "every-order-has-items");
            // The proofs ran in validate, on the database standing in for the restored instance. Its login is no
            // superuser and may not create amcheck: integrity is SKIPPED with that reason, and the drill still passes.
            assertThat(report.path("proofs")).extracting(proof -> proof.path("name").asText() + " "
                    + proof.path("verdict").asText())
                    .containsExactly("integrity SKIPPED", "full-read PASSED", "schema SKIPPED");
            assertThat(report.at("/proofs/0/value").asText()).contains("permission denied to create extension");
            assertThat(report.path("schema").path("digest").asText()).startsWith("sha256:");
        });
        assertThat(metrics.toString(StandardCharsets.UTF_8)).contains("\"DrillSucceeded\":1");
        assertThat(drillInstances()).isEmpty();
        assertThat(instanceIds()).containsExactly("orders-prod");
    }

    @Test
    void failsTheDrillWithoutCreatingAnInstanceWhenTheOnlySnapshotsAreAutomated() {
        account.productionInstance("orders-prod", false); // moto gives it one automated snapshot, nothing else

        Run run = run(spec("orders"));

        JsonNode verdict = run.verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText())
                .startsWith(NoIndependentBackupException.class.getName() + ": ")
                .contains("No independent backup of orders-prod", "automated snapshots die with the instance");
        assertThat(verdict.path("instance").isNull()).isTrue();
        assertThat(verdict.path("cleanup").asText()).isEqualTo("nothing-to-delete");
        assertThat(run.failedDrills()).containsExactly(Json.MAPPER.valueToTree("orders"));
        assertThat(run.retries()).isEmpty();
        assertThat(run.invocations()).containsExactly(1, 0, 0, 1);
        assertThat(drillInstances()).isEmpty();
    }

    @Test
    void failsTheDrillWhenThereIsNoSnapshotAtAll() {
        Run run = run(spec("orders")); // orders-prod does not exist: no snapshot of it either

        JsonNode verdict = run.verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText())
                .startsWith(NoBackupFoundException.class.getName() + ": ")
                .contains("No available snapshot of orders-prod");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("nothing-to-delete");
        assertThat(run.invocations()).containsExactly(1, 0, 0, 1);
        assertThat(drillInstances()).isEmpty();
    }

    @Test
    void failsTheDrillWithoutValidatingWhenTheInstanceGoesToFailed() {
        productionWithManualSnapshot("orders");
        rds.reportStatus("orders", "failed");

        Run run = run(spec("orders"));

        JsonNode verdict = run.verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText()).startsWith("RestoreDrill.InstanceFailed: ");
        assertThat(verdict.path("instance").asText()).startsWith(TemporaryInstanceName.PREFIX + "orders-");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(run.invocations()).containsExactly(1, 1, 0, 1);
        assertThat(reports()).isEmpty();
        assertThat(drillInstances()).isEmpty();
    }

    @Test
    void givesUpAfterThePollCapWhenTheInstanceNeverBecomesAvailable() {
        productionWithManualSnapshot("orders");
        rds.reportStatus("orders", "creating");

        Run run = run(spec("orders"));

        JsonNode verdict = run.verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText()).startsWith("RestoreDrill.NeverAvailable: ");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        // The cap is the definition's own (waits take no time here): every poll a real DescribeDBInstances.
        assertThat(run.invocations()).containsExactly(1, DefinitionFacts.pollCap(), 0, 1);
        assertThat(drillInstances()).isEmpty();
    }

    @Test
    void failsTheDrillWithTheValidationsReasonWhenACheckFails() throws Exception {
        productionWithManualSnapshot("orders");

        Run run = run(spec("orders", check("orders-present", "SELECT count(*) FROM shop.orders", ">= 20000")));

        JsonNode verdict = run.verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText())
                .isEqualTo("check orders-present failed: value 10000 does not satisfy >= 20000");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(run.failedDrills()).containsExactly(Json.MAPPER.valueToTree("orders"));
        assertThat(reports()).singleElement()
                .satisfies(report -> assertThat(report.path("verdict").asText()).isEqualTo("FAILED"));
        assertThat(drillInstances()).isEmpty();
    }

    @Test
    void failsTheDrillAndDeletesTheInstanceWhenValidateThrows() throws Exception {
        productionWithManualSnapshot("orders");
        rds.unreachable("orders", closedPort());

        Run run = run(spec("orders"));

        JsonNode verdict = run.verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText())
                .startsWith(TemporaryDatabaseException.class.getName() + ": ")
                .contains("cannot list the databases of temporary instance " + verdict.path("instance").asText());
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(run.retries()).isEmpty();
        assertThat(run.invocations()).containsExactly(1, 2, 1, 1);
        assertThat(reports()).isEmpty(); // an unreachable instance may be passing: no FAILED report for it
        assertThat(drillInstances()).isEmpty();
    }

    @Test
    void retriesACleanupThatFailsOnceAndThenDeletesTheInstance() {
        productionWithManualSnapshot("orders");
        rds.failDeletes("orders", 1);

        Run run = run(spec("orders"));

        assertThat(run.everyDrillPassed()).isTrue();
        JsonNode verdict = run.verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("PASSED");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(verdict.path("orphaned").asBoolean()).isFalse();
        assertThat(run.retries()).containsExactly("Cleanup");
        assertThat(run.invocations()).containsExactly(1, 2, 1, 2);
        assertThat(drillInstances()).isEmpty();
    }

    @Test
    void failsTheExecutionNamingTheOrphanWhenCleanupCannotSucceed() {
        productionWithManualSnapshot("orders");
        rds.failDeletes("orders", Integer.MAX_VALUE);

        Run run = run(spec("orders"));

        JsonNode verdict = run.verdictOf("orders");
        String instance = verdict.path("instance").asText();
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("orphaned").asBoolean()).isTrue();
        assertThat(verdict.path("reason").asText())
                .startsWith("3 checks passed; then cleanup failed: " + AwsThrottlingException.class.getName())
                .contains("DeleteDBInstance " + instance, "InternalFailure, HTTP 500");
        assertThat(run.orphanedInstances())
                .containsExactly(Json.MAPPER.valueToTree("FAILED: orphan " + instance));
        assertThat(run.invocations().get(3)).isEqualTo(1 + DefinitionFacts.cleanupRetries());
        // The orphan the execution names is the instance that is left.
        assertThat(drillInstances()).containsExactly(instance);
    }

    @Test
    void runsAFleetToTheEndWhenOneDrillFailsAndDeletesEveryInstance() {
        for (String drill : List.of("orders", "billing", "inventory")) {
            productionWithManualSnapshot(drill);
        }

        Run run = run(spec("orders"),
                spec("billing", check("orders-present", "SELECT count(*) FROM shop.orders", ">= 20000")),
                spec("inventory"));

        assertThat(run.failedDrills()).containsExactly(Json.MAPPER.valueToTree("billing"));
        assertThat(run.orphanedInstances()).isEmpty();
        assertThat(run.verdicts()).extracting(verdict -> verdict.path("drill").asText() + " "
                        + verdict.path("verdict").asText() + " " + verdict.path("cleanup").asText())
                .containsExactly("orders PASSED deleted", "billing FAILED deleted", "inventory PASSED deleted");
        assertThat(run.invocations()).containsExactly(3, 6, 3, 3);
        assertThat(reports()).hasSize(3);
        assertThat(drillInstances()).isEmpty();
        assertThat(instanceIds()).containsExactlyInAnyOrder("orders-prod", "billing-prod", "inventory-prod");
    }

    @Test
    void restoresWithoutAManagedPasswordThenTurnsItOnThenValidatesWithTheSecretRdsCreated() {
        productionWithManualSnapshot("orders");

        Run run = run(spec("orders"));

        assertThat(run.verdictOf("orders").path("verdict").asText()).isEqualTo("PASSED");
        // restore -> enable-secret -> available: the order of the calls that change something, on the wire.
        assertThat(sent.actions()).filteredOn(a -> !a.startsWith("Describe"))
                .containsExactly("RestoreDBInstanceFromDBSnapshot", "ModifyDBInstance", "DeleteDBInstance");
        assertThat(sent.requests("RestoreDBInstanceFromDBSnapshot")).singleElement().satisfies(form -> assertThat(form)
                .doesNotContainKey("ManageMasterUserPassword").containsEntry("PubliclyAccessible", "false"));
        assertThat(sent.requests("ModifyDBInstance")).singleElement().satisfies(form -> assertThat(form)
                .containsOnlyKeys("Action", "Version", "DBInstanceIdentifier", "ManageMasterUserPassword",
                        "ApplyImmediately"));
        // Validate logged in with the secret RDS made on the modify (moto writes user "admin" into it).
        assertThat(reports()).singleElement()
                .satisfies(report -> assertThat(report.path("verdict").asText()).isEqualTo("PASSED"));
        assertThat(drillInstances()).isEmpty();
    }

    @Test
    void copiesASharedEncryptedSnapshotRestoresTheCopyAndDeletesBothAfterwards() {
        String shared = account.sharedEncryptedSnapshot("orders-prod", "orders-backup-1");
        ObjectNode spec = (ObjectNode) spec("orders");
        ((ObjectNode) spec.path("source").path("rdsSnapshot")).putObject("copyShared")
                .put("kmsKeyId", MotoRdsAccount.kmsKey(null));

        Run run = run(spec);

        JsonNode verdict = run.verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("PASSED");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(sent.actions()).filteredOn(a -> !a.startsWith("Describe")).containsExactly("CopyDBSnapshot",
                "RestoreDBInstanceFromDBSnapshot", "ModifyDBInstance", "DeleteDBInstance", "DeleteDBSnapshot");
        assertThat(sent.requests("CopyDBSnapshot")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("SourceDBSnapshotIdentifier", shared).containsEntry("CopyTags", "false"));
        String copy = sent.requests("CopyDBSnapshot").get(0).get("TargetDBSnapshotIdentifier");
        assertThat(sent.requests("RestoreDBInstanceFromDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("DBSnapshotIdentifier", copy));
        // Restore (copy), then polls: restore the copy, enable the secret, available.
        assertThat(run.invocations()).containsExactly(1, 3, 1, 1);
        assertThat(drillInstances()).isEmpty();
        assertThat(moto.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots())
                .noneMatch(s -> TemporaryInstanceName.hasPrefix(s.dbSnapshotIdentifier()));
    }

    @Test
    void aDrillWhoseProofsNeedTwoRoundsInvokesValidateAgainAndReportsEveryProofOnce() throws Exception {
        productionWithManualSnapshot("orders");
        // The first round has no time left for proofs (its checks took it, say): exactly the margin remains.
        validateRemaining.add((int) io.restoredrill.core.workflow.ValidateStep.ROUND_MARGIN.toMillis());

        Run run = run(spec("orders"));

        JsonNode verdict = run.verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("PASSED");
        assertThat(verdict.path("reason").asText()).isEqualTo("3 checks passed");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(run.invocations()).containsExactly(1, 2, 2, 1);
        assertThat(reports()).singleElement().satisfies(report -> {
            assertThat(report.path("checks")).hasSize(3);
            assertThat(report.path("proofs")).extracting(proof -> proof.path("name").asText() + " "
                    + proof.path("verdict").asText())
                    .containsExactly("integrity SKIPPED", "full-read PASSED", "schema SKIPPED");
            assertThat(report.at("/proofs/1/value").asText()).matches("(\\d+) of \\1 tables read completely, .*")
                    .doesNotStartWith("0 of");
        });
        assertThat(s3.listObjectsV2(r -> r.bucket(REPORTS_BUCKET)).contents()).extracting(S3Object::key)
                .anyMatch(key -> key.startsWith("reports/orders/in-progress/"));
        assertThat(metrics.toString(StandardCharsets.UTF_8)).contains("\"DrillSucceeded\":1");
        assertThat(drillInstances()).isEmpty();
    }

    @Test
    void aDrillThatRunsOutOfValidateRoundsEndsWithAReportSayingWhatWasNotProvenAndDeletesItsInstance() {
        productionWithManualSnapshot("orders");
        for (int round = 0; round < DefinitionFacts.validateRounds(); round++) {
            validateRemaining.add((int) io.restoredrill.core.workflow.ValidateStep.ROUND_MARGIN.toMillis());
        }

        Run run = run(spec("orders"));

        JsonNode verdict = run.verdictOf("orders");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(run.invocations()).containsExactly(1, 2, DefinitionFacts.validateRounds(), 1);
        String ended = "the drill's last validate round (round " + DefinitionFacts.validateRounds() + ") ended";
        assertThat(reports()).singleElement().satisfies(report -> {
            assertThat(report.at("/proofs/1/name").asText()).isEqualTo("full-read");
            assertThat(report.at("/proofs/1/verdict").asText()).isEqualTo("INCOMPLETE");
            assertThat(report.at("/proofs/1/findings/0").asText()).startsWith("not read, " + ended + ": ")
                    .contains("shop.customers", "shop.order_items", "shop.orders");
            assertThat(report.at("/proofs/1/value").asText()).startsWith("0 of 7 tables read completely");
        });
        // INCOMPLETE is never passed and never failed: the checks passed, the report says what was not proven.
        assertThat(verdict.path("verdict").asText()).isEqualTo("PASSED");
        assertThat(drillInstances()).isEmpty();
    }

    @Test
    void restoresAPgDumpallDumpFromS3IntoTheBlankInstanceChecksEachDatabaseAndDeletesTheInstance() throws Exception {
        uploadDump("cluster/cluster.sql.gz", Files.readAllBytes(DumpFixtures.file(15, "cluster.sql.gz")));

        try (BlankInstance blank = BlankInstance.servingThe("cluster")) {
            Run run = run(dumpSpec("cluster",
                    checkIn("inventory", "items-counted", "SELECT count(*) FROM public.items", "= 10"),
                    checkIn("shop", "orders-counted", "SELECT count(*) FROM shop.orders", "= 30")));

            JsonNode verdict = run.verdictOf("cluster");
            assertThat(verdict.path("verdict").asText()).as(verdict.toString()).isEqualTo("PASSED");
            assertThat(verdict.path("reason").asText()).isEqualTo("2 checks passed");
            assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
            // One validate round: a pg_dumpall dump is proven in the round that restores it.
            assertThat(run.invocations().subList(2, 4)).containsExactly(1, 1);
            assertThat(sent.actions()).filteredOn(a -> !a.startsWith("Describe"))
                    .startsWith("CreateDBInstance").endsWith("DeleteDBInstance");
            assertThat(reports()).singleElement().satisfies(report -> {
                assertThat(report.path("verdict").asText()).isEqualTo("PASSED");
                assertThat(report.at("/backup/location").asText()).isEqualTo("s3://backups/cluster/cluster.sql.gz");
                assertThat(report.at("/restore/databases")).extracting(d -> d.path("name").asText())
                        .containsExactly("template1", "inventory", "postgres", "shop");
                assertThat(report.path("checks")).extracting(c -> c.path("value").asText()).containsExactly("10", "30");
                assertThat(report.path("tables")).anySatisfy(t -> assertThat(t.path("database").asText()
                        + "." + t.path("table").asText() + "=" + t.path("rows").asLong()).isEqualTo("shop.orders=30"));
            });
            // The data is on the instance (deleted in RDS; the embedded server stays until this test stops it).
            assertThat(blank.databases()).filteredOn(name -> name.startsWith("restore_drill_"))
                    .anyMatch(name -> name.endsWith("_shop")).anyMatch(name -> name.endsWith("_inventory"));
        }
        assertThat(drillInstances()).isEmpty();
    }

    @Test
    void failsADrillWhosePgDumpallDumpInS3IsCutOffAndDeletesTheInstance() throws Exception {
        String script;
        Path cluster = DumpFixtures.file(15, "cluster.sql.gz");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(cluster))) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Cut between two databases: what was restored looks whole; only the missing last line tells.
        uploadDump("cluster/cluster.sql", script.substring(0, script.indexOf("-- Database \"shop\" dump"))
                .getBytes(StandardCharsets.UTF_8));

        try (BlankInstance blank = BlankInstance.servingThe("cluster")) {
            Run run = run(dumpSpec("cluster", checkIn("shop", "orders-counted", "SELECT count(*) FROM shop.orders",
                    "= 30")));

            JsonNode verdict = run.verdictOf("cluster");
            assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
            assertThat(verdict.path("reason").asText())
                    .startsWith(BackupUnusableException.class.getName() + ": ")
                    .contains("s3://backups/cluster/cluster.sql is truncated",
                            "-- PostgreSQL database cluster dump complete");
            assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
            assertThat(reports()).singleElement()
                    .satisfies(report -> assertThat(report.path("verdict").asText()).isEqualTo("FAILED"));
        }
        assertThat(drillInstances()).isEmpty();
    }

    /**
     * The blank instance an S3-dump drill's restore step creates, played by an embedded PostgreSQL of its own (the
     * dump's databases stay on it, as on the instance until cleanup deletes it, and must not meet the snapshot
     * drills' shop database). Validate logs in with moto's managed secret, whose user is made here what RDS makes a
     * master user: CREATEDB and CREATEROLE, no superuser.
     */
    private record BlankInstance(EmbeddedPostgres server) implements AutoCloseable {

        static BlankInstance servingThe(String drill) throws IOException {
            EmbeddedPostgres server = EmbeddedPostgres.builder().start();
            TestPostgres.execute(admin(server, "postgres"), "CREATE ROLE " + MOTO_SECRET_USER
                    + " LOGIN CREATEDB CREATEROLE");
            rds.servedBy(drill, server.getPort());
            return new BlankInstance(server);
        }

        private static DatabaseEndpoint admin(EmbeddedPostgres server, String database) {
            return new DatabaseEndpoint("localhost", server.getPort(), database, "postgres", Optional.empty(), false);
        }

        List<String> databases() throws SQLException {
            List<String> names = new ArrayList<>();
            try (Connection c = TestPostgres.connect(admin(server, "postgres")); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT datname FROM pg_database")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static void uploadDump(String key, byte[] content) {
        s3.createBucket(r -> r.bucket("backups"));
        s3.putObject(r -> r.bucket("backups").key(key), RequestBody.fromBytes(content));
    }

    /** A drill spec whose backups are the dumps under s3://backups/{name}/, loaded into a blank instance. */
    private JsonNode dumpSpec(String name, JsonNode... checks) {
        ObjectNode spec = Json.MAPPER.createObjectNode();
        spec.put("name", name);
        spec.putObject("source").put("s3", "s3://backups/" + name + "/");
        spec.put("maxBackupAgeHours", 26);
        ObjectNode target = spec.putObject("target").putObject("rds");
        target.put("instanceClass", "db.t4g.medium");
        target.put("dbSubnetGroupName", MotoRdsAccount.SUBNET_GROUP);
        target.putArray("vpcSecurityGroupIds").add(account.securityGroupId());
        spec.putArray("checks").addAll(List.of(checks));
        return spec;
    }

    private static JsonNode checkIn(String database, String name, String sql, String expect) {
        return ((ObjectNode) check(name, sql, expect)).put("database", database);
    }

    /** The Lambda context of the next validate invocation: the next remaining time given, else none. */
    private static com.amazonaws.services.lambda.runtime.Context nextValidateContext() {
        Integer millis = validateRemaining.poll();
        if (millis == null) {
            return null;
        }
        return (com.amazonaws.services.lambda.runtime.Context) java.lang.reflect.Proxy.newProxyInstance(
                RealHandlersWorkflowTest.class.getClassLoader(),
                new Class<?>[] {com.amazonaws.services.lambda.runtime.Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> millis;
                    case "toString" -> "context with " + millis + " ms left";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /**
     * One night: the child definition (drill.asl.json) run once per drill, each its own execution as each is its own
     * child execution of the Distributed Map on AWS, with the input the parent's ItemSelector builds and the parent's
     * execution id. The parent itself (plan, summarize) is covered by {@link RestoreDrillWorkflowTest} and
     * {@link FleetSimulationTest}; here the real step handlers are what is tested.
     */
    private static Run run(JsonNode... specs) {
        String night = "arn:aws:states:us-east-1:123456789012:execution:restore-drill:night-" + UUID.randomUUID();
        List<ExecutionResult> children = new ArrayList<>();
        try (TaskHost host = TaskHost.start(handlers)) {
            for (int index = 0; index < specs.length; index++) {
                ExecutionResult child = LocalExecution.runDrill(host, Json.childInput(specs[index], night, index,
                        SimulatedNight.DEFAULT_RESTORE_SECONDS));
                // A child never fails: it ends with its verdict, after its cleanup ran.
                assertThat(child.status()).as("child execution of %s: %s", specs[index], child).isEqualTo("SUCCEEDED");
                children.add(child);
            }
            return new Run(List.copyOf(children), List.of(host.invocations("restore"), host.invocations("status"),
                    host.invocations("validate"), host.invocations("cleanup")));
        }
    }

    /**
     * @param children    each drill's child execution, in the order of the drills
     * @param invocations how often the engine invoked restore, status, validate and cleanup, retries included
     */
    private record Run(List<ExecutionResult> children, List<Integer> invocations) {

        List<JsonNode> verdicts() {
            return children.stream().map(child -> child.output().orElseThrow()).toList();
        }

        JsonNode verdictOf(String drill) {
            return verdicts().stream().filter(verdict -> drill.equals(verdict.path("drill").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("no verdict for " + drill + " in " + verdicts()));
        }

        boolean everyDrillPassed() {
            return verdicts().stream().allMatch(verdict -> verdict.path("verdict").asText().equals("PASSED"));
        }

        List<JsonNode> failedDrills() {
            return verdicts().stream().filter(verdict -> verdict.path("verdict").asText().equals("FAILED"))
                    .map(verdict -> verdict.path("drill")).toList();
        }

        List<JsonNode> orphanedInstances() {
            return verdicts().stream().filter(verdict -> verdict.path("orphaned").asBoolean())
                    .map(verdict -> verdict.path("cleanup")).toList();
        }

        List<String> retries() {
            return children.stream().flatMap(child -> child.retries().stream()).toList();
        }
    }

    private void productionWithManualSnapshot(String drill) {
        // Unprotected: moto 5.2.1 gives a restored instance the DeletionProtection of the snapshot's source instance
        // and ignores the request's DeletionProtection=false (it skips falsy overrides), so a protected production
        // instance would make every drill instance undeletable, in moto only. RDS takes the request's value.
        account.productionInstance(drill + "-prod", false);
        account.manualSnapshot(drill + "-prod", drill + "-prod-nightly");
    }

    /** A drill spec as the CLI's drill files have it, with checks from the bundled example's checks.yaml. */
    private JsonNode spec(String name, JsonNode... checks) {
        ObjectNode spec = Json.MAPPER.createObjectNode();
        spec.put("name", name);
        spec.putObject("source").putObject("rdsSnapshot").put("dbInstanceIdentifier", name + "-prod");
        spec.put("maxBackupAgeHours", 26);
        ObjectNode target = spec.putObject("target").putObject("rds");
        target.put("instanceClass", "db.t4g.medium");
        target.put("dbSubnetGroupName", MotoRdsAccount.SUBNET_GROUP);
        target.putArray("vpcSecurityGroupIds").add(account.securityGroupId());
        ArrayNode list = spec.putArray("checks");
        if (checks.length == 0) {
            list.add(check("customers-present", "SELECT count(*) FROM shop.customers", ">= 2000"));
            list.add(check("orders-present", "SELECT count(*) FROM shop.orders", ">= 10000"));
            list.add(check("every-order-has-items", "SELECT count(*) FROM shop.orders o WHERE NOT EXISTS"
                    + " (SELECT 1 FROM shop.order_items i WHERE i.order_id = o.id)", "= 0"));
        } else {
            list.addAll(List.of(checks));
        }
        return spec;
    }

    private static JsonNode check(String name, String sql, String expect) {
        return Json.MAPPER.createObjectNode().put("name", name).put("sql", sql).put("expect", expect);
    }

    /** The drills' temporary instances that exist, as moto has them (not through the faults). */
    private static List<String> drillInstances() {
        return instanceIds().stream().filter(TemporaryInstanceName::hasPrefix).toList();
    }

    private static List<String> instanceIds() {
        return moto.describeDBInstances().dbInstances().stream().map(DBInstance::dbInstanceIdentifier).toList();
    }

    /**
     * The drill reports in the reports bucket: not the copies of passed ones kept as the next baseline, validate's
     * work files or the restore-time trend windows (the layout's own rule, {@link ReportLayout#isReport}).
     */
    private static List<JsonNode> reports() {
        return s3.listObjectsV2(r -> r.bucket(REPORTS_BUCKET)).contents().stream()
                .map(S3Object::key)
                .filter(key -> key.startsWith("reports/") && ReportLayout.isReport(key.substring("reports/".length())))
                .map(key -> Json.parse(s3.getObjectAsBytes(r -> r.bucket(REPORTS_BUCKET).key(key)).asUtf8String()))
                .toList();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
