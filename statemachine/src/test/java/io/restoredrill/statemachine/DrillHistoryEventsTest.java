package io.restoredrill.statemachine;

import io.restoredrill.statemachine.harness.ExecutionResult;
import io.restoredrill.statemachine.harness.LocalExecution;
import io.restoredrill.statemachine.harness.TaskHost;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restoredrill.statemachine.SimulatedDrills.Script;
import static io.restoredrill.statemachine.SimulatedDrills.spec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history events of one drill's child execution for restores of 10 minutes, 1 hour and 6 hours, counted with
 * {@link HistoryEventModel} from the child run on the local engine: polling backs off (30 s, then 60 s, then 120 s),
 * so a long restore costs far fewer events than the 30-second polling it replaces (about 13 events a poll), and even a
 * drill that exhausts the longest restore budget a spec may set (12 h) stays far below the 25,000-event quota.
 */
class DrillHistoryEventsTest {

    private static final String NIGHT = "arn:aws:states:us-east-1:123456789012:execution:restore-drill:night";

    @ParameterizedTest(name = "restore of {0} min: at most {1} events")
    @CsvSource({"10, 300", "60, 750", "360, 2800"})
    void aDrillWritesABoundedHistoryWhateverItsRestoreTakes(int restoreMinutes, int atMost) {
        long restoreSeconds = Duration.ofMinutes(restoreMinutes).toSeconds();
        int polls = DefinitionFacts.pollsUntilAvailable(restoreSeconds);
        ExecutionResult child = runChild(polls, 12 * 3600);

        assertThat(child.output().orElseThrow().path("verdict").asText()).isEqualTo("PASSED");
        ExecutionResult.Trace trace = child.parent();
        assertThat(trace.entered("CheckInstanceStatus")).isEqualTo(polls);
        // The waits cover the restore, overshooting it by less than one interval (at most 120 s).
        assertThat(trace.waitedSeconds()).isBetween(restoreSeconds, restoreSeconds + 120);
        int events = HistoryEventModel.events(trace);
        assertThat(events).as("events of a %d-minute restore", restoreMinutes).isLessThanOrEqualTo(atMost);
        // What 30-second polling cost: the "about 550 events for a 20-minute restore".
        int fixedIntervalPolls = (int) Math.ceil(restoreSeconds / 30.0);
        if (restoreMinutes >= 60) {
            assertThat(events).isLessThan(fixedIntervalPolls * HistoryEventModel.perPoll() / 2);
        }
        System.out.printf("restore of %d min: %d polls, %d s waited, %d history events (30 s polling: %d polls)%n",
                restoreMinutes, polls, trace.waitedSeconds(), events, fixedIntervalPolls);
    }

    @Test
    void eachPollCostsThirteenEventsAndTheFixedPartOfADrillStaysSmall() {
        int few = HistoryEventModel.events(runChild(3, 7200).parent());
        int more = HistoryEventModel.events(runChild(8, 7200).parent());

        // 5 more polls, none of them crossing a back-off step: 5 x 13 events.
        assertThat(more - few).isEqualTo(5 * HistoryEventModel.perPoll());
        assertThat(HistoryEventModel.perPoll()).isEqualTo(13);
        assertThat(few - 3 * HistoryEventModel.perPoll()).as("events outside the poll loop").isLessThan(60);
    }

    @Test
    void aDrillThatExhaustsTheLongestRestoreBudgetWithEveryRetrySpentStaysFarBelowTheQuota() {
        // 12 h, the most restoreTimeout allows: the instance never becomes available.
        int budget = 12 * 3600;
        ExecutionResult child = runChild(Integer.MAX_VALUE, budget);

        assertThat(child.output().orElseThrow().path("reason").asText()).startsWith("RestoreDrill.NeverAvailable: ");
        int polls = child.parent().entered("CheckInstanceStatus");
        assertThat(polls).isEqualTo(DefinitionFacts.pollsWithin(budget));
        int events = HistoryEventModel.events(child.parent());
        // Worst case on top: every status poll spends all its retries (4 x 3 events each), Validate is never reached
        // but Cleanup spends all 16 of its retries.
        int worst = events + polls * 4 * HistoryEventModel.TASK_RETRY + 16 * HistoryEventModel.TASK_RETRY;
        assertThat(worst).isLessThan(HistoryEventModel.HISTORY_QUOTA / 2);
        System.out.printf("12 h restore budget exhausted: %d polls, %d events (%d with every retry spent)%n",
                polls, events, worst);
    }

    /**
     * The spec as the plan accepts it for this restore budget: a timeToLive that covers it plus validation's 4 rounds
     * of 15 minutes (the plan refuses a spec whose instance could expire under a running drill). Its restoreTimeout,
     * which the plan turns into limits.restoreSeconds, is given here as that limit directly: the core of this branch
     * does not know the key yet (fleet-lambdas adds it).
     */
    private static com.fasterxml.jackson.databind.JsonNode specWithBudget(int restoreSeconds) {
        var spec = (com.fasterxml.jackson.databind.node.ObjectNode) spec("orders");
        spec.withObject("/target").withObject("/rds").put("timeToLive", (restoreSeconds / 60 + 60) + "m");
        return spec;
    }

    /** One child: the instance is available at the given poll (Integer.MAX_VALUE: never). */
    private static ExecutionResult runChild(int availableAtPoll, int restoreBudgetSeconds) {
        SimulatedDrills drills = new SimulatedDrills();
        List<String> statuses = new ArrayList<>();
        if (availableAtPoll == Integer.MAX_VALUE) {
            statuses.add("creating");
        } else {
            for (int poll = 1; poll < availableAtPoll; poll++) {
                statuses.add("creating");
            }
            statuses.add("available");
        }
        drills.script("orders", Script.passing().statuses(statuses.toArray(String[]::new)));
        try (TaskHost host = TaskHost.start(drills.tasks())) {
            ExecutionResult child = LocalExecution.runDrill(host,
                    Json.childInput(specWithBudget(restoreBudgetSeconds), NIGHT, 0, restoreBudgetSeconds));
            assertThat(child.status()).isEqualTo("SUCCEEDED");
            assertThat(drills.registry.instanceIds()).isEmpty();
            return child;
        }
    }
}
