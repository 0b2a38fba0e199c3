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

/** How many drills run at once is a deployment parameter, written into the definition's Map state. */
class DrillConcurrencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDeploymentSetsTheMapStatesMaxConcurrencyAndChangesNothingElse() throws Exception {
        Path definition = SynthesizedStack.definitionUnderTest();

        JsonNode deployed = JSON.readTree(RestoreDrillStack.definitionWithConcurrency(definition, 5));

        JsonNode original = JSON.readTree(Files.readString(definition));
        assertThat(deployed.at("/States/RunDrills/MaxConcurrency").asInt()).isEqualTo(5);
        ((com.fasterxml.jackson.databind.node.ObjectNode) deployed.at("/States/RunDrills"))
                .set("MaxConcurrency", original.at("/States/RunDrills/MaxConcurrency"));
        assertThat(deployed).isEqualTo(original);
    }

    @Test
    void aDefinitionWithoutTheDrillsMapStateIsRefused(@TempDir Path dir) throws Exception {
        Path definition = Files.writeString(dir.resolve("other.asl.json"),
                "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}");

        assertThatThrownBy(() -> RestoreDrillStack.definitionWithConcurrency(definition, 2))
                .hasMessageContaining("RunDrills");
    }

    @Test
    void theSynthesizedStateMachineRunsTwoDrillsAtOnceByDefault() throws Exception {
        SynthesizedStack synthesized = SynthesizedStack.get();
        JsonNode machine = JSON.valueToTree(synthesized.template.findResources("AWS::StepFunctions::StateMachine"))
                .elements().next().get("Properties");

        JsonNode definition = JSON.readTree(Policies.render(machine.get("DefinitionString")));

        assertThat(definition.at("/States/RunDrills/MaxConcurrency").asInt())
                .isEqualTo(DeploymentConfig.DEFAULT_MAX_CONCURRENCY);
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
