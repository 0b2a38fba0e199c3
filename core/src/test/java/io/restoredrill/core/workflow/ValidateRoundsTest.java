package io.restoredrill.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.adapter.in.lambda.StateJson;
import io.restoredrill.core.adapter.metrics.EmfDrillMetrics;
import io.restoredrill.core.adapter.postgres.DumpRestorers;
import io.restoredrill.core.adapter.postgres.JdbcDatabaseInspector;
import io.restoredrill.core.adapter.postgres.PostgresProofs;
import io.restoredrill.core.adapter.postgres.ScratchServerDatabases;
import io.restoredrill.core.adapter.s3.S3ProgressStore;
import io.restoredrill.core.adapter.s3.S3ReportStore;
import io.restoredrill.core.adapter.secrets.SecretsManagerCredentials;
import io.restoredrill.core.adapter.source.S3BackupSource;
import io.restoredrill.core.adapter.source.S3Location;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validate in rounds, end to end as in {@link ValidateStepTest} (embedded PostgreSQL for the instance, moto for S3
 * and Secrets Manager, the real proofs). A round given no time for its proofs (as one whose checks or dump load took
 * the function's time) leaves them for the next round; the rounds' findings wait in S3, the state document carries
 * where they are.
 */
class ValidateRoundsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:30:00Z");
    private static final Instant EXPIRES_AT = NOW.minus(Duration.ofMinutes(10)).plus(Duration.ofHours(6));
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:restore-drill:nightly-1";
    private static final String REPORTS = "drill-reports";
    private static final String WORK_FILE = "reports/orders/in-progress/nightly-1.json";
    private static final String CHECKS = """
            [{"name": "orders present", "sql": "SELECT count(*) FROM orders", "expect": ">= 5"}]""";
    private static final String TARGET = """
            "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill-isolated",
                               "vpcSecurityGroupIds": ["sg-0abc"]}}""";

    private static S3Client s3;
    private static SecretsManagerClient secrets;
    private static DatabaseEndpoint restored;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream emf = new ByteArrayOutputStream();
    private ValidateStep step;
    private String secretArn;

    @BeforeAll
    static void start() {
        restored = TestPostgres.createDatabase("rounds_restored");
        TestPostgres.execute(restored,
                "CREATE TABLE customers (id int PRIMARY KEY, name text)",
                "INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')",
                "CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers, total numeric)",
                "INSERT INTO orders SELECT g, 1 + g % 3, g * 10 FROM generate_series(1, 5) g");
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
        secrets = MotoServer.configure(SecretsManagerClient.builder()).httpClientBuilder(MotoServer.httpClient()).build();
    }

    @AfterAll
    static void stop() {
        s3.close();
        secrets.close();
    }

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        s3.createBucket(r -> r.bucket(REPORTS));
        secretArn = secrets.createSecret(r -> r.name("rds!db-0123")
                .secretString("{\"username\":\"postgres\",\"password\":\"managed\"}")).arn();
        step = new ValidateStep(new SecretsManagerCredentials(secrets), new JdbcDatabaseInspector(),
                new PostgresProofs(), new S3ReportStore(s3, REPORTS, "reports"),
                new S3ProgressStore(s3, REPORTS, "reports"),
                new EmfDrillMetrics(new PrintStream(emf, true, StandardCharsets.UTF_8), "RestoreDrill",
                        Clock.fixed(NOW, ZoneOffset.UTC)),
                new ValidateStep.DumpLoading(DumpRestorers.standard(),
                        dumps -> new S3BackupSource(s3, new S3Location(dumps.bucket(), dumps.prefix())),
                        ScratchServerDatabases::new),
                Clock.fixed(NOW, ZoneOffset.UTC), false, Optional.empty());
    }

    private DrillState onTheInstance(String source, String database) throws Exception {
        JsonNode drill = JSON.readTree("{\"name\": \"orders\", \"source\": " + source + ", \"maxBackupAgeHours\": 26, "
                + (database.isEmpty() ? "" : "\"database\": \"" + database + "\", ") + TARGET + ", \"checks\": "
                + CHECKS + "}");
        return DrillState.start(StateJson.drill(drill), EXECUTION).withInstance(new DrillState.Instance(
                "rd-orders-nightly-1", InstanceStatus.AVAILABLE, "available",
                Optional.of(new DrillState.Endpoint("localhost", TestPostgres.port())), Optional.of(secretArn),
                Optional.of("postgres"), EXPIRES_AT));
    }

    private DrillState snapshotDrill() throws Exception {
        return onTheInstance("{\"rdsSnapshot\": {\"dbInstanceIdentifier\": \"orders-prod\"}}", restored.database());
    }

    @Test
    void proofsLeftByTheFirstRoundAreFinishedByTheSecondAndTheChecksRunOnce() throws Exception {
        DrillState first = step.validate(snapshotDrill(), Duration.ZERO);

        assertThat(first.validation()).as("no verdict while proofs are left").isEmpty();
        DrillState.Proving proving = first.proving().orElseThrow();
        assertThat(proving.round()).isEqualTo(1);
        assertThat(proving.database()).isEqualTo(restored.database());
        assertThat(proving.workFile()).isEqualTo("s3://" + REPORTS + "/" + WORK_FILE);
        assertThat(proving.proofs()).extracting(c -> c.name() + " " + c.checked() + "/" + c.of() + " " + c.finished())
                .containsExactly("integrity 0/0 false", "full-read 0/0 false");
        assertThat(keys()).containsExactly(WORK_FILE);
        assertThat(emf.size()).as("no metrics before the verdict").isZero();
        // The state document stays small: the findings are in S3.
        assertThat(StateJson.toJson(new io.restoredrill.core.adapter.in.lambda.StateDocument(JSON.readTree("{}"),
                first)).length()).isLessThan(3_000);

        DrillState second = step.validate(roundTrip(first), ValidateStep.DEFAULT_ROUND);

        DrillState.Validation validation = second.validation().orElseThrow();
        assertThat(validation.verdict()).isEqualTo("PASSED");
        assertThat(second.proving().orElseThrow().round()).isEqualTo(2);
        JsonNode report = report(validation.reportLocation().orElseThrow());
        assertThat(report.path("checks")).hasSize(1);
        assertThat(report.at("/checks/0/value").asText()).isEqualTo("5");
        assertThat(report.path("tables")).hasSize(2);
        assertThat(report.path("proofs")).extracting(p -> p.path("name").asText() + " " + p.path("verdict").asText())
                .containsExactly("integrity PASSED", "full-read PASSED", "schema SKIPPED");
        assertThat(report.at("/proofs/0/value").asText()).startsWith("2 of 2 indexes (2 with heapallindexed), 2 of 2"
                + " tables checked");
        assertThat(report.at("/proofs/1/value").asText()).startsWith("2 of 2 tables read completely, 8 rows");
        assertThat(report.at("/schema/digest").asText()).startsWith("sha256:");
        assertThat(emf.toString(StandardCharsets.UTF_8).lines()).singleElement()
                .satisfies(line -> assertThat(line).contains("\"DrillSucceeded\":1"));
    }

    @Test
    void aDumpIsLoadedByTheFirstRoundOnlyAndTheNextRoundProvesTheDatabaseItWasLoadedInto(@TempDir Path dir)
            throws Exception {
        DatabaseEndpoint production = TestPostgres.createDatabase("rounds_prod");
        TestPostgres.execute(production,
                "CREATE TABLE orders (id int PRIMARY KEY, total numeric)",
                "INSERT INTO orders SELECT g, g FROM generate_series(1, 250) g");
        Path dump = PgDump.plain(production, dir.resolve("orders.sql"));
        s3.createBucket(r -> r.bucket("backups"));
        s3.putObject(r -> r.bucket("backups").key("orders/orders-2026-11-26T020000Z.sql"), RequestBody.fromFile(dump));
        List<String> before = TestPostgres.databaseNames();

        DrillState first = step.validate(onTheInstance("{\"s3\": \"s3://backups/orders/\"}", ""), Duration.ZERO);

        List<String> loaded = TestPostgres.databaseNames().stream().filter(name -> !before.contains(name)).toList();
        assertThat(loaded).singleElement().satisfies(name -> assertThat(name).startsWith("restore_drill_"));
        assertThat(first.proving().orElseThrow().database()).isEqualTo(loaded.get(0));
        assertThat(first.validation()).isEmpty();

        DrillState second = step.validate(roundTrip(first), ValidateStep.DEFAULT_ROUND);

        assertThat(TestPostgres.databaseNames()).as("not loaded again").hasSize(before.size() + 1);
        DrillState.Validation validation = second.validation().orElseThrow();
        assertThat(validation.verdict()).isEqualTo("PASSED");
        assertThat(second.backup().orElseThrow().identifier()).isEqualTo("orders-2026-11-26T020000Z.sql");
        JsonNode report = report(validation.reportLocation().orElseThrow());
        assertThat(report.at("/restore/rowsCopied").asLong()).isEqualTo(250);
        assertThat(report.get("target").asText()).endsWith("/" + loaded.get(0) + ")");
        assertThat(report.at("/proofs/1/value").asText()).startsWith("1 of 1 tables read completely, 250 rows");
    }

    @Test
    void aDrillThatRunsOutOfRoundsWritesItsReportSayingWhatWasNotProven() throws Exception {
        DrillState state = snapshotDrill();
        for (int round = 1; round < DrillSpec.VALIDATE_ROUNDS; round++) {
            state = roundTrip(step.validate(state, Duration.ZERO));
            assertThat(state.validation()).as("after round %d", round).isEmpty();
            assertThat(state.proving().orElseThrow().round()).isEqualTo(round);
        }

        DrillState last = step.validate(state, Duration.ZERO);

        DrillState.Validation validation = last.validation().orElseThrow();
        assertThat(last.proving().orElseThrow().round()).isEqualTo(DrillSpec.VALIDATE_ROUNDS);
        JsonNode report = report(validation.reportLocation().orElseThrow());
        String ended = "the drill's last validate round (round " + DrillSpec.VALIDATE_ROUNDS + ") ended";
        assertThat(report.path("proofs")).extracting(p -> p.path("name").asText() + " " + p.path("verdict").asText())
                .containsExactly("integrity INCOMPLETE", "full-read INCOMPLETE", "schema SKIPPED");
        assertThat(report.at("/proofs/0/findings")).extracting(JsonNode::asText).containsExactly(
                "indexes not checked, " + ended + ": public.customers_pkey, public.orders_pkey",
                "tables not checked, " + ended + ": public.customers, public.orders");
        assertThat(report.at("/proofs/1/findings")).extracting(JsonNode::asText)
                .containsExactly("not read, " + ended + ": public.customers, public.orders");
        // Never passed, never failed: the checks passed, and the report says what was not proven.
        assertThat(validation.verdict()).isEqualTo("PASSED");
        assertThat(report.path("checks")).hasSize(1);
    }

    /** The state as the next invocation gets it: through the state document's JSON. */
    private static DrillState roundTrip(DrillState state) throws Exception {
        JsonNode drill = JSON.readTree("{\"name\": \"orders\"}");
        String json = StateJson.toJson(new io.restoredrill.core.adapter.in.lambda.StateDocument(drill, state));
        return new DrillState(state.drill(), state.executionId(), StateJson.read(json).backup(),
                StateJson.read(json).instance(), Optional.empty(), Optional.empty(), StateJson.read(json).proving(),
                StateJson.read(json).validation(), Optional.empty(), Optional.empty());
    }

    private static List<String> keys() {
        return s3.listObjectsV2(r -> r.bucket(REPORTS)).contents().stream().map(S3Object::key).sorted().toList();
    }

    private static JsonNode report(String location) throws Exception {
        String key = location.substring(("s3://" + REPORTS + "/").length());
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(REPORTS).key(key)).asUtf8String());
    }
}
