package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.statemachine.harness.ExecutionResult;
import io.restoredrill.statemachine.harness.LocalExecution;
import io.restoredrill.statemachine.harness.TaskHost;

import static org.assertj.core.api.Assertions.assertThat;

/** One execution of the definition on the local engine, with its Tasks served by simulated steps. */
record WorkflowRun(ExecutionResult result, int restoreInvocations, int cleanupInvocations) {

    static WorkflowRun of(SimulatedDrills drills, JsonNode... specs) {
        try (TaskHost host = TaskHost.start(drills.tasks())) {
            ExecutionResult result = LocalExecution.run(host, Json.drills(specs));
            // The Map's iterations must never fail: a failed iteration fails the Map and stops the other drills
            // (and their cleanups). Every drill ends with a verdict instead.
            assertThat(result.iterations())
                    .as("Map iterations of %s", result)
                    .hasSize(specs.length)
                    .allSatisfy(iteration -> assertThat(iteration.status()).isEqualTo("SUCCEEDED"));
            return new WorkflowRun(result, host.invocations("restore"), host.invocations("cleanup"));
        }
    }

    /** The Fail state's cause: {"failedDrills": [...], "orphanedInstances": [...]}. */
    JsonNode failureCause() {
        assertThat(result.status()).as("execution status").isEqualTo("FAILED");
        assertThat(result.error()).contains("RestoreDrill.DrillsFailed");
        return Json.parse(result.cause().orElseThrow());
    }
}
