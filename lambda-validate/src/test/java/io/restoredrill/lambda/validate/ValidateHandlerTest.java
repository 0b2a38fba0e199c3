package io.restoredrill.lambda.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.testing.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The handler fed a state document from {@code events/}, wired as in Lambda except for the endpoints: moto for
 * S3 and Secrets Manager, an embedded PostgreSQL (without TLS) as the restored instance.
 */
class ValidateHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedPostgres restoredInstance;
    private static S3Client s3;
    private static SecretsManagerClient secrets;

    private final ByteArrayOutputStream emf = new ByteArrayOutputStream();
    private ValidateHandler handler;
    private String secretArn;

    @BeforeAll
    static void start() throws Exception {
        restoredInstance = EmbeddedPostgres.builder().start();
        TestPostgres.execute(endpoint("postgres"), "CREATE DATABASE orders");
        TestPostgres.execute(endpoint("orders"), "CREATE TABLE orders (id int PRIMARY KEY)",
                "INSERT INTO orders VALUES (1), (2), (3)");
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

    private static DatabaseEndpoint endpoint(String database) {
        return new DatabaseEndpoint("localhost", restoredInstance.getPort(), database, "postgres", Optional.empty(),
                false);
    }

    @BeforeEach
    void wire() {
        MotoServer.reset();
        s3.createBucket(r -> r.bucket("drill-reports"));
        secretArn = secrets.createSecret(r -> r.name("rds!db-0123")
                .secretString("{\"username\":\"postgres\",\"password\":\"any\"}")).arn();
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
