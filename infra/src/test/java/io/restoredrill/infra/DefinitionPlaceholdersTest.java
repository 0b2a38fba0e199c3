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
        Set<String> used = placeholders(synthesized.definition);
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
    void theRealDefinitionUsesExactlyTheContractsFourPlaceholders() throws Exception {
        assertThat(placeholders(SynthesizedStack.definitionUnderTest())).containsExactlyInAnyOrder(
                "RestoreFunctionArn", "StatusFunctionArn", "ValidateFunctionArn", "CleanupFunctionArn");
    }
}
