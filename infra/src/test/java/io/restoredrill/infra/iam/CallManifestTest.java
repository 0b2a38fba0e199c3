package io.restoredrill.infra.iam;

import io.restoredrill.core.aws.FunctionCall;
import io.restoredrill.core.aws.FunctionCalls;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CallManifestTest {

    @Test
    void everyFunctionOfTheStackHasItsCallsFromTheManifestOrTheAwaitedCopy() {
        assertThat(CallManifest.load()).extracting(FunctionCall::function).containsAll(FunctionCall.FUNCTIONS);
        assertThat(CallManifest.awaitedFunctions()).isSubsetOf("plan", "summarize");
    }

    @Test
    void theAwaitedCopyAgreesWithTheManifestForEveryFunctionTheManifestHas() {
        for (String function : List.of("plan", "summarize")) {
            List<FunctionCall> manifest = FunctionCalls.of(function);
            if (manifest.isEmpty()) {
                continue; // not merged yet: the awaited copy stands in (CallManifest)
            }
            List<FunctionCall> awaited = CallManifest.awaited().stream().filter(c -> c.function().equals(function))
                    .toList();
            assertThat(awaited).as("awaited-function-calls.json vs function-calls.json for %s: delete the copy's"
                    + " entries, or update them", function).containsExactlyInAnyOrderElementsOf(manifest);
        }
    }
}
