package io.restoredrill.lambda.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.drill.Verification;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.DumpFixtures;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.testing.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The handler fed a state document from {@code events/}, wired as in Lambda except for the endpoints: moto for
 * S3 and Secrets Manager, an embedded PostgreSQL (without TLS) as the restored instance. The S3-dump drills get
 * another one as the blank instance the restore step creates (the dumps' databases stay on it, as they would on the
 * instance until cleanup deletes it), logged into as RDS's master user is: no superuser, but CREATEROLE and CREATEDB
 * ({@value #MASTER}).
 */
class ValidateHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The blank instance's master user, as RDS makes it: CREATEDB and CREATEROLE, no superuser. */
    private static final String MASTER = "drill_master";
    /** A master user that may not create roles: what an instance that refuses the dump's roles looks like. */
    private static final String NO_CREATEROLE = "drill_master_without_createrole";
    /** pg_dumpall 15's dump of the fixture cluster: databases template1, inventory, postgres and shop. */
    private static final Path CLUSTER = DumpFixtures.file(15, "cluster.sql.gz");
    private static EmbeddedPostgres restoredInstance;
    private static EmbeddedPostgres blankInstance;
    private static S3Client s3;
    private static SecretsManagerClient secrets;

    private final ByteArrayOutputStream emf = new ByteArrayOutputStream();
    private ValidateHandler handler;
    private String secretArn;
    private String masterSecretArn;

    @BeforeAll
    static void start() throws Exception {
        restoredInstance = EmbeddedPostgres.builder().start();
        TestPostgres.execute(endpoint("postgres"), "CREATE DATABASE orders");
        TestPostgres.execute(endpoint("orders"), "CREATE TABLE orders (id int PRIMARY KEY)",
                "INSERT INTO orders VALUES (1), (2), (3)");
        blankInstance = EmbeddedPostgres.builder().start();
        TestPostgres.execute(blank("postgres"), "CREATE ROLE " + MASTER + " LOGIN CREATEDB CREATEROLE",
                "CREATE ROLE " + NO_CREATEROLE + " LOGIN CREATEDB");
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
        secrets = MotoServer.configure(SecretsManagerClient.builder()).httpClientBuilder(MotoServer.httpClient()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        restoredInstance.close();
        blankInstance.close();
        s3.close();
        secrets.close();
    }

    private static DatabaseEndpoint endpoint(String database) {
        return new DatabaseEndpoint("localhost", restoredInstance.getPort(), database, "postgres", Optional.empty(),
                false);
    }

    /** The blank instance, as its superuser (the test's own view of it). */
    private static DatabaseEndpoint blank(String database) {
        return new DatabaseEndpoint("localhost", blankInstance.getPort(), database, "postgres", Optional.empty(),
                false);
    }

    @BeforeEach
    void wire() {
        MotoServer.reset();
        s3.createBucket(r -> r.bucket("drill-reports"));
        secretArn = secrets.createSecret(r -> r.name("rds!db-0123")
                .secretString("{\"username\":\"postgres\",\"password\":\"any\"}")).arn();
        masterSecretArn = secrets.createSecret(r -> r.name("rds!db-4567")
                .secretString("{\"username\":\"" + MASTER + "\",\"password\":\"any\"}")).arn();
        s3.createBucket(r -> r.bucket("backups"));
        // Roles left by an earlier scenario would be "already there" (and so not created) in this one.
        TestPostgres.execute(blank("postgres"), "DROP ROLE IF EXISTS shop_owner, shop_reader");
        ValidateConfig config = ValidateConfig.fromEnvironment(java.util.Map.of(
                "REPORTS_BUCKET", "drill-reports", "AWS_REGION", "us-east-1"));
        handler = new ValidateHandler(ValidateWiring.create(config, s3, secrets,
                new PrintStream(emf, true, StandardCharsets.UTF_8), false, java.util.Optional.empty()));
    }

    /** The event file, pointed at this test's instance and secret (both only known at run time). */
    private ObjectNode event(String secret) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/events/validate-snapshot.json")) {
            ObjectNode event = (ObjectNode) JSON.readTree(in);
            ObjectNode instance = (ObjectNode) event.get("instance");
            ((ObjectNode) instance.get("endpoint")).put("port", restoredInstance.getPort());
            instance.put("secretArn", secret);
            return event;
        }
    }

    private JsonNode invoke(JsonNode event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void returnsTheStateWithTheValidationAndKeepsEverythingElse() throws Exception {
        ObjectNode event = event(secretArn);

        JsonNode state = invoke(event);

        JsonNode validation = state.get("validation");
        assertThat(validation.get("verdict").asText()).isEqualTo("PASSED");
        assertThat(validation.get("checksPassed").asInt()).isEqualTo(1);
        assertThat(validation.get("tablesRead").asLong()).isEqualTo(1);
        // The date folder is the drill's start (by the system clock here): any date, this execution's name.
        assertThat(validation.get("reportLocation").asText())
                .matches("s3://drill-reports/reports/orders/\\d{4}/\\d{2}/\\d{2}/nightly-2026-11-26\\.json");
        for (String kept : new String[] {"drill", "executionId", "backup", "instance", "audit"}) {
            assertThat(state.get(kept)).as(kept).isEqualTo(event.get(kept));
        }

        String key = validation.get("reportLocation").asText().substring("s3://drill-reports/".length());
        JsonNode report = JSON.readTree(s3.getObjectAsBytes(r -> r.bucket("drill-reports").key(key)).asUtf8String());
        assertThat(report.get("verdict").asText()).isEqualTo("PASSED");
        assertThat(report.at("/checks/0/name").asText()).isEqualTo("orders present");
        assertThat(report.at("/tables/0/table").asText()).isEqualTo("orders");

        JsonNode metrics = JSON.readTree(emf.toString(StandardCharsets.UTF_8).strip());
        assertThat(metrics.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("RestoreDrill");
        assertThat(metrics.get("DrillSucceeded").asInt()).isEqualTo(1);
    }

    @Test
    void aSecretThatCannotBeReadPropagatesItsTypeForTheStateMachinesCatch() throws Exception {
        String unknown = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-gone-AbCdEf";

        assertThatThrownBy(() -> invoke(event(unknown)))
                .isInstanceOf(TemporaryDatabaseException.class)
                .hasMessageContaining(unknown);
    }

    @Test
    void aRoundProvesUntilTheInvocationsRemainingTimeLessTheMargin() {
        assertThat(ValidateHandler.roundTime(remaining(900_000))).isEqualTo(java.time.Duration.ofSeconds(840));
        assertThat(ValidateHandler.roundTime(remaining(30_000))).as("less than the margin left: prove nothing")
                .isEqualTo(java.time.Duration.ZERO);
        assertThat(ValidateHandler.roundTime(null)).isEqualTo(io.restoredrill.core.workflow.ValidateStep.DEFAULT_ROUND);
    }

    /** The S3-dump event, pointed at this test's blank instance and the secret of the given master user. */
    private ObjectNode dumpEvent(String secret) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/events/validate-s3-dump.json")) {
            ObjectNode event = (ObjectNode) JSON.readTree(in);
            ObjectNode instance = (ObjectNode) event.get("instance");
            ((ObjectNode) instance.get("endpoint")).put("port", blankInstance.getPort());
            instance.put("secretArn", secret);
            return event;
        }
    }

    private static void upload(String key, byte[] content) {
        s3.putObject(r -> r.bucket("backups").key("cluster/" + key), RequestBody.fromBytes(content));
    }

    private JsonNode reportOf(JsonNode state) throws Exception {
        String key = state.at("/validation/reportLocation").asText().substring("s3://drill-reports/".length());
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket("drill-reports").key(key)).asUtf8String());
    }

    /** The only report stored: what a drill that failed at its dump leaves in the reports bucket. */
    private JsonNode onlyReport() throws Exception {
        List<String> keys = s3.listObjectsV2(r -> r.bucket("drill-reports").prefix("reports/cluster/")).contents()
                .stream().map(o -> o.key()).filter(k -> k.matches("reports/cluster/\\d{4}/.*\\.json")).toList();
        assertThat(keys).hasSize(1);
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket("drill-reports").key(keys.get(0))).asUtf8String());
    }

    @Test
    void restoresEachDatabaseOfAPgDumpallDumpFromS3IntoItsOwnDatabaseOnTheBlankInstance() throws Exception {
        upload("cluster.sql.gz", Files.readAllBytes(CLUSTER));

        JsonNode state = invoke(dumpEvent(masterSecretArn));

        JsonNode validation = state.get("validation");
        assertThat(validation.get("verdict").asText()).as(validation.toString()).isEqualTo("PASSED");
        assertThat(validation.get("checksPassed").asInt()).isEqualTo(2);
        assertThat(state.at("/backup/kind").asText()).isEqualTo("s3-dump");
        assertThat(state.at("/backup/location").asText()).isEqualTo("s3://backups/cluster/cluster.sql.gz");
        assertThat(state.has("proving")).as("proven in the round that restored it").isFalse();

        JsonNode report = reportOf(state);
        // Each database of the file into one of its own, named as the local path names them.
        JsonNode databases = report.at("/restore/databases");
        assertThat(databases).extracting(d -> d.get("name").asText())
                .containsExactly("template1", "inventory", "postgres", "shop");
        String drillDatabase = report.get("target").asText().replaceAll(".*/(restore_drill_[0-9a-z_]+)\\)$", "$1");
        assertThat(drillDatabase).startsWith("restore_drill_");
        assertThat(databases).allSatisfy(d -> assertThat(d.get("restoredAs").asText())
                .isEqualTo(drillDatabase + "_" + d.get("name").asText()));
        // The checks ran in the databases they name, by their names in the dump.
        assertThat(report.get("checks")).extracting(c -> c.get("name").asText() + "=" + c.get("value").asText())
                .containsExactly("items counted=10", "orders counted=30");
        // Every table of the MANIFEST, named with its database, with the source's row count (the partitioned
        // parent counted too; the materialized view is no table).
        List<String> expected = new ArrayList<>();
        for (String db : List.of("shop", "inventory")) {
            DumpFixtures.expectedTables(15, db).stream().filter(t -> !t.table().equals("orders_per_status"))
                    .forEach(t -> expected.add(t.database() + "." + t.schema() + "." + t.table() + "=" + t.rows()));
        }
        expected.add("shop.shop.events=15");
        List<String> counted = new ArrayList<>();
        report.get("tables").forEach(t -> counted.add(t.get("database").asText() + "." + t.get("schema").asText()
                + "." + t.get("table").asText() + "=" + t.get("rows").asLong()));
        assertThat(counted).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(validation.get("tablesRead").asInt()).isEqualTo(expected.size());
        assertThat(report.get("proofs")).filteredOn(p -> p.get("name").asText().equals("full-read")).singleElement()
                .satisfies(p -> assertThat(p.get("verdict").asText()).as(p.toString()).isEqualTo("PASSED"));

        // On the instance: the data itself, and the roles created without passwords or refused attributes.
        assertThat(query(blank(drillDatabase + "_shop"), "SELECT count(*) FROM shop.orders"))
                .containsExactly("30");
        assertThat(query(blank("postgres"), "SELECT rolname || ' login=' || rolcanlogin || ' super=' || rolsuper"
                + " || ' password=' || (rolpassword IS NOT NULL) FROM pg_authid WHERE rolname LIKE 'shop\\_%'"
                + " ORDER BY rolname"))
                .containsExactly("shop_owner login=true super=false password=false",
                        "shop_reader login=false super=false password=false");
        assertThat(JSON.writeValueAsString(report)).as("no password hash of the dump's roles")
                .doesNotContain("SCRAM-SHA-256");
        JsonNode metrics = JSON.readTree(emf.toString(StandardCharsets.UTF_8).strip());
        assertThat(metrics.get("DrillSucceeded").asInt()).isEqualTo(1);
    }

    @Test
    void aPgDumpallDrillOutOfTimeEndsItsProofsInTheRoundThatRestoredItAndSaysWhy() throws Exception {
        upload("cluster.sql.gz", Files.readAllBytes(CLUSTER));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // No time left for proofs: a single-database drill would come back with "proving" for another round.
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(dumpEvent(masterSecretArn))), out,
                remaining((int) io.restoredrill.core.workflow.ValidateStep.ROUND_MARGIN.toMillis()));

        JsonNode state = JSON.readTree(out.toByteArray());
        assertThat(state.has("proving")).isFalse();
        assertThat(state.at("/validation/verdict").asText()).isEqualTo("PASSED");
        JsonNode fullRead = null;
        for (JsonNode proof : reportOf(state).get("proofs")) {
            if (proof.get("name").asText().equals("full-read")) {
                fullRead = proof;
            }
        }
        assertThat(fullRead).isNotNull();
        assertThat(fullRead.get("verdict").asText()).isEqualTo("INCOMPLETE");
        assertThat(fullRead.toString()).contains(Verification.ONE_ROUND_ONLY);
    }

    @Test
    void aGlobalsOnlyFileAsTheNewestDumpFailsTheDrillAsNoDataBackupWithAReport() throws Exception {
        upload("cluster-2026-01-01.sql.gz", Files.readAllBytes(CLUSTER)); // older: never tried in its place
        upload("globals.sql", Files.readAllBytes(DumpFixtures.file(15, "globals.sql")));
        List<String> before = query(blank("postgres"), "SELECT datname FROM pg_database ORDER BY 1");

        assertThatThrownBy(() -> invoke(dumpEvent(masterSecretArn)))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("s3://backups/cluster/globals.sql is not a data backup")
                .hasMessageContaining("pg_dumpall --globals-only");

        assertThat(onlyReport().get("failureReason").asText()).contains("globals.sql is not a data backup");
        assertThat(query(blank("postgres"), "SELECT datname FROM pg_database ORDER BY 1")).isEqualTo(before);
        assertThat(query(blank("postgres"), "SELECT rolname FROM pg_roles WHERE rolname LIKE 'shop\\_%'"))
                .isEmpty();
    }

    @Test
    void aPgDumpallDumpCutOffBetweenTwoDatabasesFailsTheDrillNamingTheMissingEnd() throws Exception {
        // Everything up to the shop database restores: only the missing closing line tells the dump is cut.
        String script = gunzip(Files.readAllBytes(CLUSTER));
        upload("cluster.sql.gz", gzip(script.substring(0, script.indexOf("-- Database \"shop\" dump"))));

        assertThatThrownBy(() -> invoke(dumpEvent(masterSecretArn)))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("s3://backups/cluster/cluster.sql.gz is truncated")
                .hasMessageContaining("\"-- PostgreSQL database cluster dump complete\" that pg_dumpall writes last");

        JsonNode report = onlyReport();
        assertThat(report.get("verdict").asText()).isEqualTo("FAILED");
        assertThat(report.get("failureReason").asText()).contains("is truncated");
        JsonNode metrics = JSON.readTree(emf.toString(StandardCharsets.UTF_8).strip());
        assertThat(metrics.get("DrillSucceeded").asInt()).isZero();
    }

    @Test
    void aRoleTheInstanceRefusesFailsTheDrillAsARestoreFailureNamingTheRole() throws Exception {
        upload("cluster.sql.gz", Files.readAllBytes(CLUSTER));
        String secret = secrets.createSecret(r -> r.name("rds!db-89ab")
                .secretString("{\"username\":\"" + NO_CREATEROLE + "\",\"password\":\"any\"}")).arn();

        assertThatThrownBy(() -> invoke(dumpEvent(secret)))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("restoring the pg_dumpall dump into RDS instance"
                        + " restore-drill-cluster-0123456789ab failed: cannot create role shop_owner of the backup")
                .hasMessageContaining("permission denied");

        assertThat(onlyReport().get("failureReason").asText()).contains("cannot create role shop_owner");
    }

    private static List<String> query(DatabaseEndpoint endpoint, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = TestPostgres.connect(endpoint); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static String gunzip(byte[] gzipped) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** A Lambda context that knows only its remaining time. */
    static com.amazonaws.services.lambda.runtime.Context remaining(int millis) {
        return (com.amazonaws.services.lambda.runtime.Context) java.lang.reflect.Proxy.newProxyInstance(
                ValidateHandlerTest.class.getClassLoader(),
                new Class<?>[] {com.amazonaws.services.lambda.runtime.Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> millis;
                    case "toString" -> "context with " + millis + " ms left";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
