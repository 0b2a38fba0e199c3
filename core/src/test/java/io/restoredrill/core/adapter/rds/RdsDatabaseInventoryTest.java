package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.AccountBackup;
import io.restoredrill.core.domain.AccountDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.Tag;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The requests the inventory sends (recorded on the wire) and what it makes of moto's answers. */
class RdsDatabaseInventoryTest {

    private MotoRdsAccount account;

    @BeforeEach
    void emptyAccount() {
        account = MotoRdsAccount.create();
    }

    @AfterEach
    void close() {
        account.close();
    }

    @Test
    void readsEveryPageOfInstancesAndSnapshots() {
        // 21 instances at MaxRecords 20 (the documented minimum): two pages of instances and of automated snapshots.
        IntStream.rangeClosed(1, 21).forEach(i -> account.productionInstance(String.format("db-%02d", i), true));
        account.requests().clear();

        RdsDatabaseInventory inventory = new RdsDatabaseInventory(account.rds(), 20);
        List<AccountDatabase> databases = inventory.databases();
        List<AccountBackup> backups = inventory.backups();

        assertThat(databases).hasSize(21).extracting(AccountDatabase::identifier).doesNotHaveDuplicates();
        assertThat(backups).filteredOn(b -> b.type() == AccountBackup.Type.AUTOMATED).hasSize(21);
        // DescribeDBInstances: MaxRecords 20..100, and the previous answer's Marker on the next request.
        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html
        List<Map<String, String>> pages = account.requests().requests("DescribeDBInstances");
        assertThat(pages).hasSize(2).allSatisfy(r -> assertThat(r).containsEntry("MaxRecords", "20"));
        assertThat(pages.get(0)).doesNotContainKey("Marker");
        assertThat(pages.get(1)).containsKey("Marker");
        // moto 5.2.1 answers DescribeDBSnapshots in one page whatever MaxRecords says; the stub below pages them.
        assertThat(account.requests().requests("DescribeDBSnapshots"))
                .allSatisfy(r -> assertThat(r).containsEntry("MaxRecords", "20"));
    }

    @Test
    void followsTheMarkerOfSnapshotPages() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            java.time.Instant t = java.time.Instant.parse("2026-11-30T03:00:00Z");
            String arn = "arn:aws:rds:us-east-1:123456789012:snapshot:";
            stub.answer("DescribeDBClusterSnapshots", "<DBClusterSnapshots/>");
            stub.answer("DescribeDBSnapshots", r -> "manual".equals(r.get("SnapshotType")) && !r.containsKey("Marker"),
                    "<DBSnapshots>" + RdsQueryApiStub.snapshot("orders-1", arn + "orders-1", "manual", t, "available",
                            "orders-prod", null) + "</DBSnapshots><Marker>page-2</Marker>");
            stub.answer("DescribeDBSnapshots", r -> "manual".equals(r.get("SnapshotType"))
                            && "page-2".equals(r.get("Marker")),
                    "<DBSnapshots>" + RdsQueryApiStub.snapshot("orders-2", arn + "orders-2", "manual",
                            t.plusSeconds(3600), "available", "orders-prod", null) + "</DBSnapshots>");

            List<AccountBackup> backups = new RdsDatabaseInventory(stub.client(), 20).backups();

            assertThat(backups).extracting(AccountBackup::identifier).containsExactly("orders-1", "orders-2");
            assertThat(stub.requests("DescribeDBSnapshots")).filteredOn(r -> "manual".equals(r.get("SnapshotType")))
                    .extracting(r -> r.get("Marker"), r -> r.get("MaxRecords"))
                    .containsExactly(tuple(null, "20"), tuple("page-2", "20"));
        }
    }

    @Test
    void aMissingAnswerIsAConfigurationErrorNotAnEmptyAccount() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        int port = closedPort;
        try (software.amazon.awssdk.services.rds.RdsClient unreachable = io.restoredrill.core.testing.MotoServer
                .configure(software.amazon.awssdk.services.rds.RdsClient.builder())
                .endpointOverride(java.net.URI.create("http://127.0.0.1:" + port))
                .httpClientBuilder(io.restoredrill.core.testing.MotoServer.httpClient())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RdsDatabaseInventory(unreachable).databases())
                    .isInstanceOf(io.restoredrill.core.domain.InvalidConfigurationException.class)
                    .hasMessageContaining("DescribeDBInstances in us-east-1 got no answer from RDS");
        }
    }

    @Test
    void namesTheMissingPermissionWhenRdsRefuses() {
        try (RdsQueryApiStub stub = new RdsQueryApiStub()) {
            stub.fail("DescribeDBInstances", 403, "AccessDenied", "User is not authorized to perform rds:DescribeDBInstances");

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RdsDatabaseInventory(stub.client()).databases())
                    .isInstanceOf(io.restoredrill.core.domain.InvalidConfigurationException.class)
                    .hasMessageContaining("DescribeDBInstances in us-east-1 failed: AccessDenied")
                    .hasMessageContaining("the audit needs rds:DescribeDBInstances");
        }
    }

    @Test
    void asksForEachSnapshotTypeOfTheWholeAccount() {
        account.productionInstance("orders-prod", true);
        account.requests().clear();

        new RdsDatabaseInventory(account.rds()).backups();

        // DescribeDBSnapshots: without SnapshotType only manual and automated come back; IncludeShared applies to the
        // shared type only. https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html
        assertThat(account.requests().requests("DescribeDBSnapshots"))
                .allSatisfy(r -> assertThat(r).containsEntry("MaxRecords", "100")
                        .doesNotContainKey("DBInstanceIdentifier").doesNotContainKey("Filters.Filter.1.Name"))
                .extracting(r -> r.get("SnapshotType"), r -> r.get("IncludeShared"))
                .containsExactly(tuple("manual", "false"), tuple("shared", "true"), tuple("awsbackup", "false"),
                        tuple("automated", "false"));
        // DescribeDBClusterSnapshots: the awsbackup type "does not apply to Aurora".
        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusterSnapshots.html
        assertThat(account.requests().requests("DescribeDBClusterSnapshots"))
                .allSatisfy(r -> assertThat(r).containsEntry("MaxRecords", "100")
                        .doesNotContainKey("DBClusterIdentifier"))
                .extracting(r -> r.get("SnapshotType"), r -> r.get("IncludeShared"))
                .containsExactly(tuple("manual", "false"), tuple("shared", "true"), tuple("automated", "false"));
    }

    @Test
    void readsProtectionRetentionAndTagsOfInstancesAndClusters() {
        account.productionInstance("orders-prod", false);
        account.rds().addTagsToResource(r -> r.resourceName("arn:aws:rds:us-east-1:123456789012:db:orders-prod")
                .tags(Tag.builder().key("team").value("orders").build()));
        account.rds().createDBCluster(r -> r.dbClusterIdentifier("ledger-aurora").engine("aurora-postgresql")
                .engineVersion("15.4").masterUsername("app").masterUserPassword("not-a-secret-1")
                .backupRetentionPeriod(3).deletionProtection(true));
        account.requests().clear();

        List<AccountDatabase> databases = new RdsDatabaseInventory(account.rds()).databases();

        assertThat(databases).extracting(AccountDatabase::kind, AccountDatabase::identifier,
                        AccountDatabase::deletionProtection, AccountDatabase::backupRetentionDays, AccountDatabase::tags)
                .containsExactly(
                        tuple(AccountDatabase.Kind.INSTANCE, "orders-prod", false, 7, Map.of("team", "orders")),
                        tuple(AccountDatabase.Kind.CLUSTER, "ledger-aurora", true, 3, Map.of()));
        // DescribeDBClusters pages like DescribeDBInstances.
        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusters.html
        assertThat(account.requests().requests("DescribeDBClusters")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("MaxRecords", "100").doesNotContainKey("Marker"));
    }

    @Test
    void countsASnapshotSharedByTheBackupAccountAsTheProductionInstancesBackup() {
        account.productionInstance("orders-prod", true);
        account.sharedEncryptedSnapshot("orders-prod", "orders-copy-1");

        List<AccountBackup> backups = new RdsDatabaseInventory(account.rds()).backups();

        assertThat(backups).filteredOn(b -> b.database().equals("orders-prod"))
                .extracting(AccountBackup::type, AccountBackup::status)
                .containsExactlyInAnyOrder(tuple(AccountBackup.Type.SHARED, "available"),
                        tuple(AccountBackup.Type.AUTOMATED, "available"));
    }
}
