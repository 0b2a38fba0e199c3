package io.restoredrill.core.workflow;

import io.restoredrill.core.adapter.rds.RdsClusterLauncher;
import io.restoredrill.core.adapter.rds.RdsClusterSnapshotCatalog;
import io.restoredrill.core.adapter.rds.RdsClusterSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsInstanceLauncher;
import io.restoredrill.core.adapter.rds.RdsQueryApiStub;
import io.restoredrill.core.adapter.rds.RdsSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsTemporaryClusters;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.InstanceConflictException;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The status poll of an Aurora cluster drill on what moto 5.2.1 cannot produce: a cluster RDS keeps {@code creating}
 * (moto's is available on the first describe), a cluster that ends {@code failed}, a cluster with the drill's name made
 * by someone else. The RDS Query API stand-in answers with DBCluster XML as the API Reference documents it.
 */
class ClusterStatusStepTest {

    private static final String EXECUTION = "exec-1";
    private static final String CLUSTER = TemporaryInstanceName.of("orders-aurora", EXECUTION);
    private static final String INSTANCE = TemporaryInstanceName.clusterInstance("orders-aurora", EXECUTION);
    private static final Map<String, String> OWN_TAGS = Map.of(DrillTags.TEMPORARY, "true",
            DrillTags.DRILL, "orders-aurora", DrillTags.EXECUTION, EXECUTION,
            DrillTags.EXPIRES_AT, "2099-01-01T00:00:00Z");

    private RdsQueryApiStub stub;
    private RdsClient rds;

    @BeforeEach
    void start() {
        stub = new RdsQueryApiStub();
        rds = stub.client();
    }

    @AfterEach
    void stop() {
        rds.close();
        stub.close();
    }

    @Test
    void aClusterStillCreatingIsPolledAgainWithoutAnyChangeRequested() {
        cluster("creating", OWN_TAGS, false);

        DrillState polled = statusStep().status(restored());

        assertThat(polled.instance().orElseThrow().status()).isEqualTo(InstanceStatus.CREATING);
        assertThat(polled.instance().orElseThrow().rdsStatus()).isEqualTo(ClusterStatuses.AWAITING_CLUSTER);
        assertThat(polled.cluster()).contains(new DrillState.Cluster(CLUSTER, "creating"));
        assertThat(stub.requests("ModifyDBCluster")).isEmpty();
        assertThat(stub.requests("CreateDBInstance")).isEmpty();
    }

    @Test
    void aFailedClusterFailsTheDrillWithoutCreatingItsInstance() {
        cluster("failed", OWN_TAGS, false);

        DrillState polled = statusStep().status(restored());

        assertThat(polled.instance().orElseThrow().status()).isEqualTo(InstanceStatus.FAILED);
        assertThat(polled.cluster()).contains(new DrillState.Cluster(CLUSTER, "failed"));
        assertThat(stub.requests("CreateDBInstance")).isEmpty();
        assertThat(stub.requests("ModifyDBCluster")).isEmpty();
    }

    @Test
    void aGoneClusterFailsTheDrillAsNotFound() {
        stub.fail("DescribeDBClusters", 404, "DBClusterNotFoundFault", "DBCluster not found.");

        DrillState polled = statusStep().status(restored());

        assertThat(polled.instance().orElseThrow().status()).isEqualTo(InstanceStatus.FAILED);
        assertThat(polled.instance().orElseThrow().rdsStatus()).isEqualTo(StatusStep.NOT_FOUND);
        assertThat(polled.cluster()).contains(new DrillState.Cluster(CLUSTER, StatusStep.NOT_FOUND));
    }

    @Test
    void neverModifiesNorAddsAnInstanceToAClusterOfAnotherExecution() {
        Map<String, String> other = new java.util.HashMap<>(OWN_TAGS);
        other.put(DrillTags.EXECUTION, "exec-2");
        cluster("available", other, false);

        assertThatThrownBy(() -> statusStep().status(restored()))
                .isInstanceOf(InstanceConflictException.class).hasMessageContaining("exec-2");
        assertThat(stub.requests("ModifyDBCluster")).isEmpty();
        assertThat(stub.requests("CreateDBInstance")).isEmpty();
    }

    @Test
    void waitsForTheSecretBeforeCreatingTheInstanceOnceTheModifyMadeIt() {
        cluster("available", OWN_TAGS, false);
        DrillState afterModify = restored().withInstance(new DrillState.Instance(INSTANCE, InstanceStatus.CREATING,
                ClusterStatuses.AWAITING_CLUSTER, java.util.Optional.empty(),
                java.util.Optional.of("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-x"),
                java.util.Optional.of("app"), Instant.parse("2099-01-01T00:00:00Z")));

        DrillState polled = statusStep().status(afterModify);

        // RDS's describe has not caught up with the modify: no second modify, no instance yet.
        assertThat(polled.instance().orElseThrow().status()).isEqualTo(InstanceStatus.CREATING);
        assertThat(stub.requests("ModifyDBCluster")).isEmpty();
        assertThat(stub.requests("CreateDBInstance")).isEmpty();
    }

    private void cluster(String status, Map<String, String> tags, boolean withSecret) {
        stub.answer("DescribeDBClusters", "<DBClusters><DBCluster><DBClusterIdentifier>" + CLUSTER
                + "</DBClusterIdentifier><DBClusterArn>arn:aws:rds:us-east-1:" + MotoServer.ACCOUNT + ":cluster:" + CLUSTER
                + "</DBClusterArn><Status>" + status + "</Status><Engine>aurora-postgresql</Engine>"
                + "<MasterUsername>app</MasterUsername><Endpoint>" + CLUSTER + ".cluster-abc.us-east-1.rds.amazonaws.com"
                + "</Endpoint><Port>5432</Port><DeletionProtection>false</DeletionProtection>"
                + (withSecret ? "<MasterUserSecret><SecretArn>arn:aws:secretsmanager:us-east-1:" + MotoServer.ACCOUNT
                        + ":secret:rds!cluster-x</SecretArn><SecretStatus>active</SecretStatus></MasterUserSecret>" : "")
                + "<DBClusterMembers/><TagList>" + tags.entrySet().stream().map(t -> "<Tag><Key>" + t.getKey()
                        + "</Key><Value>" + t.getValue() + "</Value></Tag>").collect(Collectors.joining())
                + "</TagList></DBCluster></DBClusters>");
    }

    /** The state the restore step returns: the cluster named and restoring, its instance not created. */
    private static DrillState restored() {
        DrillState drill = DrillStates.clusterDrill("orders-aurora", "orders-aurora", "", "sg-1", EXECUTION);
        return drill.withCluster(new DrillState.Cluster(CLUSTER, "creating"))
                .withInstance(new DrillState.Instance(INSTANCE, InstanceStatus.CREATING, ClusterStatuses.AWAITING_CLUSTER,
                        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                        Instant.parse("2099-01-01T00:00:00Z")));
    }

    private StatusStep statusStep() {
        return new StatusStep(new RdsTemporaryInstances(rds), new RdsInstanceLauncher(rds), new RdsSnapshotCopies(rds),
                new ClusterPorts(new RdsClusterSnapshotCatalog(rds), new RdsClusterLauncher(rds),
                        new RdsTemporaryClusters(rds), new RdsClusterSnapshotCopies(rds)), Clock.systemUTC());
    }
}
