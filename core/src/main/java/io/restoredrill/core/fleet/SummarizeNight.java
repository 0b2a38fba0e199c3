package io.restoredrill.core.fleet;

import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.DrillVerdict;
import io.restoredrill.core.domain.MapRunChild;
import io.restoredrill.core.domain.NightReport;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.NightRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Summarises a night from the Map's results: every planned drill gets a verdict, even one whose child execution
 * failed (children never fail by design, so that is treated as the worst case: its cleanup may not have run) or that
 * has no result at all. Every verdict, with its reason, goes to the summary document; the returned summary is
 * bounded, and its {@code cause} fits the Fail state.
 */
public final class SummarizeNight {

    private static final Logger log = LoggerFactory.getLogger(SummarizeNight.class);

    /**
     * The longest cause returned. Step Functions keeps an execution's failure cause up to 32,768 characters
     * (API Reference, ExecutionFailedEventDetails:
     * https://docs.aws.amazon.com/step-functions/latest/apireference/API_ExecutionFailedEventDetails.html); this
     * stays below it with room to spare.
     */
    public static final int MAX_CAUSE = 30_000;
    /** The longest reason kept in the summary document (the drill's report in S3 has the whole story). */
    public static final int MAX_REASON = 2_000;
    /**
     * The longest orphan entry kept in the output: 500 drills' names and orphans stay under 200 KB, well inside a
     * state's 256 KB.
     */
    static final int MAX_ENTRY = 300;

    static final String CHILD_ENDED = "unknown: the child execution ended without its cleanup; the reaper deletes"
            + " its instance at expiry";

    private final NightRuns runs;
    private final Clock clock;

    public SummarizeNight(NightRuns runs) {
        this(runs, Clock.systemUTC());
    }

    public SummarizeNight(NightRuns runs, Clock clock) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public NightSummary summarize(SummaryRequest request) {
        List<String> planned = runs.plannedDrills(request.items());
        List<MapRunChild> children = runs.children(request.manifest());
        Map<String, DrillVerdict> byDrill = new LinkedHashMap<>();
        int unmatched = 0;
        for (MapRunChild child : children) {
            Optional<DrillVerdict> verdict = verdictOf(child);
            if (verdict.isEmpty()) {
                unmatched++;
                continue;
            }
            DrillVerdict v = verdict.get();
            // A drill with two results (a redriven Map Run): a passing one wins, else the first.
            byDrill.merge(v.drill(), v, (first, second) -> second.passed() && !first.passed() ? second : first);
        }
        List<DrillVerdict> verdicts = new ArrayList<>();
        for (String drill : planned) {
            DrillVerdict verdict = byDrill.remove(drill);
            verdicts.add(verdict != null ? verdict : noResult(drill, unmatched));
        }
        verdicts.addAll(byDrill.values()); // results for drills the items did not name: reported, never dropped
        NightReport report = new NightReport(request.execution(), request.mapRunArn(),
                verdicts.stream().map(v -> v.withReasonAtMost(MAX_REASON)).toList());
        runs.storeSummary(request.summary(), report);
        // A fire drill of the alarms: its failure is the point, recorded for the history as an alarm test.
        verdicts.stream().filter(v -> v.drill().equals(AlarmTest.DRILL_NAME)).findFirst().ifPresent(v -> {
            Instant at = clock.instant();
            runs.storeAlarmTest(new RunLayout(request.summary().bucket()).alarmTest(request.execution(), at),
                    new AlarmTest.Record(request.execution(), at, v.verdict(), v.reason()));
        });

        List<String> failed = verdicts.stream().filter(v -> !v.passed()).map(DrillVerdict::drill).toList();
        List<String> orphans = verdicts.stream().filter(DrillVerdict::orphaned).map(SummarizeNight::orphanEntry)
                .toList();
        log.info("{} drill(s): {} passed, {} failed, {} orphaned; summary at {}", verdicts.size(), report.passed(),
                report.failed(), report.orphaned(), request.summary().uri());
        return new NightSummary(verdicts.size(), (int) report.passed(), (int) report.failed(),
                (int) report.orphaned(), failed, orphans, request.summary(),
                cause(failed, orphans, request.summary().uri()));
    }

    private static Optional<DrillVerdict> verdictOf(MapRunChild child) {
        if (child.status().equals("SUCCEEDED") && child.verdict().isPresent()) {
            return child.verdict();
        }
        if (child.drill().isEmpty()) {
            log.warn("a {} child execution whose input names no drill: {}", child.status(),
                    child.problem().or(child::cause).orElse("no details"));
            return Optional.empty();
        }
        String drill = child.drill().get();
        String reason = switch (child.status()) {
            case "SUCCEEDED" -> "the drill's child execution succeeded without a verdict: "
                    + child.problem().orElse("its output is not one");
            case "PENDING" -> "the drill's child execution had not ended when the Map Run did (PENDING)";
            default -> "the drill's child execution ended " + child.status() + ": "
                    + child.error().orElse("no error") + ": " + child.cause().orElse("no cause");
        };
        Optional<String> candidate = child.executionId().map(id -> TemporaryInstanceName.of(drill, id));
        return Optional.of(new DrillVerdict(drill, Verdict.FAILED, reason, candidate, CHILD_ENDED, true));
    }

    /** Adds entries from {@code from} on while they fit {@code budget}; returns the budget left. */
    private static int fill(List<String> entries, int from, List<String> listed, int budget) {
        for (int i = from; i < entries.size(); i++) {
            String entry = entries.get(i);
            int cost = CauseJson.length(entry) + 1;
            if (cost > budget) {
                break;
            }
            budget -= cost;
            listed.add(entry);
        }
        return budget;
    }

    private static DrillVerdict noResult(String drill, int unmatched) {
        return new DrillVerdict(drill, Verdict.FAILED, "no result: the Map's results have no child execution of"
                + " this drill" + (unmatched > 0 ? " (" + unmatched + " result(s) name no drill)" : ""),
                Optional.empty(), "unknown: no result; the reaper deletes any instance of this drill at expiry", true);
    }

    /** An orphan as the cause names it: the verdict's cleanup, which names the instance, else the drill and it. */
    private static String orphanEntry(DrillVerdict v) {
        String entry = v.cleanup().startsWith("unknown:")
                ? v.drill() + ": " + v.cleanup() + v.instance().map(i -> " (if restore created it: " + i + ")").orElse("")
                : v.cleanup();
        return entry.length() > MAX_ENTRY ? entry.substring(0, MAX_ENTRY - 3) + "..." : entry;
    }

    /**
     * The cause: as many failed drills and orphans as fit, with counts of the rest. The failed drills' names take up
     * to half the room first (short, and what people look for), then the orphans (they cost money until the reaper
     * deletes them), then more names if room is left.
     */
    static String cause(List<String> failed, List<String> orphans, String summary) {
        int budget = MAX_CAUSE - CauseJson.of(List.of(), failed.size(), List.of(), orphans.size(), summary).length()
                - 2;
        List<String> listedFailed = new ArrayList<>();
        int left = fill(failed, 0, listedFailed, budget / 2);
        List<String> listedOrphans = new ArrayList<>();
        left = fill(orphans, 0, listedOrphans, left + budget - budget / 2);
        fill(failed, listedFailed.size(), listedFailed, left);
        return CauseJson.of(listedFailed, failed.size() - listedFailed.size(), listedOrphans,
                orphans.size() - listedOrphans.size(), summary);
    }
}
