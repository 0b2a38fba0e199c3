package io.restoredrill.lambda.cleanup;

import io.restoredrill.core.domain.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CleanupConfigTest {

    @Test
    void readsTheRegion() {
        assertThat(CleanupConfig.from(Map.of("AWS_REGION", "eu-west-1")).region()).isEqualTo("eu-west-1");
    }

    @Test
    void failsNamingAwsRegionWhenItIsMissing() {
        assertThatThrownBy(() -> CleanupConfig.from(Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("AWS_REGION");
    }

    @Test
    void failsNamingAwsRegionWhenItIsBlank() {
        assertThatThrownBy(() -> CleanupConfig.from(Map.of("AWS_REGION", " ")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("AWS_REGION");
    }
}
