package io.restoredrill.lambda.cleanup;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.workflow.DrillInstancesFixture;
import io.restoredrill.core.workflow.Reaper;
import io.restoredrill.core.workflow.ReaperFailedException;
import io.restoredrill.core.adapter.in.lambda.StateJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.restoredrill.core.workflow.DrillInstancesFixture.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reaper function fed a real EventBridge Scheduled Event, against the moto RDS emulator. */
class ReaperHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");
    private static final String ORPHAN = TemporaryInstanceName.of("orders", "crashed-execution");
    private static final String RUNNING = TemporaryInstanceName.of("orders", "running-execution");

    private DrillInstancesFixture rds;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private ReaperHandler handler;
    private ScheduledEvent event;

    @BeforeEach
    void start() {
        rds = new DrillInstancesFixture();
        handler = new ReaperHandler(new Reaper(rds.instances(), rds.copies(), Clock.fixed(NOW, ZoneOffset.UTC),
                new EmfReaperMetrics(new PrintStream(stdout, true, StandardCharsets.UTF_8))));
        event = EventLoader.loadScheduledEvent("events/scheduled-event.json");
    }

    @AfterEach
    void close() {
        rds.close();
    }

    @Test
    void deletesTheOrphanKeepsTheRestAndPublishesReaperDeleted() throws Exception {
        rds.createDrillInstance(ORPHAN, "crashed-execution", NOW.minusSeconds(3600));
        rds.createDrillInstance(RUNNING, "running-execution", NOW.plusSeconds(3600));
        rds.create(PRODUCTION, Map.of(), false);

        Map<String, Object> result = handler.handleRequest(event, null);

        assertThat(result.get("deleted")).isEqualTo(List.of(ORPHAN));
        assertThat(result.get("kept")).isEqualTo(List.of(Map.of("instanceId", RUNNING,
                "expiresAt", NOW.plusSeconds(3600).toString())));
        assertThat(rds.exists(ORPHAN)).isFalse();
        assertThat(rds.status(RUNNING)).contains("available");
        assertThat(rds.status(PRODUCTION)).contains("available");

        JsonNode emf = onlyEmfLine();
        JsonNode directive = emf.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("RestoreDrill");
        assertThat(directive.get("Metrics").findValuesAsText("Name"))
                .containsExactly("ReaperDeleted", "ReaperRefused", "ReaperFailed");
        assertThat(emf.at("/_aws/Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(emf.get("ReaperDeleted").asInt()).isEqualTo(1);
        assertThat(emf.get("ReaperFailed").asInt()).isZero();
    }

    @Test
    void deletesAnOrphanedSnapshotCopyAndCountsItInReaperDeleted() throws Exception {
        rds.createDrillSnapshotCopy(ORPHAN, "crashed-execution", NOW.minusSeconds(3600));
        rds.createDrillSnapshotCopy(RUNNING, "running-execution", NOW.plusSeconds(3600));

        Map<String, Object> result = handler.handleRequest(event, null);

        assertThat(result.get("snapshotCopies")).isInstanceOfSatisfying(Map.class, copies -> {
            assertThat(copies.get("deleted")).isEqualTo(List.of(ORPHAN));
            assertThat(copies.get("kept")).isEqualTo(List.of(Map.of("instanceId", RUNNING,
                    "expiresAt", NOW.plusSeconds(3600).toString())));
        });
        assertThat(rds.snapshotExists(ORPHAN)).isFalse();
        assertThat(rds.snapshotExists(RUNNING)).isTrue();
        // An orphaned copy is an execution that did not clean up, like an orphaned instance: the same alarm.
        assertThat(onlyEmfLine().get("ReaperDeleted").asInt()).isEqualTo(1);
    }

    @Test
    void failsTheInvocationNamingTheInstanceItCouldNotDeleteAfterPublishingTheMetrics() throws Exception {
        rds.create(ORPHAN, DrillInstancesFixture.drillTags("crashed-execution", NOW.minusSeconds(60).toString()), true);

        assertThatThrownBy(() -> handler.handleRequest(event, null))
                .isInstanceOf(ReaperFailedException.class)
                .hasMessageContaining(ORPHAN);

        JsonNode emf = onlyEmfLine();
        assertThat(emf.get("ReaperFailed").asInt()).isEqualTo(1);
        assertThat(emf.get("ReaperDeleted").asInt()).isZero();
    }

    @Test
    void readsTheScheduledEventAsTheRuntimeDoes() {
        assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(event.getResources()).containsExactly("arn:aws:events:us-east-1:123456789012:rule/restore-drill-reaper");
    }

    private JsonNode onlyEmfLine() throws Exception {
        String[] lines = stdout.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        return StateJson.mapper().readTree(lines[0]);
    }
}
