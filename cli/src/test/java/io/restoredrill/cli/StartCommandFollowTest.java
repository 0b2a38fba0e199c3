package io.restoredrill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore-drill start --wait} following a night of the fleet state machine: the parent's Distributed Map runs
 * one child execution per drill, and the CLI prints each drill's verdict as its child ends, then the summary.
 * moto 5.2.1 serves no Map Runs, so {@link StepFunctionsStandIn} (WireMock) answers with the responses the Step
 * Functions API Reference documents, scripted round by round: each of the parent's DescribeExecution moves the
 * scenario on. The CLI runs in a child JVM, its endpoint set through AWS_ENDPOINT_URL_SFN as a user would.
 */
class StartCommandFollowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "123456789012";
    private static final String STATE_MACHINE = "arn:aws:states:us-east-1:" + ACCOUNT + ":stateMachine:restore-drill";
    private static final String PARENT = "arn:aws:states:us-east-1:" + ACCOUNT + ":execution:restore-drill:manual-test";
    /** Map Run and child ARNs as the Developer Guide's "Viewing a Distributed Map Run" page shows them. */
    private static final String MAP_RUN = "arn:aws:states:us-east-1:" + ACCOUNT
            + ":mapRun:restore-drill/RunDrills:5f3c9a2e-7d41-3b8e-a1c2-0e9f6d7b8a90";
    private static final String ORPHAN = "FAILED: orphan restore-drill-billing-0123456789ab";
    private static final double T0 = 1_764_558_000.0; // 2026-12-01T03:00:00Z, epoch seconds as the JSON protocol sends

    private static StepFunctionsStandIn sfn;

    @BeforeAll
    static void standIn() {
        sfn = new StepFunctionsStandIn();
    }

    @AfterAll
    static void stop() {
        sfn.close();
    }

    @BeforeEach
    void reset() {
        sfn.reset();
        sfn.answer("StartExecution", Map.of("stateMachineArn", STATE_MACHINE, "name", "manual-test"),
                "{\"executionArn\": \"" + PARENT + "\", \"startDate\": " + T0 + "}");
    }

    @Test
    void printsEachDrillsVerdictAsItsChildEndsThenTheSummary(@TempDir Path dir) throws Exception {
        // Round 1: the plan step is still running: no Map Run yet.
        sfn.answer("DescribeExecution", Map.of("executionArn", PARENT), StepFunctionsStandIn.STARTED, "round-1",
                parent("RUNNING", null, null, null));
        sfn.answer("ListMapRuns", Map.of("executionArn", PARENT), "round-1", null, "{\"mapRuns\": []}");
        // Round 2: orders has passed and inventory's child failed (on a second page); billing still runs.
        sfn.answer("DescribeExecution", Map.of("executionArn", PARENT), "round-1", "round-2",
                parent("RUNNING", null, null, null));
        sfn.answer("ListMapRuns", Map.of("executionArn", PARENT), "round-2", null, mapRuns(null));
        sfn.answer("ListExecutions", Map.of("mapRunArn", MAP_RUN), "round-2", null, children("page-2",
                child("billing", "RUNNING", 0), child("orders", "SUCCEEDED", 600)));
        sfn.answer("ListExecutions", Map.of("mapRunArn", MAP_RUN, "nextToken", "page-2"), "round-2", null,
                children(null, child("inventory", "FAILED", 900)));
        // Round 3: billing has ended and the parent with it (a drill failed: RestoreDrill.DrillsFailed).
        sfn.answer("DescribeExecution", Map.of("executionArn", PARENT), "round-2", "ended",
                parent("FAILED", null, "RestoreDrill.DrillsFailed", cause()));
        sfn.answer("DescribeExecution", Map.of("executionArn", PARENT), "ended", null,
                parent("FAILED", null, "RestoreDrill.DrillsFailed", cause()));
        sfn.answer("ListMapRuns", Map.of("executionArn", PARENT), "ended", null, mapRuns(null));
        sfn.answer("ListExecutions", Map.of("mapRunArn", MAP_RUN), "ended", null, children("page-2",
                child("billing", "SUCCEEDED", 1800), child("orders", "SUCCEEDED", 600)));
        sfn.answer("ListExecutions", Map.of("mapRunArn", MAP_RUN, "nextToken", "page-2"), "ended", null,
                children(null, child("inventory", "FAILED", 900)));
        sfn.answer("DescribeExecution", Map.of("executionArn", childArn("orders")), describedChild("orders",
                "SUCCEEDED", verdict("orders", "PASSED", "1 checks passed", false), null, null));
        sfn.answer("DescribeExecution", Map.of("executionArn", childArn("inventory")), describedChild("inventory",
                "FAILED", null, "States.Timeout", "The execution timed out after 7200 s"));
        sfn.answer("DescribeExecution", Map.of("executionArn", childArn("billing")), describedChild("billing",
                "SUCCEEDED", verdict("billing", "FAILED", "io.restoredrill.core.domain.NoIndependentBackupException:"
                        + " no dump", true), null, null));
        sfn.answer("GetExecutionHistory", Map.of("executionArn", PARENT), history(summarizeOutput(3, 1, 2, 1,
                List.of("inventory", "billing"), List.of(ORPHAN))));

        CliProcess.Finished start = wait(dir, "--name", "manual-test");

        assertThat(start.exitCode()).as(start.out() + start.err()).isEqualTo(1);
        List<String> lines = start.out().lines().toList();
        assertThat(lines).containsExactly(
                PARENT,
                "  PASSED  orders            1 checks passed",
                "  FAILED  inventory         child execution FAILED: States.Timeout: The execution timed out after"
                        + " 7200 s  [unknown: the child execution ended without its cleanup; the reaper deletes its"
                        + " instance at expiry]",
                "  FAILED  billing           io.restoredrill.core.domain.NoIndependentBackupException: no dump  ["
                        + ORPHAN + "]",
                "restore-drill execution " + PARENT + ": FAILED",
                "  3 drills: 1 passed, 2 failed, 1 orphaned",
                "  failed drills: inventory, billing",
                "  orphaned instances (still running, delete them): " + ORPHAN,
                "  every verdict: s3://restore-drill-reports/runs/manual-test/summary.json");
        // Each child is described once, when it has ended; the running one is not described.
        List<String> described = sfn.requests("DescribeExecution").stream()
                .map(r -> r.path("executionArn").asText()).filter(arn -> !arn.equals(PARENT)).toList();
        assertThat(described).containsExactly(childArn("orders"), childArn("inventory"), childArn("billing"));
        // ListMapRuns by the parent (API_ListMapRuns: executionArn required); ListExecutions by the Map Run only
        // (API_ListExecutions: "either a mapRunArn or a stateMachineArn, but not both"), every page followed.
        assertThat(sfn.requests("ListMapRuns")).hasSize(3)
                .allSatisfy(r -> assertThat(r.path("executionArn").asText()).isEqualTo(PARENT));
        assertThat(sfn.requests("ListExecutions")).hasSize(4).allSatisfy(r -> {
            assertThat(r.path("mapRunArn").asText()).isEqualTo(MAP_RUN);
            assertThat(r.has("stateMachineArn")).isFalse();
            assertThat(r.path("maxResults").asInt()).isBetween(1, 1000);
        });
        assertThat(sfn.requests("ListExecutions")).filteredOn(r -> r.has("nextToken")).hasSize(2)
                .allSatisfy(r -> assertThat(r.path("nextToken").asText()).isEqualTo("page-2"));
        // The summary is read from the parent's history, newest first, with the states' data.
        assertThat(sfn.requests("GetExecutionHistory")).singleElement().satisfies(r -> {
            assertThat(r.path("reverseOrder").asBoolean()).isTrue();
            assertThat(r.path("includeExecutionData").asBoolean()).isTrue();
        });
    }

    @Test
    void aNightWhoseDrillsAllPassedExitsZeroWithTheCounts(@TempDir Path dir) throws Exception {
        sfn.answer("DescribeExecution", Map.of("executionArn", PARENT), StepFunctionsStandIn.STARTED, "ended",
                parent("RUNNING", null, null, null));
        sfn.answer("DescribeExecution", Map.of("executionArn", PARENT), "ended", null,
                parent("SUCCEEDED", "{\"summary\": {\"drills\": 1}}", null, null));
        sfn.answer("ListMapRuns", Map.of("executionArn", PARENT), mapRuns(null));
        sfn.answer("ListExecutions", Map.of("mapRunArn", MAP_RUN), StepFunctionsStandIn.STARTED, null,
                children(null, child("orders", "RUNNING", 0)));
        sfn.answer("ListExecutions", Map.of("mapRunArn", MAP_RUN), "ended", null,
                children(null, child("orders", "SUCCEEDED", 600)));
        sfn.answer("DescribeExecution", Map.of("executionArn", childArn("orders")), describedChild("orders",
                "SUCCEEDED", verdict("orders", "PASSED", "2 checks passed", false), null, null));
        sfn.answer("GetExecutionHistory", Map.of("executionArn", PARENT), history(summarizeOutput(1, 1, 0, 0,
                List.of(), List.of())));

        CliProcess.Finished start = wait(dir, "--name", "manual-test");

        assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
        assertThat(start.out()).containsPattern("PASSED +orders +2 checks passed")
                .contains(PARENT + ": SUCCEEDED")
                .contains("  1 drills: 1 passed, 0 failed, 0 orphaned")
                .doesNotContain("failed drills").doesNotContain("orphaned instances");
    }

    @Test
    void aListingBehindTheEndedParentIsAskedAgainUntilTheLastChildShowsItsEnd(@TempDir Path dir) throws Exception {
        // ListExecutions is eventually consistent (API Reference): the parent has ended, the listing still shows
        // orders running once; the next listing has it.
        sfn.answer("DescribeExecution", Map.of("executionArn", PARENT), parent("SUCCEEDED",
                summarizeOutput(1, 1, 0, 0, List.of(), List.of()), null, null));
        sfn.answer("ListMapRuns", Map.of("executionArn", PARENT), mapRuns(null));
        sfn.answer("ListExecutions", Map.of("mapRunArn", MAP_RUN), StepFunctionsStandIn.STARTED, "listed",
                children(null, child("orders", "RUNNING", 0)));
        sfn.answer("ListExecutions", Map.of("mapRunArn", MAP_RUN), "listed", null,
                children(null, child("orders", "SUCCEEDED", 600)));
        sfn.answer("DescribeExecution", Map.of("executionArn", childArn("orders")), describedChild("orders",
                "SUCCEEDED", verdict("orders", "PASSED", "2 checks passed", false), null, null));
        sfn.answer("GetExecutionHistory", Map.of("executionArn", PARENT), "{\"events\": []}");

        CliProcess.Finished start = wait(dir, "--name", "manual-test");

        assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
        assertThat(start.out()).containsPattern("PASSED +orders +2 checks passed");
        assertThat(sfn.requests("ListExecutions")).hasSize(2);
    }

    @Test
    void withoutSummarizeInTheHistoryTheSummaryComesFromTheExecutionOutput(@TempDir Path dir) throws Exception {
        // The parent's output on success is its state, the summary at $.summary (the Summarize Task's ResultPath).
        sfn.answer("DescribeExecution", Map.of("executionArn", PARENT), parent("SUCCEEDED",
                summarizeOutput(2, 2, 0, 0, List.of(), List.of()), null, null));
        sfn.answer("ListMapRuns", Map.of("executionArn", PARENT), mapRuns(null));
        sfn.answer("ListExecutions", Map.of("mapRunArn", MAP_RUN), children(null));
        sfn.answer("GetExecutionHistory", Map.of("executionArn", PARENT), "{\"events\": []}");

        CliProcess.Finished start = wait(dir, "--name", "manual-test");

        assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
        assertThat(start.out()).contains("  2 drills: 2 passed, 0 failed, 0 orphaned")
                .contains("  every verdict: s3://restore-drill-reports/runs/manual-test/summary.json");
    }

    @Test
    void withoutSummarizeInTheHistoryAFailedNightsCauseNamesTheFailedDrills(@TempDir Path dir) throws Exception {
        // A cause names as many failed drills as fit and counts the rest.
        sfn.answer("DescribeExecution", Map.of("executionArn", PARENT), parent("FAILED", null,
                "RestoreDrill.DrillsFailed", cause(List.of("inventory", "billing"), 498)));
        sfn.answer("ListMapRuns", Map.of("executionArn", PARENT), mapRuns(null));
        sfn.answer("ListExecutions", Map.of("mapRunArn", MAP_RUN), children(null));
        sfn.answer("GetExecutionHistory", Map.of("executionArn", PARENT), "{\"events\": []}");

        CliProcess.Finished start = wait(dir, "--name", "manual-test");

        assertThat(start.exitCode()).as(start.out() + start.err()).isEqualTo(1);
        assertThat(start.out()).doesNotContainPattern("[0-9]+ drills:")
                .contains("  failed drills: inventory, billing and 498 more (see summary.json)\n")
                .contains("  orphaned instances (still running, delete them): " + ORPHAN + "\n")
                .contains("  every verdict: s3://restore-drill-reports/runs/manual-test/summary.json");
    }

    @Test
    void aNightThatFailsInItsPlanHasNoChildrenAndSaysWhatFailed(@TempDir Path dir) throws Exception {
        String cause = "the RDS quota of 40 DB instances is used up (40 in use)";
        sfn.answer("DescribeExecution", Map.of("executionArn", PARENT), parent("FAILED", null,
                "io.restoredrill.core.domain.NoCapacityException", cause));
        sfn.answer("ListMapRuns", Map.of("executionArn", PARENT), "{\"mapRuns\": []}");
        sfn.answer("GetExecutionHistory", Map.of("executionArn", PARENT), "{\"events\": []}");

        CliProcess.Finished start = wait(dir, "--name", "manual-test");

        assertThat(start.exitCode()).as(start.out() + start.err()).isEqualTo(1);
        assertThat(start.out()).contains(PARENT + ": FAILED")
                .contains("  io.restoredrill.core.domain.NoCapacityException: " + cause)
                .doesNotContainPattern("[0-9]+ drills:");
        assertThat(sfn.requests("ListExecutions")).isEmpty();
    }

    @Test
    void anAbortedNightFailsAndSaysSo(@TempDir Path dir) throws Exception {
        sfn.answer("DescribeExecution", Map.of("executionArn", PARENT), parent("ABORTED", null, "Operator",
                "stopped by hand"));
        sfn.answer("ListMapRuns", Map.of("executionArn", PARENT), mapRuns(null));
        sfn.answer("ListExecutions", Map.of("mapRunArn", MAP_RUN), children(null,
                child("orders", "ABORTED", 300)));
        sfn.answer("DescribeExecution", Map.of("executionArn", childArn("orders")), describedChild("orders",
                "ABORTED", null, null, null));
        sfn.answer("GetExecutionHistory", Map.of("executionArn", PARENT), "{\"events\": []}");

        CliProcess.Finished start = wait(dir, "--name", "manual-test");

        assertThat(start.exitCode()).as(start.out() + start.err()).isEqualTo(1);
        assertThat(start.out()).containsPattern("FAILED +orders +child execution ABORTED: ABORTED")
                .contains(PARENT + ": ABORTED")
                .contains("  Operator: stopped by hand");
    }

    private static CliProcess.Finished wait(Path dir, String... args) throws Exception {
        String[] command = new String[args.length + 6];
        command[0] = "start";
        command[1] = "--state-machine";
        command[2] = STATE_MACHINE;
        command[3] = "--wait";
        command[4] = "--poll-interval";
        command[5] = "10ms";
        System.arraycopy(args, 0, command, 6, args.length);
        return CliProcess.run(dir, sfn.environment(), command);
    }

    /** DescribeExecution of the parent (API_DescribeExecution.html, Response Syntax). */
    private static String parent(String status, String output, String error, String cause) {
        ObjectNode body = JSON.createObjectNode().put("executionArn", PARENT).put("stateMachineArn", STATE_MACHINE)
                .put("name", "manual-test").put("status", status).put("startDate", T0).put("input", "{}");
        if (!status.equals("RUNNING")) {
            body.put("stopDate", T0 + 3600);
        }
        if (output != null) {
            body.put("output", output);
        }
        if (error != null) {
            body.put("error", error).put("cause", cause);
        }
        return body.toString();
    }

    /** ListMapRuns (API_ListMapRuns.html): one Map Run, MapRunListItem members. */
    private static String mapRuns(String nextToken) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("mapRuns").addObject().put("executionArn", PARENT).put("mapRunArn", MAP_RUN)
                .put("stateMachineArn", STATE_MACHINE + "/RunDrills").put("startDate", T0 + 60);
        if (nextToken != null) {
            body.put("nextToken", nextToken);
        }
        return body.toString();
    }

    /** ListExecutions by mapRunArn (API_ListExecutions.html; ExecutionListItem: no output, mapRunArn and itemCount). */
    private static String children(String nextToken, ObjectNode... items) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode executions = body.putArray("executions");
        for (ObjectNode item : items) {
            executions.add(item);
        }
        if (nextToken != null) {
            body.put("nextToken", nextToken);
        }
        return body.toString();
    }

    private static ObjectNode child(String drill, String status, int endedAfterSeconds) {
        ObjectNode item = JSON.createObjectNode().put("executionArn", childArn(drill)).put("name", childName(drill))
                .put("stateMachineArn", STATE_MACHINE + "/RunDrills").put("status", status).put("startDate", T0 + 60)
                .put("mapRunArn", MAP_RUN).put("itemCount", 1);
        if (!status.equals("RUNNING")) {
            item.put("stopDate", T0 + 60 + endedAfterSeconds);
        }
        return item;
    }

    /** DescribeExecution of a child: its input is the ItemSelector's document, its output the verdict. */
    private static String describedChild(String drill, String status, String output, String error, String cause) {
        ObjectNode body = JSON.createObjectNode().put("executionArn", childArn(drill)).put("name", childName(drill))
                .put("stateMachineArn", STATE_MACHINE + "/RunDrills").put("status", status).put("startDate", T0 + 60)
                .put("stopDate", T0 + 900).put("mapRunArn", MAP_RUN)
                .put("input", "{\"state\": {\"drill\": {\"name\": \"" + drill + "\"}, \"executionId\": \"" + PARENT
                        + "\"}, \"limits\": {\"restoreSeconds\": 7200}, \"index\": 0}");
        if (output != null) {
            body.put("output", output);
        }
        if (error != null) {
            body.put("error", error).put("cause", cause);
        }
        return body.toString();
    }

    private static String childName(String drill) {
        return "0f1e2d3c-" + drill;
    }

    private static String childArn(String drill) {
        return "arn:aws:states:us-east-1:" + ACCOUNT + ":execution:restore-drill/RunDrills:" + childName(drill);
    }

    private static String verdict(String drill, String verdict, String reason, boolean orphaned) {
        return JSON.createObjectNode().put("drill", drill).put("verdict", verdict).put("reason", reason)
                .put("instance", "restore-drill-" + drill + "-0123456789ab")
                .put("cleanup", orphaned ? ORPHAN : "deleted").put("orphaned", orphaned).toString();
    }

    /** The Summarize state's output: the state, the summarize function's result at $.summary (the fleet contract). */
    private static String summarizeOutput(int drills, int passed, int failed, int orphaned, List<String> failedDrills,
                                          List<String> orphans) {
        ObjectNode state = JSON.createObjectNode();
        state.putObject("plan").put("count", drills).put("concurrency", 10);
        state.putObject("map").put("MapRunArn", MAP_RUN);
        ObjectNode summary = state.putObject("summary").put("drills", drills).put("passed", passed)
                .put("failed", failed).put("orphaned", orphaned);
        failedDrills.forEach(summary.putArray("failedDrills")::add);
        orphans.forEach(summary.putArray("orphanedInstances")::add);
        summary.putObject("summary").put("bucket", "restore-drill-reports").put("key", "runs/manual-test/summary.json");
        summary.put("cause", "{}");
        return state.toString();
    }

    /** RestoreDrill.DrillsFailed's cause as the summarize step writes it (fleet-lambdas' CauseJson). */
    private static String cause() {
        return cause(List.of("inventory", "billing"), 0);
    }

    private static String cause(List<String> failedDrills, int failedNotListed) {
        ObjectNode cause = JSON.createObjectNode();
        failedDrills.forEach(cause.putArray("failedDrills")::add);
        if (failedNotListed > 0) {
            cause.put("failedDrillsNotListed", failedNotListed);
        }
        cause.putArray("orphanedInstances").add(ORPHAN);
        cause.put("summary", "s3://restore-drill-reports/runs/manual-test/summary.json");
        return cause.toString();
    }

    /**
     * GetExecutionHistory newest first (API_GetExecutionHistory.html; HistoryEvent, StateExitedEventDetails): the
     * parent's last events, the Summarize Task's exit among them.
     */
    private static String history(String summarizeOutput) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode events = body.putArray("events");
        events.addObject().put("id", 14).put("previousEventId", 13).put("timestamp", T0 + 3600)
                .put("type", "ExecutionFailed");
        ObjectNode exited = events.addObject().put("id", 13).put("previousEventId", 12).put("timestamp", T0 + 3599)
                .put("type", "TaskStateExited");
        exited.putObject("stateExitedEventDetails").put("name", "Summarize").put("output", summarizeOutput)
                .putObject("outputDetails").put("truncated", false);
        events.addObject().put("id", 12).put("previousEventId", 11).put("timestamp", T0 + 3598)
                .put("type", "TaskSucceeded");
        return body.toString();
    }
}
