package io.restoredrill.infra;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ${...} placeholder of the workflow definition is supplied by the stack. The definition is the real one
 * (statemachine module) when this checkout has it, else the test fixture; -Drestoredrill.stateMachineDefinition=PATH
 * points the whole suite at another file.
 */
class DefinitionPlaceholdersTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    static Set<String> placeholders(Path definition) throws Exception {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(Files.readString(definition));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    @Test
    void everyPlaceholderOfTheDefinitionIsSuppliedByTheStack() throws Exception {
        SynthesizedStack synthesized = SynthesizedStack.get();
        Set<String> used = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(WorkflowDefinition.deployable(synthesized.definition));
        while (matcher.find()) {
            used.add(matcher.group(1));
        }
        assertThat(used).as("placeholders in " + synthesized.definition).isNotEmpty();
        @SuppressWarnings("unchecked")
        var machine = (java.util.Map<String, Object>) synthesized.resources("AWS::StepFunctions::StateMachine")
                .values().iterator().next().get("Properties");
        @SuppressWarnings("unchecked")
        Set<String> supplied = ((java.util.Map<String, Object>) machine.get("DefinitionSubstitutions")).keySet();
        assertThat(supplied).containsAll(used);
        assertThat(synthesized.stack.definitionSubstitutions().keySet()).containsExactlyInAnyOrderElementsOf(supplied);
    }

    @Test
    void theRealDefinitionUsesExactlyTheContractsSixPlaceholders() throws Exception {
        Path fleet = SynthesizedStack.definitionUnderTest();
        Set<String> all = new TreeSet<>(placeholders(fleet));
        all.addAll(placeholders(fleet.resolveSibling(WorkflowDefinition.DRILL_FILE)));
        assertThat(all).containsExactlyInAnyOrder("RestoreFunctionArn", "StatusFunctionArn", "ValidateFunctionArn",
                "CleanupFunctionArn", "PlanFunctionArn", "SummarizeFunctionArn");
    }

    @Test
    void theDeployedDefinitionRunsTheDrillDefinitionAsItsDistributedMapsItemProcessor() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var deployed = json.readTree(WorkflowDefinition.deployable(SynthesizedStack.definitionUnderTest()));
        var drill = json.readTree(Files.readString(SynthesizedStack.definitionUnderTest()
                .resolveSibling(WorkflowDefinition.DRILL_FILE)));
        var processor = deployed.at("/States/RunDrills/ItemProcessor");
        assertThat(processor.at("/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
        assertThat(processor.get("StartAt")).isEqualTo(drill.get("StartAt"));
        assertThat(processor.get("States")).isEqualTo(drill.get("States"));
    }
}
