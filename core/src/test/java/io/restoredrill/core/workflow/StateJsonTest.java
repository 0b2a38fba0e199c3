package io.restoredrill.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state document's statuses are enums in Java and the same lower-case strings on the wire as before. */
class StateJsonTest {

    private static final String BEFORE_THIS_ISSUE = """
            {"drill": {"name": "orders"}, "executionId": "exec-1",
             "instance": {"id": "restore-drill-orders-3f9a1c2b7d4e", "status": "available", "rdsStatus": "available",
                          "endpoint": {"host": "h", "port": 5432}, "secretArn": "arn:s", "masterUsername": "app",
                          "expiresAt": "2026-11-26T09:00:00Z"},
             "cleanup": {"result": "already-gone", "instanceId": "restore-drill-orders-3f9a1c2b7d4e",
                         "at": "2026-11-26T03:41:07Z"}}""";

    @Test
    void readsADocumentWrittenBeforeTheEnumsAndTheSnapshotCopyAndWritesTheSameStrings() throws Exception {
        DrillState state = StateJson.read(BEFORE_THIS_ISSUE);

        assertThat(state.instance().orElseThrow().status()).isEqualTo(InstanceStatus.AVAILABLE);
        assertThat(state.cleanup().orElseThrow().result()).isEqualTo(CleanupResult.ALREADY_GONE);
        assertThat(state.cleanup().orElseThrow().snapshotCopy()).isEmpty();
        assertThat(state.snapshotCopy()).isEmpty();

        JsonNode written = StateJson.mapper().readTree(StateJson.toJson(state.withSnapshotCopy(
                new DrillState.SnapshotCopy("restore-drill-orders-3f9a1c2b7d4e", "arn:src", "restored"))
                .withCleanup(new DrillState.Cleanup(CleanupResult.NOTHING_TO_DELETE, Optional.empty(),
                        state.cleanup().orElseThrow().at(), Optional.of(new DrillState.CopyCleanup(
                        CleanupResult.DELETED, "restore-drill-orders-3f9a1c2b7d4e"))))));
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
}
