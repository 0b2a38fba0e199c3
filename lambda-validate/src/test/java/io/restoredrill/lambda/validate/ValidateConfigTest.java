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

    @org.junit.jupiter.api.Test
    void anRdsCaBundleThatIsNotAFileIsRejectedAtStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ValidateConfig config = ValidateConfig.fromEnvironment(java.util.Map.of("REPORTS_BUCKET", "b",
                "AWS_REGION", "us-east-1", "RDS_CA_BUNDLE", dir.resolve("missing.pem").toString()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ValidateWiring.rdsCaBundle(config))
                .isInstanceOf(io.restoredrill.core.domain.InvalidConfigurationException.class)
                .hasMessageContaining("RDS_CA_BUNDLE").hasMessageContaining("missing.pem");
    }

    @org.junit.jupiter.api.Test
    void withoutAnyRdsCaBundleValidateRefusesToStartAndSaysHowToGetOne() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ValidateWiring.class.getResource(ValidateWiring.BUNDLED_CA) == null,
                "this build bundles the RDS CA certificates");
        ValidateConfig config = ValidateConfig.fromEnvironment(java.util.Map.of("REPORTS_BUCKET", "b", "AWS_REGION", "us-east-1"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ValidateWiring.rdsCaBundle(config))
                .isInstanceOf(io.restoredrill.core.domain.InvalidConfigurationException.class)
                .hasMessageContaining("RDS_CA_BUNDLE").hasMessageContaining("fetch-rds-ca-bundle.sh");
    }

    @org.junit.jupiter.api.Test
    void aGivenRdsCaBundleIsUsed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path pem = java.nio.file.Files.writeString(dir.resolve("bundle.pem"), "-----BEGIN CERTIFICATE-----\n");
        ValidateConfig config = ValidateConfig.fromEnvironment(java.util.Map.of("REPORTS_BUCKET", "b",
                "AWS_REGION", "us-east-1", "RDS_CA_BUNDLE", pem.toString()));

        org.assertj.core.api.Assertions.assertThat(ValidateWiring.rdsCaBundle(config)).isEqualTo(pem);
    }
}
