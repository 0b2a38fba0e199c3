package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.statemachine.harness.ExecutionResult;
import io.restoredrill.statemachine.harness.LocalExecution;
import io.restoredrill.statemachine.harness.TaskHost;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One execution of the deployable definition (the parent, the drill's states embedded) on the local engine, its Tasks
 * served by simulated steps and the simulated plan and summarize. The engine runs the Distributed Map inline; the
 * harness emulates its ItemReader and ResultWriter (see run-execution.mjs).
 */
record WorkflowRun(ExecutionResult result, int restoreInvocations, int cleanupInvocations, SimulatedNight night) {

    static WorkflowRun of(SimulatedDrills drills, JsonNode... specs) {
        SimulatedNight night = new SimulatedNight(2);
        try (TaskHost host = TaskHost.start(night.tasks(drills.tasks()), night.objects())) {
            ExecutionResult result = LocalExecution.run(host, Json.drills(specs));
            // The Map's iterations must never fail: a failed iteration fails the Map and stops the other drills
            // (and their cleanups). Every drill ends with a verdict instead.
            assertThat(result.iterations())
                    .as("Map iterations of %s", result)
                    .hasSize(specs.length)
                    .allSatisfy(iteration -> assertThat(iteration.status()).isEqualTo("SUCCEEDED"));
            return new WorkflowRun(result, host.invocations("restore"), host.invocations("cleanup"), night);
        }
    }

    /** The Fail state's cause: {"failedDrills": [...], "orphanedInstances": [...], "summary": "s3://..."}. */
    JsonNode failureCause() {
        assertThat(result.status()).as("execution status").isEqualTo("FAILED");
        assertThat(result.error()).contains("RestoreDrill.DrillsFailed");
        return Json.parse(result.cause().orElseThrow());
    }
}
