package io.restoredrill.core.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deletion and adoption guards on Aurora clusters, and the cluster drill's instance name. */
class ClusterGuardsTest {

    private static final String NAME = TemporaryInstanceName.of("orders-aurora", "exec-1");
    private static final Instant EXPIRY = Instant.parse("2026-11-26T09:00:00Z");

    @Test
    void deletesOnlyTheClusterThisExecutionRestored() {
        assertThat(DeletionGuard.checkOwnCluster(cluster(NAME, tags("exec-1")), "exec-1").identifier()).isEqualTo(NAME);
        assertThatThrownBy(() -> DeletionGuard.checkOwnCluster(cluster(NAME, tags("exec-2")), "exec-1"))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining("not this execution");
        assertThatThrownBy(() -> DeletionGuard.checkOwnCluster(cluster("orders-aurora", tags("exec-1")), "exec-1"))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining("does not start with");
        Map<String, String> untagged = tags("exec-1");
        untagged.remove(DrillTags.TEMPORARY);
        assertThatThrownBy(() -> DeletionGuard.checkOwnCluster(cluster(NAME, untagged), "exec-1"))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining("not tagged");
    }

    @Test
    void theReaperMayDeleteAClusterOnlyAfterItsExpiry() {
        TemporaryCluster cluster = cluster(NAME, tags("exec-1"));
        assertThatThrownBy(() -> DeletionGuard.checkExpiredCluster(cluster, EXPIRY))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining("not yet");
        assertThat(DeletionGuard.checkExpiredCluster(cluster, EXPIRY.plusSeconds(1)).identifier()).isEqualTo(NAME);
        Map<String, String> noExpiry = tags("exec-1");
        noExpiry.remove(DrillTags.EXPIRES_AT);
        assertThatThrownBy(() -> DeletionGuard.checkExpiredCluster(cluster(NAME, noExpiry), EXPIRY.plusSeconds(1)))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining("has no " + DrillTags.EXPIRES_AT);
    }

    @Test
    void adoptsOnlyAClusterOfThisDrillsExecution() {
        assertThat(AdoptionGuard.checkOwnCluster(cluster(NAME, tags("exec-1")), "orders-aurora", "exec-1").identifier())
                .isEqualTo(NAME);
        assertThatThrownBy(() -> AdoptionGuard.checkOwnCluster(cluster(NAME, tags("exec-1")), "orders", "exec-1"))
                .isInstanceOf(InstanceConflictException.class).hasMessageContaining("RDS cluster named " + NAME);
    }

    @Test
    void theClustersInstanceIsNamedApartWithinRdsLimits() {
        String longDrill = "a-very-long-drill-name-of-forty-chars-xx";
        for (String drill : List.of("orders-aurora", longDrill, "x")) {
            String cluster = TemporaryInstanceName.of(drill, "exec-1");
            String instance = TemporaryInstanceName.clusterInstance(drill, "exec-1");
            assertThat(instance).isNotEqualTo(cluster).startsWith(TemporaryInstanceName.PREFIX).endsWith("-1")
                    .hasSizeLessThanOrEqualTo(63).doesNotContain("--")
                    // the same hash as the cluster: a retried status step finds its instance again
                    .contains(cluster.substring(cluster.length() - 12));
            assertThat(instance).matches("[a-z][a-z0-9-]*[a-z0-9]");
        }
        assertThat(TemporaryInstanceName.clusterInstance("orders-aurora", "exec-1"))
                .isEqualTo(TemporaryInstanceName.clusterInstance("orders-aurora", "exec-1"))
                .isNotEqualTo(TemporaryInstanceName.clusterInstance("orders-aurora", "exec-2"));
    }

    @Test
    void aClustersManagedSecretIsUsableWhenActiveOrImpaired() {
        assertThat(withSecret(Optional.empty()).managedSecret()).isEqualTo(TemporaryInstance.ManagedSecret.NONE);
        assertThat(withSecret(Optional.of("creating")).managedSecret()).isEqualTo(TemporaryInstance.ManagedSecret.PENDING);
        assertThat(withSecret(Optional.of("active")).managedSecret()).isEqualTo(TemporaryInstance.ManagedSecret.USABLE);
        assertThat(withSecret(Optional.of("impaired")).managedSecret()).isEqualTo(TemporaryInstance.ManagedSecret.USABLE);
    }

    private static TemporaryCluster withSecret(Optional<String> status) {
        return new TemporaryCluster(NAME, "arn", "available", Optional.empty(),
                status.map(s -> "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-x"), status,
                Optional.of("app"), false, List.of(), Map.of(), Optional.empty());
    }

    private static Map<String, String> tags(String execution) {
        Map<String, String> tags = new HashMap<>();
        tags.put(DrillTags.TEMPORARY, "true");
        tags.put(DrillTags.DRILL, "orders-aurora");
        tags.put(DrillTags.EXECUTION, execution);
        tags.put(DrillTags.EXPIRES_AT, EXPIRY.toString());
        return tags;
    }

    private static TemporaryCluster cluster(String id, Map<String, String> tags) {
        return new TemporaryCluster(id, "arn:aws:rds:us-east-1:123456789012:cluster:" + id, "available", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("app"), false, List.of(), tags, Optional.empty());
    }
}
