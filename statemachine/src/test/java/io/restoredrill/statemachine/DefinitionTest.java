package io.restoredrill.statemachine;

import io.restoredrill.statemachine.harness.ExecutionResult;
import io.restoredrill.statemachine.harness.LambdaServiceFault;
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
        assertThat(Definition.placeholdersIn(Definition.text())).containsExactlyInAnyOrderElementsOf(Definition.PLACEHOLDERS);
    }

    @Test
    void setsNoTimeoutThatCouldStopADrillBeforeItsCleanup() {
        // Stopping the parent stops its Map Run's child executions, and a child's timeout stops it wherever it is:
        // either would leave the temporary instance to the reaper. Every phase of a drill is bounded instead
        // (DrillBoundsTest), so both end on their own. Standard executions may run a year (Step Functions quotas,
        // https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html).
        assertThat(DefinitionFacts.definition().has("TimeoutSeconds")).isFalse();
        assertThat(Json.parse(Definition.drill()).has("TimeoutSeconds")).isFalse();
    }

    @Test
    void embedsTheDrillDefinitionAsTheDistributedMapsItemProcessor() {
        var map = DefinitionFacts.definition().path("States").path(Definition.DRILLS_MAP_STATE);
        var drill = Json.parse(Definition.drill());

        assertThat(map.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText()).isEqualTo("DISTRIBUTED");
        assertThat(map.path("ItemProcessor").path("ProcessorConfig").path("ExecutionType").asText())
                .isEqualTo("STANDARD");
        assertThat(map.path("ItemProcessor").path("StartAt")).isEqualTo(drill.path("StartAt"));
        assertThat(map.path("ItemProcessor").path("States")).isEqualTo(drill.path("States"));
        // Both files' placeholders, and no others, are in the deployable text.
        assertThat(Definition.placeholdersIn(Definition.drill()))
                .containsExactly("RestoreFunctionArn", "StatusFunctionArn", "ValidateFunctionArn", "CleanupFunctionArn");
    }

    @Test
    void readsItemsFromThePlanAndWritesResultsWhereThePlanSays() {
        // Fields of the Distributed Map per the Developer Guide: "ItemReader (Map)", "ResultWriter (Map)",
        // "MaxConcurrency / MaxConcurrencyPath", "ToleratedFailurePercentage"
        // (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html).
        var map = DefinitionFacts.definition().path("States").path(Definition.DRILLS_MAP_STATE);

        assertThat(map.path("ItemReader").path("Resource").asText()).isEqualTo("arn:aws:states:::s3:getObject");
        assertThat(map.path("ItemReader").path("ReaderConfig").path("InputType").asText()).isEqualTo("JSON");
        assertThat(map.path("ItemReader").path("Parameters").path("Bucket.$").asText()).isEqualTo("$.plan.items.bucket");
        assertThat(map.path("ItemReader").path("Parameters").path("Key.$").asText()).isEqualTo("$.plan.items.key");
        assertThat(map.path("MaxConcurrencyPath").asText()).isEqualTo("$.plan.concurrency");
        assertThat(map.has("MaxConcurrency")).isFalse();
        assertThat(map.path("ToleratedFailurePercentage").asInt()).isEqualTo(100);
        assertThat(map.path("ResultWriter").path("Resource").asText()).isEqualTo("arn:aws:states:::s3:putObject");
        assertThat(map.path("ResultWriter").path("Parameters").path("Bucket.$").asText())
                .isEqualTo("$.plan.results.bucket");
        assertThat(map.path("ResultWriter").path("Parameters").path("Prefix.$").asText())
                .isEqualTo("$.plan.results.prefix");
        assertThat(map.path("ItemSelector").path("state").path("drill.$").asText()).isEqualTo("$$.Map.Item.Value.drill");
        assertThat(map.path("ItemSelector").path("limits.$").asText()).isEqualTo("$$.Map.Item.Value.limits");
    }

    @Test
    void passesAslValidatorAsStoredAndWithItsPlaceholdersFilled(@TempDir Path dir) throws Exception {
        // asl-validator 4.0.0 knows the Distributed Map's fields: it rejects, e.g., a MaxConcurrencyPath that is no
        // reference path (checked below), so its "valid" covers ItemReader, ResultWriter and ProcessorConfig too.
        Path filled = dir.resolve("fleet-filled.asl.json");
        Files.writeString(filled, Definition.substituted(Definition.PLACEHOLDERS.stream().collect(Collectors.toMap(
                name -> name, name -> "arn:aws:lambda:eu-west-1:123456789012:function:" + name))));
        Path deployable = dir.resolve("fleet.asl.json");
        Files.writeString(deployable, Definition.text());
        Path broken = dir.resolve("broken.asl.json");
        Files.writeString(broken, Definition.text().replace("\"$.plan.concurrency\"", "\"plan.concurrency\""));

        assertThat(aslValidator(LocalExecution.DRILL)).isEqualTo("valid");
        assertThat(aslValidator(LocalExecution.FLEET_AS_STORED)).isEqualTo("valid");
        assertThat(aslValidator(deployable)).isEqualTo("valid");
        assertThat(aslValidator(filled)).isEqualTo("valid");
        assertThat(aslValidator(broken)).contains("MaxConcurrencyPath");
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
        SimulatedNight night = new SimulatedNight(2);
        try (TaskHost host = TaskHost.start(night.tasks(new SimulatedDrills().tasks()), night.objects())) {
            ExecutionResult result = LocalExecution.run(host, Json.drills());

            assertThat(result.status()).isEqualTo("FAILED");
            assertThat(result.error()).contains("RestoreDrill.NoDrills");
            assertThat(host.invocations("restore")).isZero();
        }
    }

    @Test
    void failsTheNightWithThePlansOwnErrorWhenThePlanRefusesIt() {
        SimulatedDrills drills = new SimulatedDrills();
        SimulatedNight night = new SimulatedNight(2).planFails(() -> new LambdaServiceFault(
                "io.restoredrill.core.domain.NoCapacityException",
                "the RDS quota of 40 DB instances is used up (40 in use): no drill can run"));
        try (TaskHost host = TaskHost.start(night.tasks(drills.tasks()), night.objects())) {
            ExecutionResult result = LocalExecution.run(host, Json.drills(SimulatedDrills.spec("orders")));

            assertThat(result.status()).isEqualTo("FAILED");
            assertThat(result.error()).contains("io.restoredrill.core.domain.NoCapacityException");
            assertThat(result.cause().orElseThrow()).contains("the RDS quota of 40 DB instances is used up");
            assertThat(night.planCalls()).as("a refusal is not retried").isEqualTo(1);
            assertThat(host.invocations("restore")).isZero();
        }
    }

    @Test
    void retriesAPlanWhoseS3WriteFailedAndRunsTheNight() {
        SimulatedDrills drills = new SimulatedDrills();
        SimulatedNight night = new SimulatedNight(2).planFails(() -> new LambdaServiceFault(
                "io.restoredrill.core.adapter.s3.NightDocumentException", "cannot write runs/x/drills.json: 503"));
        try (TaskHost host = TaskHost.start(night.tasks(drills.tasks()), night.objects())) {
            ExecutionResult result = LocalExecution.run(host, Json.drills(SimulatedDrills.spec("orders")));

            assertThat(result.status()).isEqualTo("SUCCEEDED");
            assertThat(night.planCalls()).isEqualTo(2);
            assertThat(result.verdictOf("orders").path("verdict").asText()).isEqualTo("PASSED");
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
    static String aslValidator(Path definition) throws IOException, InterruptedException {
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
