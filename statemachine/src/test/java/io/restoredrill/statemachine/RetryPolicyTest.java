package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.UnsafeDeletionException;
import io.restoredrill.statemachine.harness.LambdaServiceFault;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restoredrill.statemachine.SimulatedDrills.Fault;
import static io.restoredrill.statemachine.SimulatedDrills.Script;
import static io.restoredrill.statemachine.SimulatedDrills.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** Retry only what is transient: a retry must never turn a drill's real failure into a pass, or repeat a refusal. */
class RetryPolicyTest {

    /** The errors every Task retries, and no others. */
    static final List<String> TRANSIENT_ERRORS = List.of(
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException",
            // The Lambda service's own timeout for an invocation; ErrorEquals matches names exactly, so neither
            // Lambda.SdkClientException nor States.Timeout covers it.
            "Lambda.ClientExecutionTimeoutException",
            "io.restoredrill.core.domain.AwsThrottlingException",
            "software.amazon.awssdk.core.exception.SdkClientException");

    private final SimulatedDrills drills = new SimulatedDrills();

    @Test
    void doesNotRetryADrillsOwnFailure() {
        drills.script("orders", Script.passing().restore(Fault.always(
                () -> new RestoreFailedException("the snapshot's KMS key is not shared with this account"))));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        assertThat(run.restoreInvocations()).isEqualTo(1);
        assertThat(run.result().retries()).isEmpty();
        assertThat(run.result().verdictOf("orders").path("verdict").asText()).isEqualTo("FAILED");
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void retriesATransientLambdaErrorAndThenPasses() {
        drills.script("orders", Script.passing().restore(Fault.once(
                () -> new LambdaServiceFault("Lambda.TooManyRequestsException", "Rate Exceeded."))));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        assertThat(run.restoreInvocations()).isEqualTo(2);
        assertThat(run.result().retries()).containsExactly("Restore");
        assertThat(run.result().status()).isEqualTo("SUCCEEDED");
        assertThat(run.result().verdictOf("orders").path("verdict").asText()).isEqualTo("PASSED");
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void retriesALambdaClientExecutionTimeoutOnEveryTaskAndThenPasses() {
        drills.script("orders", Script.passing()
                .restore(Fault.once(() -> new LambdaServiceFault("Lambda.ClientExecutionTimeoutException",
                        "Client execution did not complete before the specified timeout configuration.")))
                .validate(Fault.once(() -> new LambdaServiceFault("Lambda.ClientExecutionTimeoutException",
                        "Client execution did not complete before the specified timeout configuration.")))
                .cleanup(Fault.once(() -> new LambdaServiceFault("Lambda.ClientExecutionTimeoutException",
                        "Client execution did not complete before the specified timeout configuration."))));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        assertThat(run.result().retries()).containsExactly("Restore", "Validate", "Cleanup");
        assertThat(run.result().status()).isEqualTo("SUCCEEDED");
        assertThat(run.result().verdictOf("orders").path("verdict").asText()).isEqualTo("PASSED");
        assertThat(drills.registry.instanceIds()).isEmpty();
    }

    @Test
    void neverRetriesARefusedDeletionAndReportsTheInstanceLeftBehind() {
        drills.script("orders", Script.passing().cleanup(Fault.always(
                () -> new UnsafeDeletionException("the instance lacks the tag restore-drill:temporary=true"))));

        WorkflowRun run = WorkflowRun.of(drills, spec("orders"));

        assertThat(run.cleanupInvocations()).isEqualTo(1);
        JsonNode verdict = run.result().verdictOf("orders");
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(verdict.path("reason").asText()).contains(UnsafeDeletionException.class.getName());
        assertThat(verdict.path("orphaned").asBoolean()).isTrue();
        assertThat(run.failureCause().path("orphanedInstances")).hasSize(1);
        assertThat(drills.registry.instanceIds()).hasSize(1);
    }

    @Test
    void everyTaskRetriesExactlyTheTransientErrorsWithBackoff() {
        Map<String, JsonNode> tasks = DefinitionFacts.tasks();

        assertThat(tasks).containsOnlyKeys("PlanNight", "Restore", "CheckInstanceStatus", "Validate", "Cleanup",
                Definition.SUMMARY_STATE);
        tasks.forEach((name, task) -> {
            assertThat(task.path("Retry")).as("%s Retry", name).hasSize(
                    List.of("Cleanup", "Restore", "PlanNight", Definition.SUMMARY_STATE).contains(name) ? 2 : 1);
            JsonNode retrier = task.path("Retry").get(0);
            List<String> errors = new ArrayList<>();
            retrier.path("ErrorEquals").forEach(error -> errors.add(error.asText()));
            assertThat(errors).as("%s retries", name).containsExactlyInAnyOrderElementsOf(TRANSIENT_ERRORS);
            assertThat(retrier.path("BackoffRate").asDouble()).as("%s backoff", name).isGreaterThan(1.0);
            assertThat(retrier.path("MaxAttempts").asInt()).as("%s attempts", name).isBetween(2, 10);
            assertThat(retrier.path("JitterStrategy").asText()).isEqualTo("FULL");
        });
    }

    @Test
    void restoreAlsoWaitsForRoomWhenTheInstanceQuotaIsReachedAndNothingElse() {
        // RDS counts an instance against the DB instance quota until it is deleted (RDS quotas,
        // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html), so at a concurrency equal to the
        // quota a drill that starts as another ends finds the quota reached for a few minutes (FleetSimulation counts
        // them). It waits instead of failing: at least 10 minutes in all.
        JsonNode quota = DefinitionFacts.tasks().get("Restore").path("Retry").get(1);

        assertThat(quota.path("ErrorEquals")).hasSize(1);
        assertThat(quota.path("ErrorEquals").get(0).asText())
                .isEqualTo("io.restoredrill.core.domain.InstanceQuotaReachedException");
        assertThat(quota.path("IntervalSeconds").asInt() * quota.path("MaxAttempts").asInt()).isGreaterThanOrEqualTo(600);
    }

    @Test
    void planAndSummarizeAlsoRetryAFailedReadOrWriteOfTheNightsDocuments() {
        for (String task : List.of("PlanNight", Definition.SUMMARY_STATE)) {
            JsonNode documents = DefinitionFacts.tasks().get(task).path("Retry").get(1);
            assertThat(documents.path("ErrorEquals")).extracting(JsonNode::asText)
                    .containsExactly("io.restoredrill.core.adapter.s3.NightDocumentException");
            assertThat(documents.path("MaxAttempts").asInt()).isBetween(2, 10);
        }
    }

    @Test
    void cleanupAlsoWaitsOutAnInstanceThatIsBusyAndNothingElse() {
        JsonNode busy = DefinitionFacts.tasks().get("Cleanup").path("Retry").get(1);

        assertThat(busy.path("ErrorEquals")).hasSize(1);
        assertThat(busy.path("ErrorEquals").get(0).asText()).isEqualTo("io.restoredrill.core.domain.InstanceBusyException");
        // Long enough for a post-restore backup to finish: 10 attempts, up to 5 minutes apart.
        assertThat(busy.path("IntervalSeconds").asInt()).isGreaterThanOrEqualTo(30);
        assertThat(busy.path("MaxAttempts").asInt()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void everyTaskOfADrillRoutesAnyFailureToCleanupOrToTheVerdict() {
        // The parent's Tasks: a plan that refuses the night has started nothing and fails it with its own error
        // (PlanRefused); any other failure of plan or summary fails the execution as it is, visibly (a summary that
        // fails leaves every verdict in the Map Run's results).
        DefinitionFacts.tasks().forEach((name, task) -> {
            if (name.equals(Definition.SUMMARY_STATE)) {
                assertThat(task.has("Catch")).as("%s Catch", name).isFalse();
                return;
            }
            if (name.equals("PlanNight")) {
                assertThat(task.path("Catch")).singleElement().satisfies(catcher -> {
                    assertThat(catcher.path("ErrorEquals")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                            "io.restoredrill.core.domain.NoCapacityException",
                            "io.restoredrill.core.domain.InvalidConfigurationException");
                    assertThat(catcher.path("Next").asText()).isEqualTo("PlanRefused");
                });
                return;
            }
            assertThat(task.path("Catch")).as("%s Catch", name).hasSize(1);
            JsonNode catcher = task.path("Catch").get(0);
            assertThat(catcher.path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
            assertThat(catcher.path("Next").asText()).isEqualTo(name.equals("Cleanup") ? "Judge" : "Cleanup");
        });
    }
}
