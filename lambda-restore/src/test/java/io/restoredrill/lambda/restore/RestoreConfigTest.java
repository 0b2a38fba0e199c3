package io.restoredrill.lambda.restore;

import io.restoredrill.core.domain.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreConfigTest {

    @Test
    void readsTheRegion() {
        assertThat(RestoreConfig.fromEnvironment(Map.of("AWS_REGION", "eu-west-1")).region()).isEqualTo("eu-west-1");
    }

    @Test
    void readsTheStacksTemporaryInstanceSecurityGroupWhenSet() {
        assertThat(RestoreConfig.fromEnvironment(Map.of("AWS_REGION", "eu-west-1")).temporaryInstanceSecurityGroup())
                .isEmpty();
        assertThat(RestoreConfig.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "TEMPORARY_INSTANCE_SECURITY_GROUP_ID", "sg-0abc123")).temporaryInstanceSecurityGroup())
                .contains("sg-0abc123");
        assertThatThrownBy(() -> RestoreConfig.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "TEMPORARY_INSTANCE_SECURITY_GROUP_ID", "drill-sg")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("TEMPORARY_INSTANCE_SECURITY_GROUP_ID").hasMessageContaining("sg-");
    }

    @Test
    void theStacksSecurityGroupReachesEveryTemporaryInstance() {
        try (io.restoredrill.core.adapter.rds.MotoRdsAccount account = io.restoredrill.core.adapter.rds.MotoRdsAccount.create()) {
            account.productionInstance("orders-prod", true);
            account.manualSnapshot("orders-prod", "orders-nightly-1");
            RestoreConfig config = RestoreConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                    "TEMPORARY_INSTANCE_SECURITY_GROUP_ID", "sg-0feedbeef"));
            RestoreWiring wiring = RestoreWiring.of(account.rds(), config, java.time.Clock.systemUTC());

            wiring.restoreStep().restore(io.restoredrill.core.workflow.DrillStates.snapshotDrill("orders-prod",
                    account.securityGroupId(), "exec-1"));

            assertThat(account.requests().requests("RestoreDBInstanceFromDBSnapshot")).singleElement()
                    .satisfies(form -> assertThat(form)
                            .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.1", account.securityGroupId())
                            .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.2", "sg-0feedbeef"));
        }
    }

    @Test
    void failsNamingTheMissingVariable() {
        assertThatThrownBy(() -> RestoreConfig.fromEnvironment(Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("AWS_REGION");
    }
}
