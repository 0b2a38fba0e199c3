package io.restoredrill.statemachine;

import io.restoredrill.statemachine.harness.ExecutionResult;
import io.restoredrill.statemachine.harness.LocalExecution;
import io.restoredrill.statemachine.harness.TaskHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionTest {

    @Test
    void usesExactlyThePlaceholdersItDeclares() {
        assertThat(Definition.placeholdersIn(Definition.text())).containsExactlyElementsOf(Definition.PLACEHOLDERS);
    }

    @Test
    void endsAnExecutionThatRunsLongerThanItsTimeout() {
        // Standard or Express is chosen when the state machine is created (the infra module), not here.
        assertThat(DefinitionFacts.definition().path("TimeoutSeconds").asInt()).isBetween(3600, 6 * 3600);
    }

    @Test
    void passesAslValidatorAsStoredAndWithItsPlaceholdersFilled(@TempDir Path dir) throws Exception {
        Path filled = dir.resolve("restore-drill.asl.json");
        Files.writeString(filled, Definition.substituted(Definition.PLACEHOLDERS.stream().collect(Collectors.toMap(
                name -> name, name -> "arn:aws:lambda:eu-west-1:123456789012:function:" + name))));

        assertThat(aslValidator(LocalExecution.DEFINITION)).isEqualTo("valid");
        assertThat(aslValidator(filled)).isEqualTo("valid");
    }

    @Test
    void capsValidateRoundsAtTheNumberValidateCountsItsLastRoundBy() {
        // Validate writes the report in its last round (DrillSpec.VALIDATE_ROUNDS); the loop must allow exactly that
        // many, or a drill would end without its report (fewer) or the cap would never be reached (more).
        assertThat(DefinitionFacts.validateRounds()).isEqualTo(io.restoredrill.core.domain.DrillSpec.VALIDATE_ROUNDS);
    }

    @Test
    void refusesToFillPlaceholdersWithoutAValueForEach() {
        assertThatThrownBy(() -> Definition.substituted(Map.of("RestoreFunctionArn", "arn")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("StatusFunctionArn")
                .hasMessageContaining("CleanupFunctionArn");
    }

    @Test
    void failsAnExecutionWithoutDrills() {
        try (TaskHost host = TaskHost.start(new SimulatedDrills().tasks())) {
            ExecutionResult result = LocalExecution.run(host, Json.drills());

            assertThat(result.status()).isEqualTo("FAILED");
            assertThat(result.error()).contains("RestoreDrill.NoDrills");
            assertThat(host.invocations("restore")).isZero();
        }
    }

    @Test
    void reportsADrillWithoutANameAndStillRunsTheOthers() {
        SimulatedDrills drills = new SimulatedDrills();

        WorkflowRun run = WorkflowRun.of(drills, Json.parse("{\"source\": {}}"), SimulatedDrills.spec("orders"));

        assertThat(run.failureCause().path("failedDrills")).containsExactly(Json.MAPPER.valueToTree("drill #0 (no name)"));
        assertThat(run.result().verdictOf("orders").path("verdict").asText()).isEqualTo("PASSED");
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    /** Runs the asl-validator the build installed; "valid", or what it reported. */
    private static String aslValidator(Path definition) throws IOException, InterruptedException {
        Path validator = LocalExecution.MODULE.resolve("node_modules/asl-validator/dist/bin/asl-validator.js");
        Process process = new ProcessBuilder(LocalExecution.node(), validator.toString(), "--json-path",
                definition.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() == 0 ? "valid" : output;
    }
}
