package io.restoredrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How many drills run at once is a deployment setting: the plan function's MAX_CONCURRENCY, which the plan lowers to
 * what the RDS quotas leave and hands to the Distributed Map (MaxConcurrencyPath $.plan.concurrency). The definition
 * holds no number of its own.
 */
class DrillConcurrencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePlanFunctionGetsTheConfiguredConcurrencyAndTheMapReadsThePlans() throws Exception {
        SynthesizedStack synthesized = SynthesizedStack.get();
        JsonNode plan = JSON.valueToTree(synthesized.resources("AWS::Lambda::Function")).properties().stream()
                .map(java.util.Map.Entry::getValue)
                .filter(function -> function.at("/Properties/Handler").asText()
                        .equals(RestoreDrillStack.Handler.PLAN.handler()))
                .findFirst().orElseThrow();
        JsonNode machine = JSON.valueToTree(synthesized.template.findResources("AWS::StepFunctions::StateMachine"))
                .elements().next().get("Properties");
        JsonNode definition = JSON.readTree(Policies.render(machine.get("DefinitionString")));

        // SynthesizedStack's configuration sets no maxConcurrency: the default.
        assertThat(plan.at("/Properties/Environment/Variables/MAX_CONCURRENCY").asText())
                .isEqualTo(Integer.toString(DeploymentConfig.DEFAULT_MAX_CONCURRENCY));
        assertThat(definition.at("/States/RunDrills/MaxConcurrencyPath").asText()).isEqualTo("$.plan.concurrency");
        assertThat(definition.at("/States/RunDrills").has("MaxConcurrency")).isFalse();
    }

    @Test
    void aDefinitionWithoutTheDrillsMapStateIsRefused(@TempDir Path dir) throws Exception {
        Path definition = Files.writeString(dir.resolve("other.asl.json"),
                "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}");

        assertThatThrownBy(() -> WorkflowDefinition.deployable(definition)).hasMessageContaining("RunDrills");
    }

    @Test
    void theDefaultIsTenAndTheMostIsTheDefaultRdsInstanceQuota() {
        assertThat(DeploymentConfig.DEFAULT_MAX_CONCURRENCY).isEqualTo(10);
        assertThatThrownBy(() -> DeploymentConfig.load(Optional.empty(), Map.<String, Object>of(
                "vpcId", "vpc-1", "privateSubnetIds", "subnet-a,subnet-b", "drillsFile", "drills.yaml",
                "maxConcurrency", "41")::get, Optional.of("123456789012"), Optional.of("us-east-1")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("between 1 and 40");
    }

    @Test
    void maxConcurrencyComesFromTheContextAndMustBeSensible() {
        DeploymentConfig config = DeploymentConfig.load(Optional.empty(), Map.<String, Object>of(
                "vpcId", "vpc-1", "privateSubnetIds", "subnet-a,subnet-b", "drillsFile", "drills.yaml", "maxConcurrency", "4")::get,
                Optional.of("123456789012"), Optional.of("us-east-1"));

        assertThat(config.maxConcurrency()).isEqualTo(4);
        assertThatThrownBy(() -> DeploymentConfig.load(Optional.empty(), Map.<String, Object>of(
                "vpcId", "vpc-1", "privateSubnetIds", "subnet-a,subnet-b", "drillsFile", "drills.yaml", "maxConcurrency", "0")::get,
                Optional.of("123456789012"), Optional.of("us-east-1")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("maxConcurrency");
    }
}
