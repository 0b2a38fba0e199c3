package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The drill spec's {@code source.auroraCluster} key. */
class AuroraClusterSpecTest {

    @Test
    void readsAnAuroraClusterSourceWithItsKeysAndTheDefaultInstanceClass() {
        DrillSpec spec = DrillSpecFile.parse(json("""
                {"name": "orders-aurora", "source": {"auroraCluster": {"dbClusterIdentifier": "orders-aurora",
                  "allowAutomated": true, "copyShared": {"kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/ours"}}},
                 "target": {"rds": {"dbSubnetGroupName": "drill", "allocatedStorageGb": 500}}}"""), "spec");

        assertThat(spec.source()).isEqualTo(new DrillSpec.AuroraCluster("orders-aurora", true,
                Optional.of(new DrillSpec.CopyShared("arn:aws:kms:us-east-1:123456789012:key/ours"))));
        assertThat(spec.target().instanceClass()).isEqualTo("db.t4g.medium");
    }

    @Test
    void keepsTheInstanceClassTheSpecNames() {
        DrillSpec spec = DrillSpecFile.parse(json("""
                {"name": "orders-aurora", "source": {"auroraCluster": {"dbClusterIdentifier": "orders-aurora"}},
                 "target": {"rds": {"instanceClass": "db.r6g.large", "dbSubnetGroupName": "drill"}}}"""), "spec");

        assertThat(spec.target().instanceClass()).isEqualTo("db.r6g.large");
        assertThat(((DrillSpec.AuroraCluster) spec.source()).allowAutomated()).isFalse();
        assertThat(((DrillSpec.AuroraCluster) spec.source()).copyShared()).isEmpty();
    }

    @Test
    void anInstanceDrillStillNeedsItsInstanceClass() {
        assertThatThrownBy(() -> DrillSpecFile.parse(json("""
                {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod"}},
                 "target": {"rds": {"dbSubnetGroupName": "drill"}}}"""), "spec"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("\"instanceClass\" is missing");
    }

    @Test
    void refusesTwoSourcesAndAClusterWithoutItsIdentifier() {
        assertThatThrownBy(() -> DrillSpecFile.parse(json("""
                {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod"},
                  "auroraCluster": {"dbClusterIdentifier": "orders-aurora"}},
                 "target": {"rds": {"dbSubnetGroupName": "drill"}}}"""), "spec"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("exactly one of rdsSnapshot, auroraCluster, s3 or awsBackupRestoreTest");
        assertThatThrownBy(() -> DrillSpecFile.parse(json("""
                {"name": "orders", "source": {"auroraCluster": {"allowAutomated": true}},
                 "target": {"rds": {"dbSubnetGroupName": "drill"}}}"""), "spec"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("source.auroraCluster").hasMessageContaining("\"dbClusterIdentifier\" is missing");
        assertThatThrownBy(() -> DrillSpecFile.parse(json("""
                {"name": "orders", "source": {"auroraCluster": {"dbClusterIdentifier": "x", "engine": "mysql"}},
                 "target": {"rds": {"dbSubnetGroupName": "drill"}}}"""), "spec"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("engine");
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
