package io.restoredrill.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.adapter.in.lambda.RestoreTestingJson;
import io.restoredrill.core.adapter.in.lambda.StateJson;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.rds.RdsClusterLauncher;
import io.restoredrill.core.adapter.rds.RdsClusterSnapshotCatalog;
import io.restoredrill.core.adapter.rds.RdsClusterSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsInstanceLauncher;
import io.restoredrill.core.adapter.rds.RdsRestoredClusters;
import io.restoredrill.core.adapter.rds.RdsSnapshotCopies;
import io.restoredrill.core.adapter.rds.RdsTemporaryClusters;
import io.restoredrill.core.adapter.rds.RdsTemporaryInstances;
import io.restoredrill.core.domain.DeletionGuard;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.InstanceConflictException;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.domain.UnsafeDeletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The adopt step for an AWS Backup restore test of an Aurora cluster, against moto's RDS (clusters and instances in
 * clusters), on the documented event adapted to an Aurora job ({@link RestoreTestEvents#ofAuroraClusterRestoreTest}):
 * the one instance it adds to AWS Backup's cluster, as sent on the wire, the guards that keep it off any other cluster,
 * and that cleanup deletes that instance and never the cluster.
 */
class RestoreTestClusterAdoptionTest {

    private static final String PLAN = "nightly_orders";
    private static final String LOGIN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:restore-drill/orders-reader-AbCdEf";
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:restore-drill-restore-testing:job-1";
    private static final Instant NOW = Instant.parse(RestoreTestEvents.COMPLETED_AT).plus(Duration.ofMinutes(5));
    private static final ObjectMapper JSON = new ObjectMapper();

    private MotoRdsAccount account;
    private String arnPrefix;

    @BeforeEach
    void restoredCluster() {
        account = MotoRdsAccount.create();
        account.productionCluster(RestoreTestEvents.PRODUCTION_CLUSTER, false);
        DBCluster restored = account.productionCluster(RestoreTestEvents.RESTORED_CLUSTER, false);
        arnPrefix = restored.dbClusterArn().substring(0, restored.dbClusterArn().indexOf("cluster:"));
        account.requests().clear();
    }

    @AfterEach
    void close() {
        account.close();
    }

    private RestoreTestAdoption step() {
        return new RestoreTestAdoption(new RdsTemporaryInstances(account.rds())::find,
                new RdsRestoredClusters(account.rds()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ObjectNode drill() {
        return RestoreTestEvents.clusterDrill("orders", PLAN, LOGIN, JSON.createArrayNode());
    }

    private DrillState adopt(JsonNode event, JsonNode drill) throws Exception {
        ObjectNode input = JSON.createObjectNode();
        input.set("event", event);
        input.set("drill", drill);
        input.put("executionId", EXECUTION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RestoreTestingJson.adopt(new ByteArrayInputStream(JSON.writeValueAsBytes(input)), out, step());
        return StateJson.readDocument(out.toString(StandardCharsets.UTF_8)).state();
    }

    private ObjectNode event() {
        return RestoreTestEvents.ofAuroraClusterRestoreTest(PLAN, arnPrefix);
    }

    @Test
    void addsOneDrillTaggedPrivateInstanceToAwsBackupsClusterAndNamesBothInTheState() throws Exception {
        DrillState state = adopt(event(), drill());

        String expected = TemporaryInstanceName.of("orders", EXECUTION);
        assertThat(state.cluster()).hasValueSatisfying(c -> assertThat(c.id()).isEqualTo(RestoreTestEvents.RESTORED_CLUSTER));
        DrillState.Instance instance = state.instance().orElseThrow();
        assertThat(instance.id()).isEqualTo(expected);
        assertThat(instance.status()).isEqualTo(InstanceStatus.CREATING);
        assertThat(instance.endpoint()).isEmpty();
        assertThat(instance.secretArn()).isEmpty(); // production's password stays unread: validate uses the login
        Instant expiresAt = Instant.parse(RestoreTestEvents.CREATED_AT).plus(Duration.ofHours(4));
        assertThat(instance.expiresAt()).isEqualTo(expiresAt);

        // DescribeDBClusters of the created cluster, by identifier (API_DescribeDBClusters.html: DBClusterIdentifier
        // "must match an existing DB cluster identifier"; DBClusterNotFoundFault otherwise, which is "gone", below),
        // then the one CreateDBInstance: in that cluster
        // (DBClusterIdentifier), the Aurora engine (Engine is required), an identifier under restore-drill- within 63
        // characters (API_CreateDBInstance.html, DBInstanceIdentifier: 1 to 63 letters, digits or hyphens), private,
        // the drill's four tags; nothing the page says doesn't apply to an Aurora instance (the cluster's settings).
        assertThat(account.requests().actions()).containsExactly("DescribeDBClusters", "CreateDBInstance");
        assertThat(account.requests().requests("DescribeDBClusters")).singleElement().satisfies(form ->
                assertThat(form).containsEntry("DBClusterIdentifier", RestoreTestEvents.RESTORED_CLUSTER));
        Map<String, String> create = account.requests().requests("CreateDBInstance").get(0);
        assertThat(create).containsEntry("DBInstanceIdentifier", expected)
                .containsEntry("DBClusterIdentifier", RestoreTestEvents.RESTORED_CLUSTER)
                .containsEntry("Engine", "aurora-postgresql")
                .containsEntry("DBInstanceClass", "db.t4g.medium")
                .containsEntry("PubliclyAccessible", "false")
                .doesNotContainKeys("MasterUsername", "MasterUserPassword", "ManageMasterUserPassword",
                        "AllocatedStorage", "VpcSecurityGroupIds.member.1", "DeletionProtection", "MultiAZ",
                        "BackupRetentionPeriod", "DBSubnetGroupName");
        // DBInstanceIdentifier: "1 to 63 letters, numbers, or hyphens. First character must be a letter. Can't end
        // with a hyphen or contain two consecutive hyphens." (API_CreateDBInstance.html)
        assertThat(expected).hasSizeLessThanOrEqualTo(63).matches("[a-z][a-z0-9-]*[a-z0-9]").doesNotContain("--");
        assertThat(tags(create)).isEqualTo(new TreeMap<>(Map.of(DrillTags.TEMPORARY, "true", DrillTags.DRILL, "orders",
                DrillTags.EXECUTION, EXECUTION, DrillTags.EXPIRES_AT, expiresAt.toString())));
        DBInstance created = account.rds().describeDBInstances(r -> r.dbInstanceIdentifier(expected)).dbInstances()
                .get(0);
        assertThat(created.dbClusterIdentifier()).isEqualTo(RestoreTestEvents.RESTORED_CLUSTER);
    }

    @Test
    void aRetriedAdoptTakesOverItsOwnInstanceInsteadOfAddingASecond() throws Exception {
        adopt(event(), drill());
        account.requests().clear();

        DrillState again = adopt(event(), drill());

        assertThat(again.instance().orElseThrow().id()).isEqualTo(TemporaryInstanceName.of("orders", EXECUTION));
        // RDS answers DBInstanceAlreadyExists; the launcher describes it and the adoption guard finds it this
        // execution's own.
        assertThat(account.requests().actions()).containsExactly("DescribeDBClusters", "CreateDBInstance",
                "DescribeDBInstances");
        assertThat(account.rds().describeDBInstances().dbInstances()).hasSize(1);
    }

    @Test
    void addsNothingToTheProductionClusterOrADrillsClusterOrWhenTheClusterIsGone() {
        ObjectNode production = event();
        ((ObjectNode) production.path("detail")).put("createdResourceArn",
                arnPrefix + "cluster:" + RestoreTestEvents.PRODUCTION_CLUSTER);
        assertThatThrownBy(() -> adopt(production, drill())).isInstanceOf(InstanceConflictException.class)
                .hasMessageContaining("is not the cluster restore job");
        String drillNamed = TemporaryInstanceName.PREFIX + "orders-0123456789ab";
        account.productionCluster(drillNamed, false);
        account.requests().clear();
        ObjectNode drillCluster = event();
        ((ObjectNode) drillCluster.path("detail")).put("createdResourceArn", arnPrefix + "cluster:" + drillNamed);
        assertThatThrownBy(() -> adopt(drillCluster, drill())).isInstanceOf(InstanceConflictException.class);
        ObjectNode gone = event();
        ((ObjectNode) gone.path("detail")).put("createdResourceArn", arnPrefix + "cluster:no-such-cluster");
        assertThatThrownBy(() -> adopt(gone, drill())).isInstanceOf(TemporaryDatabaseException.class)
                .hasMessageContaining("does not exist");
        assertThat(account.requests().actions()).containsOnly("DescribeDBClusters");
        assertThat(account.rds().describeDBInstances().dbInstances()).isEmpty();
    }

    @Test
    void refusesAnAuroraJobForAnInstanceDrillAndAnInstanceJobForAClusterDrillBeforeAnyCall() {
        ObjectNode instanceDrill = RestoreTestEvents.drill("orders", PLAN, LOGIN, JSON.createArrayNode());
        assertThatThrownBy(() -> adopt(event(), instanceDrill)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("but drill orders validates DB instance " + RestoreTestEvents.PRODUCTION);
        assertThatThrownBy(() -> adopt(RestoreTestEvents.ofRestoreTestingPlan(PLAN), drill()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("but drill orders validates DB cluster " + RestoreTestEvents.PRODUCTION_CLUSTER);
        ObjectNode otherCluster = event();
        ((ObjectNode) otherCluster.path("detail")).put("sourceResourceArn", arnPrefix + "cluster:billing-aurora");
        assertThatThrownBy(() -> adopt(otherCluster, drill())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("restored DB cluster billing-aurora");
        assertThat(account.requests().actions()).isEmpty();
    }

    @Test
    void theDeletionGuardRefusesAwsBackupsClusterAndCleanupDeletesOnlyTheDrillInstance() throws Exception {
        DrillState state = adopt(event(), drill());
        TemporaryCluster restored = new RdsTemporaryClusters(account.rds()).find(RestoreTestEvents.RESTORED_CLUSTER)
                .orElseThrow();
        assertThatThrownBy(() -> DeletionGuard.checkOwnCluster(restored, EXECUTION))
                .isInstanceOf(UnsafeDeletionException.class);
        account.requests().clear();

        DrillState cleaned = cleanupStep().cleanup(state);

        assertThat(cleaned.cleanup().orElseThrow().result()).isEqualTo(CleanupResult.DELETED);
        assertThat(cleaned.cleanup().orElseThrow().cluster()).isEmpty();
        assertThat(account.requests().actions()).containsExactly("DescribeDBInstances", "DeleteDBInstance");
        assertThat(account.requests().requests("DeleteDBInstance")).singleElement().satisfies(form ->
                assertThat(form).containsEntry("DBInstanceIdentifier", TemporaryInstanceName.of("orders", EXECUTION))
                        .containsEntry("SkipFinalSnapshot", "true"));
        assertThat(account.rds().describeDBClusters().dbClusters()).extracting(DBCluster::dbClusterIdentifier)
                .contains(RestoreTestEvents.RESTORED_CLUSTER, RestoreTestEvents.PRODUCTION_CLUSTER);
    }

    @Test
    void aDrillInstanceAnExecutionLeftInAwsBackupsClusterIsReapedAfterItsExpiryAndTheClusterIsLeftAlone()
            throws Exception {
        DrillState state = adopt(event(), drill());
        String instance = state.instance().orElseThrow().id();
        Clock beforeExpiry = Clock.fixed(state.instance().orElseThrow().expiresAt(), ZoneOffset.UTC);
        Clock afterExpiry = Clock.fixed(state.instance().orElseThrow().expiresAt().plusSeconds(1), ZoneOffset.UTC);

        ReapReport kept = new Reaper(new RdsTemporaryInstances(account.rds()), new RdsSnapshotCopies(account.rds()),
                clusterPorts(), beforeExpiry, r -> { }).reap();
        ReapReport reaped = new Reaper(new RdsTemporaryInstances(account.rds()), new RdsSnapshotCopies(account.rds()),
                clusterPorts(), afterExpiry, r -> { }).reap();

        assertThat(kept.deleted()).isEmpty();
        assertThat(reaped.deleted()).containsExactly(instance);
        // AWS Backup's cluster has neither the prefix nor the tag: not a candidate, not even a suspicious one.
        assertThat(reaped.clusters().deleted()).isEmpty();
        assertThat(reaped.clusters().refused()).isEmpty();
        assertThat(account.rds().describeDBClusters().dbClusters()).extracting(DBCluster::dbClusterIdentifier)
                .contains(RestoreTestEvents.RESTORED_CLUSTER, RestoreTestEvents.PRODUCTION_CLUSTER);
    }

    @Test
    void thePollReportsTheDrillInstanceAvailableOnTheClustersWriterEndpointWithoutTouchingTheCluster()
            throws Exception {
        DrillState state = adopt(event(), drill());
        account.requests().clear();

        DrillState polled = statusStep().status(state);

        DrillState.Instance instance = polled.instance().orElseThrow();
        assertThat(instance.status()).isEqualTo(InstanceStatus.AVAILABLE);
        DBCluster cluster = account.rds().describeDBClusters(r -> r.dbClusterIdentifier(
                RestoreTestEvents.RESTORED_CLUSTER)).dbClusters().get(0);
        assertThat(instance.endpoint()).hasValueSatisfying(e -> {
            assertThat(e.host()).isEqualTo(cluster.endpoint());
            assertThat(e.port()).isEqualTo(cluster.port());
        });
        assertThat(instance.secretArn()).isEmpty();
        assertThat(account.requests().actions()).containsOnly("DescribeDBClusters", "DescribeDBInstances");
    }

    private static Map<String, String> tags(Map<String, String> request) {
        Map<String, String> tags = new TreeMap<>();
        for (int n = 1; request.containsKey("Tags.Tag." + n + ".Key"); n++) {
            tags.put(request.get("Tags.Tag." + n + ".Key"), request.get("Tags.Tag." + n + ".Value"));
        }
        return tags;
    }

    private ClusterPorts clusterPorts() {
        return new ClusterPorts(new RdsClusterSnapshotCatalog(account.rds()), new RdsClusterLauncher(account.rds()),
                new RdsTemporaryClusters(account.rds()), new RdsClusterSnapshotCopies(account.rds()));
    }

    private CleanupStep cleanupStep() {
        return new CleanupStep(new RdsTemporaryInstances(account.rds()), new RdsSnapshotCopies(account.rds()),
                clusterPorts(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private StatusStep statusStep() {
        return new StatusStep(new RdsTemporaryInstances(account.rds()), new RdsInstanceLauncher(account.rds()),
                new RdsSnapshotCopies(account.rds()), clusterPorts(), Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
