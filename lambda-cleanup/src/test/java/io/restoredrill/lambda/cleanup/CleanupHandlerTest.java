package io.restoredrill.lambda.cleanup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.UnsafeDeletionException;
import io.restoredrill.core.workflow.CleanupStep;
import io.restoredrill.core.workflow.DrillInstancesFixture;
import io.restoredrill.core.adapter.in.lambda.StateJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static io.restoredrill.core.workflow.DrillInstancesFixture.EXECUTION;
import static io.restoredrill.core.workflow.DrillInstancesFixture.OWN_INSTANCE;
import static io.restoredrill.core.workflow.DrillInstancesFixture.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cleanup function fed real state documents (src/test/resources/events), against the moto RDS emulator. */
class CleanupHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T04:00:00Z");

    private DrillInstancesFixture rds;
    private CleanupHandler handler;

    @BeforeEach
    void start() {
        rds = new DrillInstancesFixture();
        handler = new CleanupHandler(new CleanupStep(rds.instances(), rds.copies(), Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @AfterEach
    void close() {
        rds.close();
    }

    @Test
    void deletesTheInstanceTheStateDocumentNamesAndKeepsTheRestOfTheDocument() {
        rds.createDrillInstance(OWN_INSTANCE, EXECUTION, Instant.parse("2026-11-26T08:30:00Z"));
        JsonNode input = event("cleanup-after-validation.json");

        JsonNode output = invoke(eventBytes("cleanup-after-validation.json"));

        assertThat(output.at("/cleanup/result").asText()).isEqualTo("deleted");
        assertThat(output.at("/cleanup/instanceId").asText()).isEqualTo(OWN_INSTANCE);
        assertThat(output.at("/cleanup/at").asText()).isEqualTo("2026-11-26T04:00:00Z");
        assertThat(output.at("/instance/status").asText()).isEqualTo("deleted");
        assertThat(output.get("drill")).isEqualTo(input.get("drill"));
        assertThat(output.get("backup")).isEqualTo(input.get("backup"));
        assertThat(output.get("audit")).isEqualTo(input.get("audit"));
        assertThat(output.get("validation")).isEqualTo(input.get("validation"));
        assertThat(rds.exists(OWN_INSTANCE)).isFalse();
    }

    @Test
    void refusesAStateDocumentNamingTheProductionInstanceAndLeavesItIntact() {
        rds.create(PRODUCTION, Map.of("team", "orders"), false);
        ObjectNode input = (ObjectNode) event("cleanup-after-validation.json");
        ((ObjectNode) input.get("instance")).put("id", PRODUCTION);

        assertThatThrownBy(() -> invoke(StateJson.mapper().writeValueAsBytes(input)))
                .isInstanceOf(UnsafeDeletionException.class)
                .hasMessageContaining(PRODUCTION)
                .hasMessageContaining("nothing was deleted");

        assertThat(rds.operationsSent()).isEmpty();
        assertThat(rds.status(PRODUCTION)).contains("available");
    }

    @Test
    void cleansUpAfterARestoreThatFailedBeforeTheInstanceWasKnown() {
        rds.createDrillInstance(OWN_INSTANCE, EXECUTION, Instant.parse("2026-11-26T08:30:00Z"));
        rds.create(PRODUCTION, Map.of(), true);
        JsonNode input = event("cleanup-after-failed-restore.json");

        JsonNode output = invoke(eventBytes("cleanup-after-failed-restore.json"));

        assertThat(output.at("/cleanup/result").asText()).isEqualTo("deleted");
        assertThat(output.at("/cleanup/instanceId").asText()).isEqualTo(OWN_INSTANCE);
        assertThat(output.get("error")).isEqualTo(input.get("error"));
        assertThat(rds.exists(OWN_INSTANCE)).isFalse();
        assertThat(rds.status(PRODUCTION)).contains("available");
    }

    @Test
    void reportsNothingToDeleteAfterARestoreThatCreatedNothing() {
        JsonNode output = invoke(eventBytes("cleanup-after-failed-restore.json"));

        assertThat(output.at("/cleanup/result").asText()).isEqualTo("nothing-to-delete");
        assertThat(output.at("/cleanup/instanceId").isMissingNode() || output.at("/cleanup/instanceId").isNull())
                .isTrue();
    }

    private JsonNode invoke(byte[] event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            return StateJson.mapper().readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode event(String name) {
        try {
            return StateJson.mapper().readTree(eventBytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event file exactly as written, as the Lambda runtime hands it to a stream handler. */
    private static byte[] eventBytes(String name) {
        try (InputStream in = CleanupHandlerTest.class.getResourceAsStream("/events/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
