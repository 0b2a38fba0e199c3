package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrillSpecFileTest {

    @Test
    void readsCopySharedWithTheKeyOfThisAccount() {
        DrillSpec spec = DrillSpecFile.parse(json("""
                {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod",
                  "copyShared": {"kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/ours"}}},
                 "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill",
                                    "vpcSecurityGroupIds": []}}}"""), "spec");

        assertThat(spec.source()).isEqualTo(new DrillSpec.RdsSnapshots("orders-prod", false,
                Optional.of(new DrillSpec.CopyShared("arn:aws:kms:us-east-1:123456789012:key/ours"))));
        // The stack's temporary-instance security group covers a drill that names none.
        assertThat(spec.target().vpcSecurityGroupIds()).isEmpty();
    }

    @Test
    void withoutCopySharedTheSpecHasNone() {
        DrillSpec spec = DrillSpecFile.parse(json("""
                {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod"}},
                 "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill"}}}"""), "spec");

        assertThat(((DrillSpec.RdsSnapshots) spec.source()).copyShared()).isEmpty();
    }

    @Test
    void refusesCopySharedWithoutAKeyOrWithUnknownKeys() {
        assertThatThrownBy(() -> DrillSpecFile.parse(json("""
                {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod", "copyShared": {}}},
                 "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill"}}}"""), "spec"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("source.rdsSnapshot.copyShared").hasMessageContaining("kmsKeyId");
        assertThatThrownBy(() -> DrillSpecFile.parse(json("""
                {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod", "copyShared": true}},
                 "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill"}}}"""), "spec"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("must be a mapping");
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
