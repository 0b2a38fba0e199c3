package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.UnsafeDeletionException;
import io.restoredrill.statemachine.harness.ExecutionResult;
import io.restoredrill.statemachine.harness.LocalExecution;
import io.restoredrill.statemachine.harness.TaskHost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;

import static io.restoredrill.statemachine.SimulatedDrills.Fault;
import static io.restoredrill.statemachine.SimulatedDrills.Script;

/**
 * A night of many drills on the local engine: the deployable definition (Distributed Map run inline, ItemReader and
 * ResultWriter emulated by the harness), the simulated plan and summarize, and simulated drill steps whose restore
 * times are drawn with a fixed seed from 5 minutes to 2 hours, some drills failing in each of the ways a drill
 * fails. Waits take no time locally; what they and each step would take on AWS is added up per child from its
 * trace ({@link #TASK_SECONDS}, the drawn validation time, the Wait states' seconds), and the children are scheduled
 * at the plan's concurrency, in item order, as the Map Run starts them, to give the night's length.
 */
final class FleetSimulation {

    /** How long each Task takes on AWS in the model (a Lambda invocation that calls one or two AWS APIs). */
    static final Map<String, Integer> TASK_SECONDS = Map.of(
            "PlanNight", 5,
            "Restore", 3,
            "CheckInstanceStatus", 1,
            "Cleanup", 3,
            Definition.SUMMARY_STATE, 10);
    /** An instance still counts against the RDS quota while it is deleting, about this long after cleanup. */
    static final Duration DELETION_TAIL = Duration.ofMinutes(10);

    enum Outcome { PASSES, RESTORE_FAILS, CHECKS_FAIL, INSTANCE_FAILS, CLEANUP_REFUSED }

    /** One drill of the night: how long its restore and its validation take, and how it ends. */
    record Drill(String name, int index, int restoreSeconds, int validateSeconds, Outcome outcome) {
    }

    /**
     * @param nightSeconds        plan, every drill at the plan's concurrency, summarize
     * @param peakDrills          the most child executions running at once
     * @param peakInstances       the most temporary instances at once, counting each for {@link #DELETION_TAIL}
     *                            after its cleanup (RDS counts a deleting instance against the quota)
     * @param restoresThatWaited  drills whose restore waited for room under the instance quota
     * @param longestQuotaWaitSeconds the longest such wait
     * @param parentEvents        history events of the parent execution
     * @param largestChildEvents  history events of the largest child execution
     * @param largestPayloadBytes the largest state input or output of any execution
     * @param largestPayloadWhere which execution and state had it
     */
    record Night(ExecutionResult result, SimulatedDrills steps, SimulatedNight plan, List<Drill> drills,
                 int concurrency, long nightSeconds, int peakDrills, int peakInstances, int restoresThatWaited,
                 long longestQuotaWaitSeconds, int parentEvents,
                 int largestChildEvents, int largestPayloadBytes, String largestPayloadWhere) {

        String line() {
            return ("%d drills at concurrency %d: night %s, peak %d drills / %d instances (deleting ones included;"
                    + " %d restores waited for the quota, at most %d min),")
                    .formatted(drills.size(), concurrency, hoursAndMinutes(nightSeconds), peakDrills, peakInstances,
                            restoresThatWaited, longestQuotaWaitSeconds / 60)
                    + " history events: parent %d, largest child %d; largest payload %,d bytes (%s)"
                    .formatted(parentEvents, largestChildEvents, largestPayloadBytes, largestPayloadWhere);
        }
    }

    private FleetSimulation() {
    }

    /** The night's drills, the same for the same count and seed. */
    static List<Drill> drills(int count, long seed) {
        Random random = new Random(seed);
        List<Drill> drills = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            int restoreSeconds = 300 + random.nextInt(7200 - 300 + 1);
            int validateSeconds = 60 + random.nextInt(540);
            int roll = random.nextInt(100);
            Outcome outcome = roll < 3 ? Outcome.RESTORE_FAILS
                    : roll < 6 ? Outcome.CHECKS_FAIL
                    : roll < 8 ? Outcome.INSTANCE_FAILS
                    : roll < 9 ? Outcome.CLEANUP_REFUSED
                    : Outcome.PASSES;
            drills.add(new Drill("db-%03d".formatted(index), index, restoreSeconds, validateSeconds, outcome));
        }
        return drills;
    }

    /**
     * The night as it is scheduled: the deployed drill list (the document the stack's Asset holds, here in the object
     * store) named in the input as the schedule names it, and each drill's restore trend, its median within 20 % of
     * tonight's restore time (drawn with the same seed).
     */
    /** A night whose every drill fails at its restore: the largest summary, the cheapest children to run. */
    static List<Drill> allFailingAtRestore(int count) {
        List<Drill> drills = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            drills.add(new Drill("db-%03d".formatted(index), index, 300, 60, Outcome.RESTORE_FAILS));
        }
        return drills;
    }

    static Night run(List<Drill> drills, int configuredConcurrency, int instanceQuota) {
        SimulatedDrills steps = new SimulatedDrills();
        SimulatedNight plan = new SimulatedNight(configuredConcurrency);
        var list = Json.MAPPER.createObjectNode();
        var specs = list.putArray("drills");
        Map<String, Double> trends = new java.util.HashMap<>();
        Random noise = new Random(drills.size());
        for (Drill drill : drills) {
            steps.script(drill.name(), script(drill));
            specs.add(SimulatedDrills.spec(drill.name()));
            trends.put(drill.name(), drill.restoreSeconds() * (0.8 + 0.4 * noise.nextDouble()));
        }
        plan.withRestoreTrends(trends);
        plan.objects().put("cdk-assets", "drill-list.json", list.toString());
        var input = Json.parse("{\"drillList\": {\"bucket\": \"cdk-assets\", \"key\": \"drill-list.json\"}}");
        try (TaskHost host = TaskHost.start(plan.tasks(steps.tasks()), plan.objects())) {
            ExecutionResult result = LocalExecution.run(LocalExecution.deployable(), host, input,
                    "night-" + UUID.randomUUID(), Duration.ofMinutes(10));
            return model(result, steps, plan, drills, Math.min(configuredConcurrency, drills.size()), instanceQuota);
        }
    }

    private static Script script(Drill drill) {
        int polls = DefinitionFacts.pollsUntilAvailable(drill.restoreSeconds());
        List<String> statuses = new ArrayList<>();
        for (int poll = 1; poll < polls; poll++) {
            statuses.add("creating");
        }
        statuses.add(drill.outcome() == Outcome.INSTANCE_FAILS ? "failed" : "available");
        Script script = Script.passing().statuses(statuses.toArray(String[]::new));
        return switch (drill.outcome()) {
            case PASSES, INSTANCE_FAILS -> script;
            case RESTORE_FAILS -> script.restore(Fault.always(() -> new RestoreFailedException(
                    "RestoreDBInstanceFromDBSnapshot failed for " + drill.name() + ": the snapshot's KMS key is not"
                            + " shared with this account")));
            case CHECKS_FAIL -> script.checksFail(drill.name() + ": orders has 12 rows; expected at least 1000");
            case CLEANUP_REFUSED -> script.cleanup(Fault.always(() -> new UnsafeDeletionException(
                    "the instance lacks the tag restore-drill:temporary=true")));
        };
    }

    private static Night model(ExecutionResult result, SimulatedDrills steps, SimulatedNight plan, List<Drill> drills,
                               int concurrency, int instanceQuota) {
        int largestPayload = result.parent().largestPayloadBytes();
        String where = "parent, " + result.parent().largestPayloadState();
        int largestChild = 0;
        long[] durations = new long[drills.size()];
        Map<String, Drill> byName = new java.util.HashMap<>();
        drills.forEach(drill -> byName.put(drill.name(), drill));
        Map<Integer, String> nameByItem = new java.util.HashMap<>();
        result.iterations().forEach(iteration -> nameByItem.put(iteration.index(),
                iteration.output().orElseThrow().path("drill").asText()));
        for (Map.Entry<Integer, ExecutionResult.Trace> child : result.children().entrySet()) {
            ExecutionResult.Trace trace = child.getValue();
            Drill drill = byName.get(nameByItem.get(child.getKey()));
            long seconds = trace.waitedSeconds() + (long) trace.entered("Validate") * drill.validateSeconds();
            for (Map.Entry<String, Integer> task : TASK_SECONDS.entrySet()) {
                seconds += (long) trace.entered(task.getKey()) * task.getValue();
            }
            durations[child.getKey()] = seconds;
            largestChild = Math.max(largestChild, HistoryEventModel.events(trace));
            if (trace.largestPayloadBytes() > largestPayload) {
                largestPayload = trace.largestPayloadBytes();
                where = "child " + drill.name() + ", " + trace.largestPayloadState();
            }
        }
        // The Map Run keeps `concurrency` children running, starting the next item (in the plan's order) as one ends.
        // A child's restore needs room under the instance quota, where an ended drill's instance still counts while it
        // is deleting: until there is room, Restore retries (InstanceQuotaReachedException) and the child holds its
        // Map slot, waiting.
        long planEnds = TASK_SECONDS.get("PlanNight");
        PriorityQueue<Long> slots = new PriorityQueue<>();
        for (int slot = 0; slot < concurrency; slot++) {
            slots.add(planEnds);
        }
        List<Long> releases = new ArrayList<>();
        long[] starts = new long[drills.size()];
        long[] slotStarts = new long[drills.size()];
        long lastEnd = planEnds;
        int waited = 0;
        long longestWait = 0;
        for (int index = 0; index < drills.size(); index++) {
            long slotFree = slots.poll();
            long start = roomUnderQuota(releases, slotFree, instanceQuota);
            if (start > slotFree) {
                waited++;
                longestWait = Math.max(longestWait, start - slotFree);
            }
            slotStarts[index] = slotFree;
            starts[index] = start;
            long end = start + durations[index];
            releases.add(end + DELETION_TAIL.toSeconds());
            slots.add(end);
            lastEnd = Math.max(lastEnd, end);
        }
        long[] slotDurations = new long[drills.size()];
        for (int index = 0; index < drills.size(); index++) {
            slotDurations[index] = starts[index] + durations[index] - slotStarts[index];
        }
        long night = lastEnd + TASK_SECONDS.get(Definition.SUMMARY_STATE);
        return new Night(result, steps, plan, drills, concurrency, night, peak(slotStarts, slotDurations, 0),
                peak(starts, durations, DELETION_TAIL.toSeconds()), waited, longestWait,
                HistoryEventModel.events(result.parent()), largestChild, largestPayload, where);
    }

    /** The earliest time from {@code at} when fewer than {@code quota} instances are alive (release after it). */
    private static long roomUnderQuota(List<Long> releases, long at, int quota) {
        List<Long> alive = releases.stream().filter(release -> release > at).sorted().toList();
        return alive.size() < quota ? at : alive.get(alive.size() - quota);
    }

    /** The most intervals [start, start + duration + tail) that overlap. */
    private static int peak(long[] starts, long[] durations, long tail) {
        List<long[]> edges = new ArrayList<>();
        for (int index = 0; index < starts.length; index++) {
            edges.add(new long[] {starts[index], 1});
            edges.add(new long[] {starts[index] + durations[index] + tail, -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int running = 0;
        int peak = 0;
        for (long[] edge : edges) {
            running += (int) edge[1];
            peak = Math.max(peak, running);
        }
        return peak;
    }

    static String hoursAndMinutes(long seconds) {
        return "%d h %02d min".formatted(seconds / 3600, (seconds % 3600) / 60);
    }
}
