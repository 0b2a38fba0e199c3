package io.restoredrill.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.DrillVerdict;
import io.restoredrill.core.domain.MapRunChild;
import io.restoredrill.core.domain.NightReport;
import io.restoredrill.core.domain.ObjectLocation;
import io.restoredrill.core.domain.PlannedDrill;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.domain.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Summarising a night on in-memory ports. */
class SummarizeNightTest {

    private static final ObjectLocation ITEMS = new ObjectLocation("reports", "runs/n1/drills.json");
    private static final ObjectLocation MANIFEST = new ObjectLocation("reports", "runs/n1/results/mr/manifest.json");
    private static final ObjectLocation SUMMARY = new ObjectLocation("reports", "runs/n1/summary.json");
    private static final SummaryRequest REQUEST = new SummaryRequest("n1", ITEMS, MANIFEST, SUMMARY,
            Optional.of("arn:aws:states:us-east-1:123456789012:mapRun:fleet/RunDrills:mr"));

    private final InMemoryNightRuns runs = new InMemoryNightRuns();

    private void plan(String... names) {
        runs.items.put(ITEMS, java.util.Arrays.stream(names)
                .map(n -> new PlannedDrill(n, "{}", Duration.ofHours(2))).toList());
    }

    private static MapRunChild succeeded(String drill, Verdict verdict, String reason, boolean orphaned) {
        String instance = "restore-drill-" + drill + "-0123456789ab";
        return new MapRunChild("SUCCEEDED", Optional.of(drill), Optional.of("arn:child:" + drill),
                Optional.of(new DrillVerdict(drill, verdict, reason, Optional.of(instance),
                        orphaned ? "FAILED: orphan " + instance : "deleted", orphaned)),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static MapRunChild failed(String drill, String status) {
        return new MapRunChild(status, Optional.of(drill), Optional.of("arn:child:" + drill), Optional.empty(),
                Optional.of("States.Timeout"), Optional.of("the child ran out of time"), Optional.empty());
    }

    @Test
    void anAlarmTestFailsTheNightAndIsRecordedForTheHistoryAsAnAlarmTest() {
        plan(AlarmTest.DRILL_NAME);
        MapRunChild child = new MapRunChild("SUCCEEDED", Optional.of(AlarmTest.DRILL_NAME), Optional.of("arn:child:a"),
                Optional.of(new DrillVerdict(AlarmTest.DRILL_NAME, Verdict.FAILED, AlarmTest.REASON, Optional.empty(),
                        "nothing to clean up: an alarm test starts no instance", false)),
                Optional.empty(), Optional.empty(), Optional.empty());
        runs.results.put(MANIFEST, List.of(child));
        java.time.Instant at = java.time.Instant.parse("2026-12-01T10:00:05Z");

        NightSummary summary = new SummarizeNight(runs, java.time.Clock.fixed(at, java.time.ZoneOffset.UTC))
                .summarize(REQUEST);

        // The night fails, so the ExecutionsFailed alarm fires; nothing is orphaned.
        assertThat(summary.failedDrills()).containsExactly(AlarmTest.DRILL_NAME);
        assertThat(summary.orphanedInstances()).isEmpty();
        ObjectLocation record = new ObjectLocation("reports", "reports/_alarm-tests/2026/12/01/n1.json");
        assertThat(runs.alarmTests).containsOnlyKeys(record);
        assertThat(runs.alarmTests.get(record)).isEqualTo(new AlarmTest.Record("n1", at, Verdict.FAILED,
                AlarmTest.REASON));
    }

    @Test
    void aNightOfDrillsRecordsNoAlarmTest() {
        plan("a");
        runs.results.put(MANIFEST, List.of(succeeded("a", Verdict.FAILED, "orders-present failed", false)));

        new SummarizeNight(runs).summarize(REQUEST);

        assertThat(runs.alarmTests).isEmpty();
    }

    @Test
    void everyPlannedDrillGetsAVerdictAndTheSummaryDocumentHasThemAll() {
        plan("a", "b", "c", "d", "e");
        runs.results.put(MANIFEST, List.of(
                succeeded("a", Verdict.PASSED, "all checks passed", false),
                succeeded("b", Verdict.FAILED, "orders-present: expected >= 1000000, got 12", false),
                succeeded("c", Verdict.FAILED, "restore failed; then cleanup failed", true),
                failed("d", "TIMED_OUT")));

        NightSummary summary = new SummarizeNight(runs).summarize(REQUEST);

        assertThat(summary.drills()).isEqualTo(5);
        assertThat(summary.passed()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(4);
        assertThat(summary.orphaned()).isEqualTo(3);
        assertThat(summary.failedDrills()).containsExactly("b", "c", "d", "e");
        assertThat(summary.orphanedInstances()).containsExactly(
                "FAILED: orphan restore-drill-c-0123456789ab",
                "d: " + SummarizeNight.CHILD_ENDED + " (if restore created it: "
                        + TemporaryInstanceName.of("d", "arn:child:d") + ")",
                "e: unknown: no result; the reaper deletes any instance of this drill at expiry");
        NightReport report = runs.summaries.get(SUMMARY);
        assertThat(report.mapRunArn()).contains("arn:aws:states:us-east-1:123456789012:mapRun:fleet/RunDrills:mr");
        assertThat(report.verdicts()).extracting(DrillVerdict::drill).containsExactly("a", "b", "c", "d", "e");
        DrillVerdict d = report.verdicts().get(3);
        assertThat(d.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(d.reason()).isEqualTo("the drill's child execution ended TIMED_OUT: States.Timeout: the child ran"
                + " out of time");
        assertThat(d.cleanup()).isEqualTo(SummarizeNight.CHILD_ENDED);
        assertThat(d.orphaned()).isTrue();
        assertThat(report.verdicts().get(4).reason()).startsWith("no result");
    }

    @Test
    void aPendingChildAndAChildWithoutVerdictAreFailures() {
        plan("a", "b");
        runs.results.put(MANIFEST, List.of(
                new MapRunChild("PENDING", Optional.of("a"), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty()),
                new MapRunChild("SUCCEEDED", Optional.of("b"), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.of("its output has no \"drill\" and \"verdict\": {}"))));

        NightSummary summary = new SummarizeNight(runs).summarize(REQUEST);

        assertThat(summary.failedDrills()).containsExactly("a", "b");
        assertThat(runs.summaries.get(SUMMARY).verdicts()).extracting(DrillVerdict::reason).containsExactly(
                "the drill's child execution had not ended when the Map Run did (PENDING)",
                "the drill's child execution succeeded without a verdict: its output has no \"drill\" and \"verdict\": {}");
    }

    @Test
    void aRedrivenDrillThatPassedCountsAsPassed() {
        plan("a");
        runs.results.put(MANIFEST, List.of(failed("a", "FAILED"), succeeded("a", Verdict.PASSED, "ok", false)));

        NightSummary summary = new SummarizeNight(runs).summarize(REQUEST);

        assertThat(summary.passed()).isEqualTo(1);
        assertThat(summary.failedDrills()).isEmpty();
    }

    @Test
    void theSummaryDocumentKeepsReasonsUpToTwoThousandCharacters() {
        plan("a");
        runs.results.put(MANIFEST, List.of(succeeded("a", Verdict.FAILED, "r".repeat(10_000), false)));

        new SummarizeNight(runs).summarize(REQUEST);

        assertThat(runs.summaries.get(SUMMARY).verdicts().get(0).reason()).hasSize(SummarizeNight.MAX_REASON)
                .endsWith("...");
    }

    @Test
    void fiveHundredFailedAndOrphanedDrillsMakeACauseUnderThirtyThousandCharactersThatCountsTheRest()
            throws Exception {
        List<String> names = IntStream.range(0, 500).mapToObj(i -> "drill-with-a-long-name-number-" + i).toList();
        plan(names.toArray(String[]::new));
        List<MapRunChild> children = new ArrayList<>();
        names.forEach(n -> children.add(succeeded(n, Verdict.FAILED, "x".repeat(5_000), true)));
        runs.results.put(MANIFEST, children);

        NightSummary summary = new SummarizeNight(runs).summarize(REQUEST);

        assertThat(summary.cause().length()).isLessThan(SummarizeNight.MAX_CAUSE);
        JsonNode cause = new ObjectMapper().readTree(summary.cause());
        int listedOrphans = cause.get("orphanedInstances").size();
        int listedFailed = cause.get("failedDrills").size();
        assertThat(listedOrphans).isGreaterThan(100);
        assertThat(listedFailed).as("failed drills' names take up to half the room").isGreaterThan(100);
        assertThat(listedOrphans + cause.path("orphanedInstancesNotListed").asInt()).isEqualTo(500);
        assertThat(listedFailed + cause.path("failedDrillsNotListed").asInt()).isEqualTo(500);
        assertThat(cause.get("summary").asText()).isEqualTo("s3://reports/runs/n1/summary.json");
        assertThat(summary.failedDrills()).hasSize(500);
    }

    @Test
    void aCauseWithRoomListsEveryFailureAndEscapesWhatJsonMust() throws Exception {
        String cause = SummarizeNight.cause(List.of("a"), List.of("FAILED: orphan \"x\"\n\\y"), "s3://r/s.json");

        JsonNode json = new ObjectMapper().readTree(cause);
        assertThat(json.get("failedDrills").get(0).asText()).isEqualTo("a");
        assertThat(json.get("orphanedInstances").get(0).asText()).isEqualTo("FAILED: orphan \"x\"\n\\y");
        assertThat(json.has("failedDrillsNotListed")).isFalse();
    }
}
