package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every phase of a drill is bounded, so every child execution reaches Cleanup and ends on its own, with no timeout
 * that could stop it halfway (the definitions set none: {@link DefinitionTest}). The bound, computed from the
 * definition: Task timeouts times attempts plus retry delays, the poll loop's budget, the validate rounds.
 * Step Functions itself bounds a Standard execution at one year (service quotas,
 * https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html).
 */
class DrillBoundsTest {

    private static final JsonNode STATES = DefinitionFacts.drillStates();

    @Test
    void everyTaskOfADrillHasATimeoutAndEveryLoopACap() {
        Map<String, JsonNode> tasks = DefinitionFacts.tasks();
        for (String name : new String[] {"Restore", "CheckInstanceStatus", "Validate", "Cleanup"}) {
            assertThat(tasks.get(name).path("TimeoutSeconds").asInt()).as("%s TimeoutSeconds", name).isBetween(1, 900);
        }
        // The poll loop ends once the waits reach the restore budget; each pass waits at least the first interval.
        JsonNode budget = STATES.path("CheckPollBudget").path("Choices").get(0);
        assertThat(budget.path("Variable").asText()).isEqualTo("$.polls.waitedSeconds");
        assertThat(budget.path("NumericGreaterThanEqualsPath").asText()).isEqualTo("$.limits.restoreSeconds");
        assertThat(budget.path("Next").asText()).isEqualTo("RecordNeverAvailable");
        assertThat(STATES.path("RecordNeverAvailable").path("Next").asText()).isEqualTo("Cleanup");
        assertThat(DefinitionFacts.firstPollInterval()).isGreaterThanOrEqualTo(30);
        // The validate loop ends after its rounds.
        assertThat(DefinitionFacts.validateRounds()).isEqualTo(4);
    }

    @Test
    void aDrillWithTheLongestRestoreBudgetEndsWithinFourDaysEvenWhenEveryStepTakesItsWorst() {
        int restoreBudget = 12 * 3600; // the most restoreTimeout allows
        int polls = DefinitionFacts.pollsWithin(restoreBudget);
        long waits = DefinitionFacts.pollSchedule(restoreBudget).stream().mapToLong(Integer::longValue).sum();

        long worst = worstSeconds("Restore")
                + waits + polls * worstSeconds("CheckInstanceStatus")
                + DefinitionFacts.validateRounds() * worstSeconds("Validate")
                + worstSeconds("Cleanup");

        System.out.printf("worst-case drill with a 12 h restore budget: %s (restore %s, polls %d over %s, validate %s"
                        + " x %d, cleanup %s)%n", Duration.ofSeconds(worst), Duration.ofSeconds(worstSeconds("Restore")),
                polls, Duration.ofSeconds(waits + polls * worstSeconds("CheckInstanceStatus")),
                Duration.ofSeconds(worstSeconds("Validate")), DefinitionFacts.validateRounds(),
                Duration.ofSeconds(worstSeconds("Cleanup")));
        // The worst case is dominated by status polls that each time out and spend every retry (the poll budget counts
        // the waits, not the polls' own time: the intrinsics cannot subtract timestamps). It is finite, and far from
        // the parent's one-year limit, so no drill can hold up the night forever; in a normal night a poll takes
        // about a second and a drill ends within its restore budget plus its validation and cleanup.
        assertThat(worst).isLessThan(Duration.ofDays(4).toSeconds());
        // Cleanup itself, even at its worst (an instance busy backing up, throttling), ends within hours.
        assertThat(worstSeconds("Cleanup")).isLessThan(Duration.ofHours(4).toSeconds());
    }

    /** A Task at its worst: every attempt runs to its timeout, every retry waits its longest. */
    private static long worstSeconds(String task) {
        JsonNode state = DefinitionFacts.tasks().get(task);
        long timeout = state.path("TimeoutSeconds").asLong();
        long total = timeout;
        for (JsonNode retrier : state.path("Retry")) {
            double interval = retrier.path("IntervalSeconds").asDouble(1);
            double rate = retrier.path("BackoffRate").asDouble(2);
            long cap = retrier.path("MaxDelaySeconds").asLong(Long.MAX_VALUE);
            for (int attempt = 0; attempt < retrier.path("MaxAttempts").asInt(3); attempt++) {
                total += timeout + Math.min(cap, (long) Math.ceil(interval * Math.pow(rate, attempt)));
            }
        }
        return total;
    }
}
