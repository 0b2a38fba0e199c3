package io.restoredrill.lambda.fleet;

import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ObjectLocation;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetConfigTest {

    private static Map<String, String> env(String... overrides) {
        Map<String, String> env = new HashMap<>(Map.of("REPORTS_BUCKET", "drill-reports", "AWS_REGION", "eu-west-1",
                "MAX_CONCURRENCY", "10"));
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                env.remove(overrides[i]);
            } else {
                env.put(overrides[i], overrides[i + 1]);
            }
        }
        return env;
    }

    @Test
    void readsTheDeploymentsSettings() {
        FleetConfig config = FleetConfig.from(env("DRILL_LIST_BUCKET", "assets", "DRILL_LIST_KEY", "drills.json",
                "DEFAULT_DB_SUBNET_GROUP", " drills "));

        assertThat(config.maxConcurrency()).isEqualTo(10);
        assertThat(config.drillList()).contains(new ObjectLocation("assets", "drills.json"));
        assertThat(config.defaultSubnetGroup()).contains("drills");
        assertThat(FleetConfig.from(env()).drillList()).isEqualTo(Optional.empty());
    }

    @Test
    void aMissingOrWrongVariableIsNamed() {
        for (String name : new String[] {"REPORTS_BUCKET", "AWS_REGION", "MAX_CONCURRENCY"}) {
            assertThatThrownBy(() -> FleetConfig.from(env(name, null))).as(name)
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining(name);
        }
        assertThatThrownBy(() -> FleetConfig.from(env("MAX_CONCURRENCY", "ten")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("\"ten\"");
        assertThatThrownBy(() -> FleetConfig.from(env("MAX_CONCURRENCY", "0")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> FleetConfig.from(env("DRILL_LIST_BUCKET", "assets")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("set both or neither");
    }
}
