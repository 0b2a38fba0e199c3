package io.restoredrill.lambda.validate;

import io.restoredrill.core.domain.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidateConfigTest {

    @Test
    void readsTheBucketThePrefixAndTheRegion() {
        ValidateConfig config = ValidateConfig.fromEnvironment(Map.of(
                "REPORTS_BUCKET", "drill-reports", "REPORTS_PREFIX", "nightly", "AWS_REGION", "eu-west-1"));

        assertThat(config).isEqualTo(new ValidateConfig("drill-reports", "nightly", "eu-west-1"));
    }

    @Test
    void thePrefixDefaultsToReportsWhenUnsetOrBlank() {
        assertThat(ValidateConfig.fromEnvironment(Map.of("REPORTS_BUCKET", "b", "AWS_REGION", "eu-west-1"))
                .reportsPrefix()).isEqualTo("reports");
        assertThat(ValidateConfig.fromEnvironment(Map.of("REPORTS_BUCKET", "b", "REPORTS_PREFIX", " ",
                "AWS_REGION", "eu-west-1")).reportsPrefix()).isEqualTo("reports");
    }

    @Test
    void failsNamingAMissingBucket() {
        assertThatThrownBy(() -> ValidateConfig.fromEnvironment(Map.of("AWS_REGION", "eu-west-1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("REPORTS_BUCKET");
    }

    @Test
    void failsNamingAMissingRegion() {
        assertThatThrownBy(() -> ValidateConfig.fromEnvironment(Map.of("REPORTS_BUCKET", "drill-reports")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("AWS_REGION");
    }
}
