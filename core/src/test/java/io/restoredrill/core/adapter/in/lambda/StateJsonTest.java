package io.restoredrill.core.adapter.in.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.workflow.CleanupResult;
import io.restoredrill.core.workflow.DrillInput;
import io.restoredrill.core.workflow.DrillState;
import io.restoredrill.core.workflow.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The state document at the Lambda edge: the workflow's {@link DrillState} on one side, the JSON every handler has
 * written so far on the other (statuses as lower-case strings, the Catch's error as Step Functions names it), with the
 * drill spec passed through exactly as given.
 */
class StateJsonTest {

    private static final String BEFORE_THIS_ISSUE = """
            {"drill": {"name": "orders"}, "executionId": "exec-1",
             "instance": {"id": "restore-drill-orders-3f9a1c2b7d4e", "status": "available", "rdsStatus": "available",
                          "endpoint": {"host": "h", "port": 5432}, "secretArn": "arn:s", "masterUsername": "app",
                          "expiresAt": "2026-11-26T09:00:00Z"},
             "cleanup": {"result": "already-gone", "instanceId": "restore-drill-orders-3f9a1c2b7d4e",
                         "at": "2026-11-26T03:41:07Z"}}""";

    /** A document with every part, as the handlers wrote it before the mapping moved to the edge (compact form). */
    private static final String EVERY_PART = "{\"drill\":{\"name\":\"orders\",\"source\":{\"rdsSnapshot\":"
            + "{\"dbInstanceIdentifier\":\"orders-prod\"}},\"maxBackupAgeHours\":26,\"target\":{\"rds\":"
            + "{\"instanceClass\":\"db.t4g.medium\",\"dbSubnetGroupName\":\"drill-isolated\",\"vpcSecurityGroupIds\":"
            + "[\"sg-0abc\"]}},\"checks\":[{\"name\":\"orders-present\",\"sql\":\"SELECT count(*) FROM orders\","
            + "\"expect\":\">= 1000000\"}],\"maxShrink\":\"5%\"},"
            + "\"executionId\":\"arn:aws:states:eu-west-1:123456789012:execution:restore-drill:nightly-2026-11-26\","
            + "\"backup\":{\"kind\":\"rds-snapshot\",\"identifier\":\"orders-prod-manual-2026-11-26\",\"location\":"
            + "\"arn:aws:rds:eu-west-1:123456789012:snapshot:orders-prod-manual-2026-11-26\",\"type\":\"manual\","
            + "\"createdAt\":\"2026-11-26T01:00:00Z\",\"ageHours\":2.1,\"independent\":true,\"sizeBytes\":null},"
            + "\"instance\":{\"id\":\"restore-drill-orders-3f9a1c2b7d4e\",\"status\":\"available\",\"rdsStatus\":"
            + "\"available\",\"endpoint\":{\"host\":\"h.rds.amazonaws.com\",\"port\":5432},\"secretArn\":\"arn:s\","
            + "\"masterUsername\":\"app\",\"expiresAt\":\"2026-11-26T09:00:00Z\"},"
            + "\"snapshotCopy\":{\"id\":\"restore-drill-orders-3f9a1c2b7d4e\",\"sourceArn\":\"arn:src\",\"status\":"
            + "\"restored\"},"
            + "\"audit\":{\"productionInstance\":\"orders-prod\",\"productionInstanceExists\":true,"
            + "\"deletionProtection\":true,\"newestIndependentBackupAgeHours\":2.1,\"onlyAutomatedBackups\":false,"
            + "\"findings\":[]},"
            + "\"validation\":{\"verdict\":\"PASSED\",\"failureReason\":null,\"reportLocation\":\"s3://r/x.json\","
            + "\"checksPassed\":1,\"checksFailed\":0,\"tablesRead\":12,\"restoreMillis\":1260000},"
            + "\"cleanup\":{\"result\":\"deleted\",\"instanceId\":\"restore-drill-orders-3f9a1c2b7d4e\",\"at\":"
            + "\"2026-11-26T03:41:07Z\",\"snapshotCopy\":{\"result\":\"deleted\",\"id\":"
            + "\"restore-drill-orders-3f9a1c2b7d4e\"}},"
            + "\"error\":{\"Error\":\"io.restoredrill.core.domain.RestoreFailedException\",\"Cause\":\"timeout\"}}";

    @Test
    void readsADocumentWrittenBeforeTheEnumsAndTheSnapshotCopyAndWritesTheSameStrings() throws Exception {
        StateDocument document = StateJson.readDocument(BEFORE_THIS_ISSUE);
        DrillState state = document.state();

        assertThat(state.instance().orElseThrow().status()).isEqualTo(InstanceStatus.AVAILABLE);
        assertThat(state.cleanup().orElseThrow().result()).isEqualTo(CleanupResult.ALREADY_GONE);
        assertThat(state.cleanup().orElseThrow().snapshotCopy()).isEmpty();
        assertThat(state.snapshotCopy()).isEmpty();

        JsonNode written = StateJson.mapper().readTree(StateJson.toJson(document.with(state.withSnapshotCopy(
                new DrillState.SnapshotCopy("restore-drill-orders-3f9a1c2b7d4e", "arn:src", "restored"))
                .withCleanup(new DrillState.Cleanup(CleanupResult.NOTHING_TO_DELETE, Optional.empty(),
                        state.cleanup().orElseThrow().at(), Optional.of(new DrillState.CopyCleanup(
                        CleanupResult.DELETED, "restore-drill-orders-3f9a1c2b7d4e")))))));
        assertThat(written.at("/instance/status").asText()).isEqualTo("available");
        assertThat(written.at("/cleanup/result").asText()).isEqualTo("nothing-to-delete");
        assertThat(written.at("/cleanup/snapshotCopy/result").asText()).isEqualTo("deleted");
        assertThat(written.at("/snapshotCopy/status").asText()).isEqualTo("restored");
        assertThat(StateJson.read(written.toString()).cleanup().orElseThrow().snapshotCopy().orElseThrow().result())
                .isEqualTo(CleanupResult.DELETED);
    }

    @Test
    void anUnknownStatusIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> StateJson.read(BEFORE_THIS_ISSUE.replace("\"status\": \"available\"",
                "\"status\": \"ready\"")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("ready");
    }

    @Test
    void aHandlerWritesEveryPartAsBeforeAndTheDrillExactlyAsGiven() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        StateHandlers.handle(new ByteArrayInputStream(EVERY_PART.getBytes(StandardCharsets.UTF_8)), out, state -> {
            assertThat(state.drill().spec().name()).isEqualTo("orders");
            assertThat(state.error()).contains(new DrillState.StepError(
                    "io.restoredrill.core.domain.RestoreFailedException", "timeout"));
            return state;
        });

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(EVERY_PART);
    }

    @Test
    void anInvalidSpecIsReadAndOnlyTheStepThatNeedsItIsRefusedWithTheReason() {
        DrillState state = StateJson.read("""
                {"drill": {"name": "orders"}, "executionId": "exec-1"}""");

        assertThat(state.drill()).isInstanceOf(DrillInput.Invalid.class);
        assertThat(state.drill().valid()).isEmpty();
        assertThatThrownBy(() -> state.drill().spec())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("drill spec");
    }

    @Test
    void aDocumentWithoutDrillOrExecutionIsNotAStateDocument() {
        assertThatThrownBy(() -> StateJson.read("{\"executionId\": \"exec-1\"}"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("not a state document");
        assertThatThrownBy(() -> StateJson.read("{\"drill\": {\"name\": \"orders\"}}"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("not a state document");
        assertThatThrownBy(() -> StateJson.read(""))
                .isInstanceOf(InvalidConfigurationException.class);
    }
}
