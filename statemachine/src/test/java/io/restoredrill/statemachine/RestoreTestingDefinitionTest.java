package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.statemachine.harness.LocalExecution;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What restore-testing.asl.json promises by its shape: RestoreTestingWorkflowTest runs it. */
class RestoreTestingDefinitionTest {

    private static final JsonNode DEFINITION = Json.parse(Definition.restoreTesting());

    @Test
    void usesExactlyThePlaceholdersItDeclaresAndPassesAslValidator() throws Exception {
        assertThat(Definition.placeholdersIn(Definition.restoreTesting()))
                .containsExactlyElementsOf(Definition.RESTORE_TESTING_PLACEHOLDERS);
        assertThat(DefinitionTest.aslValidator(LocalExecution.MODULE.resolve("src/main/resources/"
                + Definition.RESTORE_TESTING_RESOURCE))).isEqualTo("valid");
    }

    @Test
    void invokesCleanupOnlyForAnAuroraClustersDrillInstanceAfterTheReport() {
        List<String> resources = new ArrayList<>();
        DEFINITION.path("States").forEach(state -> {
            if (state.has("Resource")) {
                resources.add(state.path("Resource").asText());
            }
        });
        assertThat(resources).containsExactly("${RestoreTestAdoptFunctionArn}", "${StatusFunctionArn}",
                "${ValidateFunctionArn}", "${RestoreTestReportFunctionArn}", "${CleanupFunctionArn}");
        // AWS Backup deletes what it restored; the only thing cleanup deletes is the drill instance of a cluster test,
        // reached only through the choice on state.cluster, after AWS Backup was told the verdict.
        JsonNode states = DEFINITION.path("States");
        assertThat(states.path("Report").path("Next").asText()).isEqualTo("IsThereADrillInstance");
        JsonNode choice = states.path("IsThereADrillInstance");
        assertThat(choice.path("Choices")).singleElement().satisfies(c -> {
            assertThat(c.path("Variable").asText()).isEqualTo("$.state.cluster");
            assertThat(c.path("Next").asText()).isEqualTo("Cleanup");
        });
        assertThat(choice.path("Default").asText()).isEqualTo("Judge");
        List<String> toCleanup = new ArrayList<>();
        states.fields().forEachRemaining(e -> {
            if (e.getValue().toString().contains("\"Next\":\"Cleanup\"")) {
                toCleanup.add(e.getKey());
            }
        });
        assertThat(toCleanup).containsExactly("IsThereADrillInstance");
    }

    @Test
    void everyFailureOfTheInstancePollReachesTheReport() {
        JsonNode states = DEFINITION.path("States");
        assertThat(states.path("CheckInstanceStatus").path("Catch")).singleElement()
                .satisfies(c -> assertThat(c.path("Next").asText()).isEqualTo("Report"));
        assertThat(states.path("RecordInstanceFailed").path("Next").asText()).isEqualTo("Report");
        assertThat(states.path("RecordNeverAvailable").path("Next").asText()).isEqualTo("Report");
        assertThat(states.path("CheckPollBudget").path("Choices").get(0).path("Next").asText())
                .isEqualTo("RecordNeverAvailable");
    }

    @Test
    void everyFailureOfAdoptOrValidateReachesTheReportAndTheRoundsAreCappedAsTheDrills() {
        for (String task : List.of("Adopt", "Validate")) {
            JsonNode catches = DEFINITION.path("States").path(task).path("Catch");
            assertThat(catches).as(task).singleElement().satisfies(c -> {
                assertThat(c.path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
                assertThat(c.path("Next").asText()).isEqualTo("Report");
            });
        }
        JsonNode rounds = DEFINITION.path("States").path("AreProofsDone").path("Choices").get(1).path("And").get(1);
        assertThat(rounds.path("NumericLessThan").asInt()).isEqualTo(DrillSpec.VALIDATE_ROUNDS);
        assertThat(DEFINITION.has("TimeoutSeconds")).isFalse();
    }
}
