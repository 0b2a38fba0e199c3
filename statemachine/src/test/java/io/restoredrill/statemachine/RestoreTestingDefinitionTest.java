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
    void neverInvokesCleanupOrAnythingButAdoptValidateAndReport() {
        List<String> resources = new ArrayList<>();
        DEFINITION.path("States").forEach(state -> {
            if (state.has("Resource")) {
                resources.add(state.path("Resource").asText());
            }
        });
        // AWS Backup deletes the restored instance when the validation window ends; nothing here deletes anything.
        assertThat(resources).containsExactly("${RestoreTestAdoptFunctionArn}", "${ValidateFunctionArn}",
                "${RestoreTestReportFunctionArn}");
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
