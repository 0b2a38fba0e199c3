package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.AwsThrottlingException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.adapter.in.lambda.StateJson;
import io.restoredrill.core.workflow.DrillState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restoredrill.statemachine.SimulatedDrills.Fault;
import static io.restoredrill.statemachine.SimulatedDrills.Script;
import static io.restoredrill.statemachine.SimulatedDrills.spec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios of the workflow, each run on the real ASL engine: the verdict, and that the temporary instance is
 * gone afterwards (or, when cleanup cannot succeed, that the orphan is named).
 */
class RestoreDrillWorkflowTest {

    private final SimulatedDrills drills = new SimulatedDrills();

    @Test
    void passesADrillWhoseChecksPassAndDeletesItsInstance() {
        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        assertThat(run.result().status()).isEqualTo("SUCCEEDED");
        JsonNode verdict = run.result().verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("PASSED");
        assertThat(verdict.path("reason").asText()).isEqualTo("4 checks passed");
        assertThat(verdict.path("instance").asText()).startsWith("restore-drill-orders-");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(verdict.path("orphaned").asBoolean()).isFalse();
        // The night's summary counts it, and summary.json (written by summarize) holds the verdict itself.
        JsonNode summary = run.result().output().orElseThrow().path("summary");
        assertThat(summary.path("drills").asInt()).isEqualTo(1);
        assertThat(summary.path("passed").asInt()).isEqualTo(1);
        assertThat(summary.path("failed").asInt()).isZero();
        assertThat(run.night().summaryDocument().path("verdicts")).containsExactly(verdict);
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void anAlarmTestFailsTheNightOnPurposeWithoutAnyStepOrInstance() throws Exception {
        WorkflowRun run = WorkflowRun.of(drills, Json.MAPPER.readTree(AlarmTest.document()));

        // The night fails, as the ExecutionsFailed alarm needs it to: that is the alarm test.
        assertThat(run.result().status()).isEqualTo("FAILED");
        JsonNode verdict = run.result().verdictOf(AlarmTest.DRILL_NAME);
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText()).isEqualTo(AlarmTest.REASON);
        assertThat(verdict.path("instance").isNull()).isTrue();
        assertThat(verdict.path("orphaned").asBoolean()).isFalse();
        assertThat(drills.received).as("no restore, status, validate or cleanup").isEmpty();
    }

    @Test
    void passesTheDrillSpecAndExecutionIdToEveryStepUnchanged() {
        WorkflowRun.of(drills, spec("orders"));

        assertThat(drills.received).extracting(SimulatedDrills.Received::step)
                .containsExactly("restore", "status", "status", "status", "validate", "cleanup");
        assertThat(drills.received).allSatisfy(received -> {
            assertThat(received.state().drill()).isEqualTo(StateJson.drill(spec("orders")));
            assertThat(received.state().executionId()).matches("arn:aws:states:[^:]+:\\d{12}:execution:restore-drill:.+");
            assertThat(received.state().error()).isEmpty();
        });
    }

    @Test
    void failsTheDrillAndStillDeletesTheInstanceWhenRestoreThrows() {
        drills.script("orders", Script.passing().restore(Fault.always(
                () -> new RestoreFailedException("RestoreDBInstanceFromDBSnapshot failed: snapshot is encrypted"))));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        JsonNode verdict = run.result().verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText())
                .startsWith("io.restoredrill.core.domain.RestoreFailedException: ")
                .contains("snapshot is encrypted");
        // Restore never reported the instance, so the verdict cannot name it; cleanup found it all the same.
        assertThat(verdict.path("instance").isNull()).isTrue();
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(run.failureCause().path("failedDrills")).containsExactly(Json.MAPPER.valueToTree("orders"));
        assertThat(drills.calls("orders", "validate")).isZero();
        assertThat(cleanupInput().error()).hasValueSatisfying(error -> {
            assertThat(error.error()).isEqualTo(RestoreFailedException.class.getName());
            assertThat(error.cause()).contains("snapshot is encrypted");
        });
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void failsTheDrillWithoutValidatingWhenTheInstanceGoesToFailed() {
        drills.script("orders", Script.passing().statuses("creating", "failed"));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        JsonNode verdict = run.result().verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText()).startsWith("RestoreDrill.InstanceFailed: ");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(run.failureCause().path("orphanedInstances")).isEmpty();
        assertThat(drills.calls("orders", "status")).isEqualTo(2);
        assertThat(drills.calls("orders", "validate")).isZero();
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void stopsPollingWhenTheInstanceDisappears() {
        drills.script("orders", Script.passing().statuses("creating", "deleted"));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        JsonNode verdict = run.result().verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText()).startsWith("RestoreDrill.InstanceGone: ");
        assertThat(drills.calls("orders", "status")).isEqualTo(2);
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void givesUpAfterThePollCapWhenTheInstanceNeverBecomesAvailable() {
        drills.script("orders", Script.passing().statuses("creating"));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        JsonNode verdict = run.result().verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText())
                .startsWith("RestoreDrill.NeverAvailable: ")
                .contains("never became available");
        assertThat(drills.calls("orders", "status")).isEqualTo(DefinitionFacts.pollCap());
        assertThat(drills.calls("orders", "validate")).isZero();
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void failsTheDrillWithTheValidationsReasonWhenACheckFails() {
        drills.script("orders", Script.passing().checksFail("orders has 12 rows; expected at least 1000"));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        JsonNode verdict = run.result().verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText()).isEqualTo("orders has 12 rows; expected at least 1000");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(run.failureCause().path("failedDrills")).containsExactly(Json.MAPPER.valueToTree("orders"));
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void invokesValidateAgainWhileItsProofsAreLeftAndPassesWhenTheyFinish() {
        drills.script("orders", Script.passing().proofRounds(2));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        assertThat(run.result().status()).isEqualTo("SUCCEEDED");
        JsonNode verdict = run.result().verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("PASSED");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(drills.received).extracting(SimulatedDrills.Received::step)
                .containsExactly("restore", "status", "status", "status", "validate", "validate", "cleanup");
        // The second round gets the first round's progress, as the state document passes it on.
        List<DrillState> validates = drills.received.stream().filter(r -> r.step().equals("validate"))
                .map(SimulatedDrills.Received::state).toList();
        assertThat(validates.get(0).proving()).isEmpty();
        assertThat(validates.get(1).proving()).hasValueSatisfying(p -> assertThat(p.round()).isEqualTo(1));
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void endsADrillWhoseProofsNeverFinishAfterTheRoundCapAndStillDeletesTheInstance() {
        drills.script("orders", Script.passing().proofRounds(Integer.MAX_VALUE));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"), spec("billing"));

        JsonNode verdict = run.result().verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText()).startsWith("RestoreDrill.ProofsUnfinished: ");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(drills.calls("orders", "validate")).isEqualTo(DefinitionFacts.validateRounds());
        assertThat(run.result().verdictOf("billing").path("verdict").asText()).isEqualTo("PASSED");
        assertThat(run.failureCause().path("failedDrills")).containsExactly(Json.MAPPER.valueToTree("orders"));
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void failsTheDrillAndDeletesTheInstanceWhenValidateThrows() {
        drills.script("orders", Script.passing().validate(Fault.always(
                () -> new TemporaryDatabaseException("cannot connect to the temporary instance over TLS"))));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        JsonNode verdict = run.result().verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText())
                .startsWith(TemporaryDatabaseException.class.getName() + ": ")
                .contains("cannot connect to the temporary instance over TLS");
        assertThat(drills.calls("orders", "validate")).isEqualTo(1);
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(run.failureCause().path("failedDrills")).hasSize(1);
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void retriesCleanupAfterATransientErrorAndPasses() {
        drills.script("orders", Script.passing().cleanup(Fault.once(
                () -> new AwsThrottlingException("DeleteDBInstance: Rate exceeded", null))));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        assertThat(run.result().status()).isEqualTo("SUCCEEDED");
        JsonNode verdict = run.result().verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("PASSED");
        assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
        assertThat(drills.calls("orders", "cleanup")).isEqualTo(2);
        assertThat(run.result().retries()).containsExactly("Cleanup");
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void failsTheExecutionNamingTheOrphanWhenCleanupNeverSucceeds() {
        drills.script("orders", Script.passing().cleanup(Fault.always(
                () -> new AwsThrottlingException("DeleteDBInstance: Rate exceeded", null))));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        String instance = SimulatedDrills.instanceIdOf(drills.received.getFirst().state());
        JsonNode verdict = run.result().verdictOf("orders");
        // The checks passed, but a drill that leaves its instance behind has failed.
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText())
                .startsWith("4 checks passed; then cleanup failed: " + AwsThrottlingException.class.getName());
        assertThat(verdict.path("cleanup").asText()).isEqualTo("FAILED: orphan " + instance);
        assertThat(verdict.path("orphaned").asBoolean()).isTrue();
        JsonNode cause = run.failureCause();
        assertThat(cause.path("failedDrills")).containsExactly(Json.MAPPER.valueToTree("orders"));
        assertThat(cause.path("orphanedInstances")).containsExactly(Json.MAPPER.valueToTree("FAILED: orphan " + instance));
        assertThat(drills.calls("orders", "cleanup")).isEqualTo(1 + DefinitionFacts.cleanupRetries());
        assertThat(drills.registry.instanceIds()).containsExactly(instance);
    }

    @Test
    void runsEveryDrillOfAFleetToTheEndWhenOneFails() {
        drills.script("billing", Script.passing().restore(Fault.always(
                () -> new RestoreFailedException("no snapshot of billing-prod is newer than 26 hours"))));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"), spec("billing"), spec("inventory"));

        JsonNode cause = run.failureCause();
        assertThat(cause.path("failedDrills")).containsExactly(Json.MAPPER.valueToTree("billing"));
        assertThat(cause.path("orphanedInstances")).isEmpty();
        assertThat(run.result().verdicts()).extracting(verdict -> verdict.path("drill").asText() + " "
                        + verdict.path("verdict").asText() + " " + verdict.path("cleanup").asText())
                .containsExactly("orders PASSED deleted", "billing FAILED deleted", "inventory PASSED deleted");
        for (String drill : List.of("orders", "billing", "inventory")) {
            assertThat(drills.calls(drill, "cleanup")).as("cleanups of %s", drill).isEqualTo(1);
        }
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void givesEachChildTheInputTheRealHandlersSuiteRunsTheChildDefinitionWith() {
        // RealHandlersWorkflowTest runs drill.asl.json alone with Json.childInput: it must be what the parent's
        // ItemSelector makes of the plan's item, or that suite would test another input than AWS gives.
        WorkflowRun run = WorkflowRun.of(drills, spec("orders"), spec("billing"));

        for (var iteration : run.result().iterations()) {
            JsonNode input = iteration.input().orElseThrow();
            String drill = input.path("state").path("drill").path("name").asText();
            assertThat(input).as("input of %s", drill).isEqualTo(Json.childInput(spec(drill),
                    input.path("state").path("executionId").asText(), iteration.index(),
                    SimulatedNight.DEFAULT_RESTORE_SECONDS));
            assertThat(input.path("state").path("executionId").asText())
                    .matches("arn:aws:states:[^:]+:\\d{12}:execution:restore-drill:.+");
        }
    }

    private DrillState cleanupInput() {
        return drills.received.stream()
                .filter(received -> received.step().equals("cleanup"))
                .map(SimulatedDrills.Received::state)
                .findFirst()
                .orElseThrow();
    }
}
