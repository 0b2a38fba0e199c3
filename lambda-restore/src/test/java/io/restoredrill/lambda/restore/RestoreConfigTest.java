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
    void failsNamingTheMissingVariable() {
        assertThatThrownBy(() -> RestoreConfig.fromEnvironment(Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("AWS_REGION");
    }
}
