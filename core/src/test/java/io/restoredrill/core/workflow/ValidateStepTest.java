package io.restoredrill.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.adapter.in.lambda.StateJson;
import io.restoredrill.core.adapter.metrics.EmfDrillMetrics;
import io.restoredrill.core.adapter.postgres.DumpRestorers;
import io.restoredrill.core.adapter.postgres.JdbcDatabaseInspector;
import io.restoredrill.core.adapter.postgres.PostgresProofs;
import io.restoredrill.core.adapter.postgres.ScratchServerDatabases;
import io.restoredrill.core.adapter.s3.S3ProgressStore;
import io.restoredrill.core.adapter.s3.S3ReportStore;
import io.restoredrill.core.adapter.s3.S3RestoreTrendStore;
import io.restoredrill.core.adapter.secrets.SecretsManagerCredentials;
import io.restoredrill.core.adapter.source.S3BackupSource;
import io.restoredrill.core.adapter.source.S3Location;
import io.restoredrill.core.domain.BackupTooOldException;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The validate step end to end: an embedded PostgreSQL stands in for the restored RDS instance (without TLS),
 * moto for Secrets Manager and the S3 buckets, the real inspector, loader, report store and EMF writer.
 */
class ValidateStepTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:30:00Z");
    // The restore was requested ten minutes ago: the restore step set expiresAt to then + the 6 h default TTL.
    private static final Instant EXPIRES_AT = NOW.minus(Duration.ofMinutes(10)).plus(Duration.ofHours(6));
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:restore-drill:nightly-1";
    private static final String REPORTS = "drill-reports";
    private static final String PASSWORD = "hunter2-managed-by-rds";
    private static final String TARGET = """
            "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill-isolated",
                               "vpcSecurityGroupIds": ["sg-0abc"]}}""";

    /** The "restored snapshot": its own server, so the list of databases on it is this test's alone. */
    private static EmbeddedPostgres restoredInstance;
    private static S3Client s3;
    private static SecretsManagerClient secrets;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream emf = new ByteArrayOutputStream();
    private ValidateStep step;
    private String secretArn;

    @BeforeAll
    static void start() throws Exception {
        restoredInstance = EmbeddedPostgres.builder().start();
        DatabaseEndpoint admin = endpoint(restoredInstance.getPort(), "postgres");
        TestPostgres.execute(admin, "CREATE DATABASE orders");
        TestPostgres.execute(endpoint(restoredInstance.getPort(), "orders"),
                "CREATE TABLE customers (id int PRIMARY KEY, name text)",
                "INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')",
                "CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers, total numeric)",
                "INSERT INTO orders SELECT g, 1 + g % 3, g * 10 FROM generate_series(1, 5) g");
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
        secrets = MotoServer.configure(SecretsManagerClient.builder()).httpClientBuilder(MotoServer.httpClient()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        restoredInstance.close();
        s3.close();
        secrets.close();
    }

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        s3.createBucket(r -> r.bucket(REPORTS));
        // As RDS writes it; the embedded server trusts any password.
        secretArn = secrets.createSecret(r -> r.name("rds!db-0123")
                .secretString("{\"username\":\"postgres\",\"password\":\"" + PASSWORD + "\"}")).arn();
        step = new ValidateStep(new SecretsManagerCredentials(secrets), new JdbcDatabaseInspector(),
                new PostgresProofs(), new S3ReportStore(s3, REPORTS, "reports"),
                new S3ProgressStore(s3, REPORTS, "reports"), new S3RestoreTrendStore(s3, REPORTS, "reports"),
                new EmfDrillMetrics(new PrintStream(emf, true, StandardCharsets.UTF_8), "RestoreDrill",
                        Clock.fixed(NOW, ZoneOffset.UTC)),
                new ValidateStep.DumpLoading(DumpRestorers.standard(),
                        dumps -> new S3BackupSource(s3, new S3Location(dumps.bucket(), dumps.prefix())),
                        ScratchServerDatabases::new),
                Clock.fixed(NOW, ZoneOffset.UTC), false, Optional.empty());
    }

    private static DatabaseEndpoint endpoint(int port, String database) {
        return new DatabaseEndpoint("localhost", port, database, "postgres", Optional.empty(), false);
    }

    private static JsonNode drill(String source, String checks) throws Exception {
        return JSON.readTree("{\"name\": \"orders\", \"source\": " + source + ", \"maxBackupAgeHours\": 26, "
                + TARGET + ", \"checks\": " + checks + "}");
    }

    private static JsonNode snapshotDrill(String checks) throws Exception {
        return drill("{\"rdsSnapshot\": {\"dbInstanceIdentifier\": \"orders-prod\"}}", checks);
    }

    private DrillState restored(JsonNode drill, int port) {
        return DrillState.start(StateJson.drill(drill), EXECUTION)
                .withBackup(new DrillState.Backup("rds-snapshot", "orders-prod-2026-11-26",
                        "arn:aws:rds:us-east-1:123456789012:snapshot:orders-prod-2026-11-26", "manual",
                        Instant.parse("2026-11-26T00:00:00Z"), 3.5, true, Optional.empty()))
                .withInstance(new DrillState.Instance("rd-orders-nightly-1", InstanceStatus.AVAILABLE, "available",
                        Optional.of(new DrillState.Endpoint("localhost", port)), Optional.of(secretArn),
                        Optional.of("postgres"), EXPIRES_AT));
    }

    private static JsonNode report(String location) throws Exception {
        String key = location.substring(("s3://" + REPORTS + "/").length());
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(REPORTS).key(key)).asUtf8String());
    }

    private static List<String> reportKeys() {
        return s3.listObjectsV2(r -> r.bucket(REPORTS)).contents().stream().map(S3Object::key).sorted().toList();
    }

    private JsonNode emfLine() throws Exception {
        List<String> lines = emf.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        return JSON.readTree(lines.get(0));
    }

    private static final String ORDER_CHECKS = """
            [{"name": "orders present", "sql": "SELECT count(*) FROM orders", "expect": ">= 5"},
             {"name": "every order has a customer",
              "sql": "SELECT count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer WHERE c.id IS NULL",
              "expect": "= 0"}]""";

    @Test
    void aPassingSnapshotDrillStoresAPassedReportAndPublishesSuccess() throws Exception {
        DrillState result = step.validate(restored(snapshotDrill(ORDER_CHECKS), restoredInstance.getPort()));

        DrillState.Validation validation = result.validation().orElseThrow();
        assertThat(validation.verdict()).isEqualTo("PASSED");
        assertThat(validation.failureReason()).isEmpty();
        assertThat(validation.checksPassed()).isEqualTo(2);
        assertThat(validation.checksFailed()).isZero();
        assertThat(validation.tablesRead()).isEqualTo(2);
        assertThat(validation.restoreMillis()).isEqualTo(600_000);
        assertThat(validation.reportLocation())
                .contains("s3://drill-reports/reports/orders/2026/11/26/nightly-1.json");
        assertThat(result.backup()).isEqualTo(restored(snapshotDrill(ORDER_CHECKS), 1).backup());

        JsonNode report = report(validation.reportLocation().orElseThrow());
        assertThat(report.get("verdict").asText()).isEqualTo("PASSED");
        assertThat(report.get("drillName").asText()).isEqualTo("orders");
        assertThat(report.get("source").asText()).contains("orders-prod-2026-11-26").contains("manual");
        assertThat(report.get("target").asText()).contains("rd-orders-nightly-1").endsWith("/orders)");
        assertThat(report.findValuesAsText("name")).contains("orders present", "every order has a customer");
        assertThat(report.at("/checks/0/value").asText()).isEqualTo("5");
        List<String> tables = new ArrayList<>();
        report.get("tables").forEach(t -> tables.add(t.get("table").asText() + "=" + t.get("rows").asLong()));
        assertThat(tables).containsExactly("customers=3", "orders=5");
        assertThat(reportKeys()).contains("reports/orders/latest.json");

        JsonNode metrics = emfLine();
        assertThat(metrics.get("Drill").asText()).isEqualTo("orders");
        assertThat(metrics.get("DrillSucceeded").asInt()).isEqualTo(1);
        assertThat(metrics.get("RestoreSeconds").asDouble()).isEqualTo(600.0);
        assertThat(metrics.get("BackupAgeHours").asDouble()).isEqualTo(3.5);
        assertThat(metrics.get("ChecksFailed").asInt()).isZero();
        assertThat(metrics.has("RestoreTimeVsRecentMedian")).as("no passing drill to compare with yet").isFalse();
        assertThat(metrics.has("RestoreTimeObjectiveMissed")).as("the drill declares no objective").isFalse();
        assertThat(trend()).isEqualTo("[600.0]");
    }

    @Test
    void logsInWithTheSpecsLoginSecretInsteadOfTheInstancesManagedOne() throws Exception {
        TestPostgres.execute(endpoint(restoredInstance.getPort(), "postgres"),
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'drill_reader') THEN"
                        + " CREATE ROLE drill_reader LOGIN; END IF; END $$",
                "GRANT pg_read_all_data TO drill_reader");
        String login = secrets.createSecret(r -> r.name("restore-drill/orders-reader")
                .secretString("{\"username\":\"drill_reader\",\"password\":\"reader-password\"}")).arn();
        ObjectNode drill = (ObjectNode) snapshotDrill("""
                [{"name": "logged in as the reader",
                  "sql": "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND rolname = 'drill_reader'",
                  "expect": "= 1"},
                 {"name": "orders present", "sql": "SELECT count(*) FROM orders", "expect": ">= 5"}]""");
        drill.putObject("login").put("secretArn", login);
        DrillState state = restored(drill, restoredInstance.getPort());
        // No managed secret at all: an AWS Backup restore keeps production's, which restore-drill never reads.
        DrillState.Instance instance = state.instance().orElseThrow();
        state = state.withInstance(new DrillState.Instance(instance.id(), instance.status(), instance.rdsStatus(),
                instance.endpoint(), Optional.empty(), Optional.empty(), instance.expiresAt()));

        DrillState result = step.validate(state);

        assertThat(result.validation().orElseThrow().verdict()).as(result.validation().toString()).isEqualTo("PASSED");
        assertThat(result.validation().orElseThrow().checksPassed()).isEqualTo(2);
    }

    private static String trend() throws Exception {
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(REPORTS).key("reports/orders/trend.json"))
                .asUtf8String()).get("restoreSeconds").toString();
    }

    @Test
    void aPassingDrillPublishesItsRestoreTimeAgainstTheMedianOfThePassingDrillsBeforeItAndJoinsThem()
            throws Exception {
        s3.putObject(r -> r.bucket(REPORTS).key("reports/orders/trend.json"),
                RequestBody.fromString("{\"drill\":\"orders\",\"restoreSeconds\":[380,400,400,420,500]}"));

        step.validate(restored(snapshotDrill(ORDER_CHECKS), restoredInstance.getPort()));

        // 600 s tonight against a median of 400 s: 1.5, above the trend alarm's 1.3.
        assertThat(emfLine().get("RestoreTimeVsRecentMedian").asDouble()).isEqualTo(1.5);
        assertThat(trend()).isEqualTo("[380.0,400.0,400.0,420.0,500.0,600.0]");
    }

    @Test
    void aDrillOverItsRestoreTimeObjectivePublishesTheObjectiveAndTheMiss() throws Exception {
        ObjectNode drill = (ObjectNode) snapshotDrill(ORDER_CHECKS);
        drill.putObject("objectives").put("restoreTime", "5m").put("recoveryPoint", "26h");

        DrillState result = step.validate(restored(drill, restoredInstance.getPort()));

        assertThat(result.validation().orElseThrow().verdict()).as("a missed objective does not fail the drill")
                .isEqualTo("PASSED");
        JsonNode metrics = emfLine();
        assertThat(metrics.get("RestoreTimeObjectiveSeconds").asDouble()).isEqualTo(300.0);
        assertThat(metrics.get("RestoreTimeObjectiveMissed").asInt()).isEqualTo(1);
        assertThat(metrics.get("RecoveryPointObjectiveHours").asDouble()).isEqualTo(26.0);
        // The objective's own figure: the backup (00:00) against when the restore was requested (03:20).
        assertThat(metrics.get("RecoveryPointHours").asDouble()).isCloseTo(10.0 / 3, within(1e-9));
        assertThat(metrics.get("RecoveryPointObjectiveMissed").asInt()).isZero();
    }

    @Test
    void aTableThatShrankSinceTheLastPassingDrillFailsIt() throws Exception {
        // The last passing night counted 10 orders; tonight's backup holds 5: half the rows are gone.
        io.restoredrill.core.domain.DrillReport lastNight = new io.restoredrill.core.domain.DrillReport(
                "earlier", "orders", io.restoredrill.core.domain.Verdict.PASSED, Optional.empty(), "orders-prod",
                Optional.empty(), Optional.empty(), NOW.minus(java.time.Duration.ofDays(1)),
                new io.restoredrill.core.domain.DrillReport.Timings(1, 1, 2), Optional.empty(), List.of(),
                List.of(new io.restoredrill.core.domain.TableRowCount("public", "customers", 3),
                        new io.restoredrill.core.domain.TableRowCount("public", "orders", 10)), List.of());
        s3.putObject(r -> r.bucket(REPORTS).key("reports/orders/latest.json"),
                software.amazon.awssdk.core.sync.RequestBody.fromString(
                        io.restoredrill.core.adapter.config.ReportJson.toJson(lastNight)));

        DrillState result = step.validate(restored(snapshotDrill(ORDER_CHECKS), restoredInstance.getPort()));

        DrillState.Validation validation = result.validation().orElseThrow();
        assertThat(validation.verdict()).isEqualTo("FAILED");
        assertThat(validation.failureReason().orElseThrow())
                .contains("public.orders shrank from 10 to 5 rows (-50.0%) since the last passing drill")
                .doesNotContain("customers");
        assertThat(report(validation.reportLocation().orElseThrow()).at("/shrinkage/0/table").asText())
                .isEqualTo("public.orders");
        assertThat(reportKeys()).as("a failed drill does not join the trend window")
                .doesNotContain("reports/orders/trend.json");
    }

    @Test
    void provesIntegrityFullReadAndSchemaOnTheRestoredInstanceAndReportsThem() throws Exception {
        DrillState result = step.validate(restored(snapshotDrill(ORDER_CHECKS), restoredInstance.getPort()));

        assertThat(result.validation().orElseThrow().verdict()).isEqualTo("PASSED");
        JsonNode report = report(result.validation().orElseThrow().reportLocation().orElseThrow());
        assertThat(report.at("/proofs").findValuesAsText("name")).containsExactly("integrity", "full-read", "schema");
        assertThat(report.at("/proofs/0/verdict").asText()).isEqualTo("PASSED");
        assertThat(report.at("/proofs/0/value").asText()).contains("2 of 2 indexes").contains("no corruption");
        assertThat(report.at("/proofs/1/verdict").asText()).isEqualTo("PASSED");
        assertThat(report.at("/proofs/1/value").asText()).contains("2 of 2 tables read completely, 8 rows");
        assertThat(report.at("/proofs/2/verdict").asText()).as("the first night has nothing to compare with")
                .isEqualTo("SKIPPED");
        assertThat(report.at("/schema/objects").findValuesAsText("name")).contains("public.orders.customer");
        // amcheck was created for the proof and dropped again: the restored database is as the snapshot left it.
        assertThat(new io.restoredrill.core.adapter.postgres.CatalogSchemaFingerprinter()
                .read(endpoint(restoredInstance.getPort(), "orders"), Duration.ofSeconds(30)).digest())
                .isEqualTo(report.at("/schema/digest").asText());
    }

    @Test
    void aColumnTheLastPassingDrillHadFailsTheSchemaProof() throws Exception {
        // The last passing night's schema had orders.discount; the restored snapshot has no such column.
        io.restoredrill.core.domain.SchemaFingerprint tonight = new io.restoredrill.core.adapter.postgres
                .CatalogSchemaFingerprinter().read(endpoint(restoredInstance.getPort(), "orders"), Duration.ofSeconds(30));
        List<io.restoredrill.core.domain.SchemaObject> objects = new ArrayList<>(tonight.objects());
        objects.add(new io.restoredrill.core.domain.SchemaObject(io.restoredrill.core.domain.SchemaObject.Kind.COLUMN,
                "public.orders.discount", "numeric"));
        io.restoredrill.core.domain.DrillReport lastNight = new io.restoredrill.core.domain.DrillReport(
                "earlier", "orders", io.restoredrill.core.domain.Verdict.PASSED, Optional.empty(), "orders-prod",
                Optional.empty(), Optional.empty(), NOW.minus(Duration.ofDays(1)),
                new io.restoredrill.core.domain.DrillReport.Timings(1, 1, 2), Optional.empty(), List.of(),
                List.of(new io.restoredrill.core.domain.TableRowCount("public", "customers", 3),
                        new io.restoredrill.core.domain.TableRowCount("public", "orders", 5)), List.of())
                .withProofs(List.of(), Optional.of(io.restoredrill.core.domain.SchemaFingerprint.of(objects)));
        s3.putObject(r -> r.bucket(REPORTS).key("reports/orders/latest.json"), RequestBody.fromString(
                io.restoredrill.core.adapter.config.ReportJson.toJson(lastNight)));

        DrillState result = step.validate(restored(snapshotDrill(ORDER_CHECKS), restoredInstance.getPort()));

        DrillState.Validation validation = result.validation().orElseThrow();
        assertThat(validation.verdict()).isEqualTo("FAILED");
        assertThat(validation.failureReason().orElseThrow()).startsWith("proof schema failed: 1 lost, 0 changed"
                + " (0 breaking), 0 added against baseline s3://drill-reports/reports/orders/latest.json (lost column"
                + " public.orders.discount numeric)");
        assertThat(report(validation.reportLocation().orElseThrow()).at("/proofs/2/verdict").asText())
                .isEqualTo("FAILED");
    }

    @Test
    void theFirstDrillHasNoBaselineAndPasses() throws Exception {
        assertThat(reportKeys()).isEmpty();

        DrillState result = step.validate(restored(snapshotDrill(ORDER_CHECKS), restoredInstance.getPort()));

        assertThat(result.validation().orElseThrow().verdict()).isEqualTo("PASSED");
    }

    @Test
    void theReportCarriesTheGuardrailAuditOfTheProductionInstance() throws Exception {
        DrillState audited = restored(snapshotDrill(ORDER_CHECKS), restoredInstance.getPort())
                .withAudit(new DrillState.Audit("orders-prod", true, Optional.of(false), Optional.of(3.5), false,
                        List.of("orders-prod has deletion protection off")));

        DrillState result = step.validate(audited);

        JsonNode report = report(result.validation().orElseThrow().reportLocation().orElseThrow());
        assertThat(report.at("/audit/productionInstance").asText()).isEqualTo("orders-prod");
        assertThat(report.at("/audit/deletionProtection").asBoolean(true)).isFalse();
        assertThat(report.at("/audit/findings/0").asText()).isEqualTo("orders-prod has deletion protection off");
    }

    @Test
    void aFailingCheckGivesAFailedVerdictAndTheReportIsStillWritten() throws Exception {
        JsonNode drill = snapshotDrill("""
                [{"name": "orders present", "sql": "SELECT count(*) FROM orders", "expect": ">= 1000"}]""");

        DrillState result = step.validate(restored(drill, restoredInstance.getPort()));

        DrillState.Validation validation = result.validation().orElseThrow();
        assertThat(validation.verdict()).isEqualTo("FAILED");
        assertThat(validation.failureReason())
                .contains("check orders present failed: value 5 does not satisfy >= 1000");
        assertThat(validation.checksFailed()).isEqualTo(1);
        JsonNode report = report(validation.reportLocation().orElseThrow());
        assertThat(report.get("verdict").asText()).isEqualTo("FAILED");
        assertThat(report.at("/checks/0/verdict").asText()).isEqualTo("FAILED");
        assertThat(reportKeys()).doesNotContain("reports/orders/latest.json");
        assertThat(emfLine().get("DrillSucceeded").asInt()).isZero();
        assertThat(emfLine().get("ChecksFailed").asInt()).isEqualTo(1);
    }

    @Test
    void aCheckThatRunsTooLongIsReportedAsATimeout() throws Exception {
        JsonNode drill = snapshotDrill("""
                [{"name": "slow first read", "sql": "SELECT count(*) FROM orders, pg_sleep(5)", "timeout": "1s"}]""");

        DrillState result = step.validate(restored(drill, restoredInstance.getPort()));

        assertThat(result.validation().orElseThrow().failureReason().orElseThrow())
                .contains("check slow first read failed: timed out after 1s");
        JsonNode check = report(result.validation().orElseThrow().reportLocation().orElseThrow()).at("/checks/0");
        assertThat(check.get("error").asText()).startsWith("timed out after 1s");
        assertThat(check.get("elapsedMillis").asLong()).isBetween(900L, 4_000L);
    }

    @Test
    void anUnknownSecretFailsNamingItsArnAndWritesNoReport() throws Exception {
        String unknown = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-unknown-XyZ123";
        DrillState state = restored(snapshotDrill(ORDER_CHECKS), restoredInstance.getPort());
        DrillState.Instance instance = state.instance().orElseThrow();
        DrillState withUnknownSecret = state.withInstance(new DrillState.Instance(instance.id(), instance.status(),
                instance.rdsStatus(), instance.endpoint(), Optional.of(unknown), instance.masterUsername(),
                instance.expiresAt()));

        assertThatThrownBy(() -> step.validate(withUnknownSecret))
                .isInstanceOf(TemporaryDatabaseException.class)
                .hasMessageContaining(unknown)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        assertThat(reportKeys()).isEmpty();
        assertThat(emf.size()).isZero();
    }

    @Test
    void anUnreachableInstanceFailsAsATemporaryDatabaseProblemWithoutAReport() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> step.validate(restored(snapshotDrill(ORDER_CHECKS), closedPort)))
                .isInstanceOf(TemporaryDatabaseException.class)
                .hasMessageContaining("cannot list the databases of temporary instance rd-orders-nightly-1");
        assertThat(reportKeys()).isEmpty();
    }

    @Test
    void aStateWithoutInstanceFailsBeforeReadingAnySecret() throws Exception {
        assertThatThrownBy(() -> step.validate(DrillState.start(StateJson.drill(snapshotDrill(ORDER_CHECKS)), EXECUTION)))
                .isInstanceOf(TemporaryDatabaseException.class)
                .hasMessageContaining("no instance");
    }

    @Test
    void severalDatabasesOnTheRestoredInstanceFailTheDrillListingThem() throws Exception {
        DatabaseEndpoint admin = endpoint(restoredInstance.getPort(), "postgres");
        TestPostgres.execute(admin, "CREATE DATABASE billing");
        try {
            DrillState result = step.validate(restored(snapshotDrill(ORDER_CHECKS), restoredInstance.getPort()));

            DrillState.Validation validation = result.validation().orElseThrow();
            assertThat(validation.verdict()).isEqualTo("FAILED");
            assertThat(validation.failureReason().orElseThrow()).contains("2 databases (billing, orders)");
            assertThat(validation.checksPassed() + validation.checksFailed()).isZero();
            assertThat(report(validation.reportLocation().orElseThrow()).get("verdict").asText()).isEqualTo("FAILED");
        } finally {
            TestPostgres.execute(admin, "DROP DATABASE billing");
        }
    }

    @Test
    void aDatabaseNameHoldingACommaIsListedWhole() throws Exception {
        DatabaseEndpoint admin = endpoint(restoredInstance.getPort(), "postgres");
        TestPostgres.execute(admin, "CREATE DATABASE \"billing, eu\"");
        try {
            DrillState result = step.validate(restored(snapshotDrill(ORDER_CHECKS), restoredInstance.getPort()));

            assertThat(result.validation().orElseThrow().failureReason().orElseThrow())
                    .contains("2 databases (billing, eu, orders)");
        } finally {
            TestPostgres.execute(admin, "DROP DATABASE \"billing, eu\"");
        }
    }

    @Test
    void theDatabaseNamedInTheSpecIsCheckedWhenTheInstanceHoldsSeveral() throws Exception {
        DatabaseEndpoint admin = endpoint(restoredInstance.getPort(), "postgres");
        TestPostgres.execute(admin, "CREATE DATABASE billing");
        try {
            ObjectNode drill = (ObjectNode) snapshotDrill(ORDER_CHECKS);
            drill.put("database", "orders");

            DrillState result = step.validate(restored(drill, restoredInstance.getPort()));

            DrillState.Validation validation = result.validation().orElseThrow();
            assertThat(validation.verdict()).as(validation.failureReason().orElse("")).isEqualTo("PASSED");
            assertThat(validation.checksPassed()).isEqualTo(2);
        } finally {
            TestPostgres.execute(admin, "DROP DATABASE billing");
        }
    }

    /** Production data dumped with the real pg_dump, uploaded where the drill spec's s3 source points. */
    private static void uploadDump(Path dir, String key) {
        DatabaseEndpoint production = TestPostgres.createDatabase("orders_prod");
        TestPostgres.execute(production,
                "CREATE TABLE customers (id int PRIMARY KEY, name text)",
                "INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 40) g",
                "CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers, total numeric)",
                "INSERT INTO orders SELECT g, 1 + g % 40, g FROM generate_series(1, 250) g");
        Path dump = PgDump.plain(production, dir.resolve("orders.sql"));
        s3.createBucket(r -> r.bucket("backups"));
        s3.putObject(r -> r.bucket("backups").key(key), RequestBody.fromFile(dump));
    }

    private static final String DUMP_SOURCE = "{\"s3\": \"s3://backups/orders/\"}";

    @Test
    void anS3DumpDrillLoadsTheNewestDumpIntoTheInstanceAndChecksIt(@TempDir Path dir) throws Exception {
        uploadDump(dir, "orders/orders-2026-11-26T020000Z.sql");
        s3.putObject(r -> r.bucket("backups").key("orders/orders-2026-11-25T020000Z.sql"),
                RequestBody.fromString("-- yesterday's dump: not the one to prove\nSELECT 1/0;\n"));
        JsonNode drill = drill(DUMP_SOURCE, """
                [{"name": "orders present", "sql": "SELECT count(*) FROM orders", "expect": "= 250"}]""");
        DrillState blankInstance = DrillState.start(StateJson.drill(drill), EXECUTION).withInstance(new DrillState.Instance(
                "rd-orders-nightly-1", InstanceStatus.AVAILABLE, "available",
                Optional.of(new DrillState.Endpoint("localhost", TestPostgres.port())), Optional.of(secretArn),
                Optional.of("postgres"), EXPIRES_AT));

        DrillState result = step.validate(blankInstance);

        DrillState.Backup backup = result.backup().orElseThrow();
        assertThat(backup.kind()).isEqualTo("s3-dump");
        assertThat(backup.location()).isEqualTo("s3://backups/orders/orders-2026-11-26T020000Z.sql");
        assertThat(backup.type()).isEqualTo("plain-sql");
        assertThat(backup.ageHours()).isEqualTo(1.5);
        assertThat(backup.independent()).isTrue();
        DrillState.Validation validation = result.validation().orElseThrow();
        assertThat(validation.verdict()).isEqualTo("PASSED");
        assertThat(validation.tablesRead()).isEqualTo(2);
        JsonNode report = report(validation.reportLocation().orElseThrow());
        assertThat(report.at("/backup/name").asText()).isEqualTo("orders-2026-11-26T020000Z.sql");
        assertThat(report.at("/restore/rowsCopied").asLong()).isEqualTo(290);
        assertThat(report.at("/checks/0/value").asText()).isEqualTo("250");
        assertThat(report.get("target").asText()).contains("restore_drill_");
        assertThat(emfLine().get("BackupAgeHours").asDouble()).isEqualTo(1.5);
        assertThat(emfLine().get("RestoreSeconds").asDouble()).isEqualTo(600.0);
    }

    @Test
    void aStaleS3DumpFailsWithBackupTooOldAfterReportingIt(@TempDir Path dir) throws Exception {
        uploadDump(dir, "orders/orders-2026-11-24T020000Z.sql");
        JsonNode drill = drill(DUMP_SOURCE, ORDER_CHECKS);
        DrillState blankInstance = DrillState.start(StateJson.drill(drill), EXECUTION).withInstance(new DrillState.Instance(
                "rd-orders-nightly-1", InstanceStatus.AVAILABLE, "available",
                Optional.of(new DrillState.Endpoint("localhost", TestPostgres.port())), Optional.of(secretArn),
                Optional.of("postgres"), EXPIRES_AT));
        List<String> databasesBefore = TestPostgres.databaseNames();

        assertThatThrownBy(() -> step.validate(blankInstance))
                .isInstanceOf(BackupTooOldException.class)
                .hasMessageContaining("s3://backups/orders/orders-2026-11-24T020000Z.sql is 2d 1h old")
                .hasMessageContaining("older than the allowed 1d 2h");
        assertThat(TestPostgres.databaseNames()).containsExactlyInAnyOrderElementsOf(databasesBefore);
        JsonNode report = report("s3://drill-reports/reports/orders/2026/11/26/nightly-1.json");
        assertThat(report.get("verdict").asText()).isEqualTo("FAILED");
        assertThat(report.get("failureReason").asText()).contains("is 2d 1h old");
        assertThat(emfLine().get("DrillSucceeded").asInt()).isZero();
        assertThat(emfLine().has("RestoreSeconds")).isFalse();
    }
}
