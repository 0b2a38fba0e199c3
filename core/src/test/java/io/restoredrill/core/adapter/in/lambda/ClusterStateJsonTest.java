package io.restoredrill.core.adapter.in.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.workflow.CleanupResult;
import io.restoredrill.core.workflow.DrillState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The Aurora cluster parts of the state document (issue 13): written for cluster drills only, read back unchanged. */
class ClusterStateJsonTest {

    private static final String CLUSTER_DRILL = """
            {"drill": {"name": "orders-aurora", "source": {"auroraCluster": {"dbClusterIdentifier": "orders-aurora"}},
                       "target": {"rds": {"dbSubnetGroupName": "drill-isolated"}}},
             "executionId": "exec-1",
             "cluster": {"id": "restore-drill-orders-aurora-5b0c7e21a9d3", "rdsStatus": "available"},
             "instance": {"id": "restore-drill-orders-aurora-5b0c7e21a9d3-1", "status": "available", "rdsStatus": "available",
                          "endpoint": {"host": "w.cluster-abc.rds.amazonaws.com", "port": 5432},
                          "secretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-x",
                          "masterUsername": "app", "expiresAt": "2026-11-26T09:00:00Z"},
             "cleanup": {"result": "deleted", "instanceId": "restore-drill-orders-aurora-5b0c7e21a9d3-1",
                         "at": "2026-11-26T03:41:07Z", "snapshotCopy": null,
                         "cluster": {"result": "deleting", "id": "restore-drill-orders-aurora-5b0c7e21a9d3"}}}""";

    @Test
    void readsAndWritesTheClusterAndItsCleanup() throws Exception {
        StateDocument document = StateJson.readDocument(CLUSTER_DRILL);

        assertThat(document.state().cluster())
                .contains(new DrillState.Cluster("restore-drill-orders-aurora-5b0c7e21a9d3", "available"));
        assertThat(document.state().cleanup().orElseThrow().cluster()).contains(new DrillState.CopyCleanup(
                CleanupResult.DELETING, "restore-drill-orders-aurora-5b0c7e21a9d3"));
        JsonNode written = StateJson.mapper().readTree(StateJson.toJson(document));
        JsonNode given = StateJson.mapper().readTree(CLUSTER_DRILL);
        assertThat(written.get("cluster")).isEqualTo(given.get("cluster"));
        assertThat(written.get("cleanup").get("cluster")).isEqualTo(given.get("cleanup").get("cluster"));
        assertThat(written.get("instance").get("endpoint")).isEqualTo(given.get("instance").get("endpoint"));
    }

    @Test
    void anInstanceDrillsDocumentHasNoClusterParts() throws Exception {
        DrillState instanceDrill = StateJson.read("""
                {"drill": {"name": "orders"}, "executionId": "exec-1"}""")
                .withCleanup(new DrillState.Cleanup(CleanupResult.NOTHING_TO_DELETE, Optional.empty(),
                        Instant.parse("2026-11-26T03:41:07Z")));

        JsonNode written = StateJson.mapper().readTree(StateJson.toJson(new StateDocument(
                StateJson.mapper().readTree("{\"name\": \"orders\"}"), instanceDrill)));

        assertThat(written.has("cluster")).isFalse();
        assertThat(written.get("cleanup").has("cluster")).isFalse();
    }
}
