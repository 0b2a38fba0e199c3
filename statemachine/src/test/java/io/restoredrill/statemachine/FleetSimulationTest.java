package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.UnsafeDeletionException;
import io.restoredrill.statemachine.FleetSimulation.Drill;
import io.restoredrill.statemachine.FleetSimulation.Night;
import io.restoredrill.statemachine.FleetSimulation.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nights of 3, 100 and 500 drills ({@link FleetSimulation}: restore times drawn with a fixed seed from 5 minutes to
 * 2 hours, about one drill in eleven failing) on the local engine, which runs the Distributed Map inline: the
 * harness emulates ItemReader (the plan's drills.json) and ResultWriter (manifest and results, read by summarize).
 * Asserted per night: every verdict and every cleanup; the history events of the parent and of the largest child
 * ({@link HistoryEventModel}); the largest state payload; the night's length at the configured concurrency.
 *
 * <p>The build runs 3 and 100 ({@code -Dfleet.sizes=3,100}, the default); benchmark/fleet.sh runs 100 and 500.
 * Quotas relied on (Step Functions service quotas, https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html):
 * 25,000 history events per execution, 256 KiB per state input or output; a Distributed Map runs up to 10,000 child
 * executions at once, far above the 40 RDS instances a region allows by default (RDS quotas,
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html).
 */
class FleetSimulationTest {

    private static final long SEED = 20261201L;
    private static final int PAYLOAD_QUOTA = 256 * 1024;

    static Stream<Integer> sizes() {
        return Arrays.stream(System.getProperty("fleet.sizes", "3,100").split(",")).map(String::trim)
                .map(Integer::parseInt);
    }

    @ParameterizedTest(name = "{0} drills")
    @MethodSource("sizes")
    void runsEveryDrillToItsVerdictAndCleanupWithinTheQuotas(int size) throws Exception {
        // Concurrency 40 with a quota of 40 instances: the default RDS quota of DB instances per region, and the
        // issue's target for 100 drills.
        int concurrency = 40;
        List<Drill> drills = FleetSimulation.drills(size, SEED);
        Night night = FleetSimulation.run(drills, concurrency, concurrency);
        report(night);

        // Every drill has its verdict, and every cleanup ran: only the instances whose deletion was refused are left.
        assertThat(night.result().iterations()).hasSize(size)
                .allSatisfy(iteration -> assertThat(iteration.status()).isEqualTo("SUCCEEDED"));
        for (Drill drill : drills) {
            JsonNode verdict = night.result().verdictOf(drill.name());
            assertThat(night.steps().calls(drill.name(), "cleanup")).as("cleanups of %s", drill.name()).isEqualTo(1);
            switch (drill.outcome()) {
                case PASSES -> {
                    assertThat(verdict.path("verdict").asText()).as(drill.name()).isEqualTo("PASSED");
                    assertThat(verdict.path("cleanup").asText()).isEqualTo("deleted");
                    assertThat(night.steps().calls(drill.name(), "status"))
                            .isEqualTo(DefinitionFacts.pollsUntilAvailable(drill.restoreSeconds()));
                }
                case RESTORE_FAILS -> assertThat(verdict.path("reason").asText())
                        .startsWith(RestoreFailedException.class.getName() + ": ");
                case CHECKS_FAIL -> assertThat(verdict.path("reason").asText()).contains("orders has 12 rows");
                case INSTANCE_FAILS -> assertThat(verdict.path("reason").asText())
                        .startsWith("RestoreDrill.InstanceFailed: ");
                case CLEANUP_REFUSED -> {
                    assertThat(verdict.path("orphaned").asBoolean()).isTrue();
                    assertThat(verdict.path("reason").asText()).contains(UnsafeDeletionException.class.getName());
                }
            }
            if (drill.outcome() != Outcome.PASSES) {
                assertThat(verdict.path("verdict").asText()).as(drill.name()).isEqualTo("FAILED");
            }
            if (drill.outcome() != Outcome.CLEANUP_REFUSED) {
                assertThat(verdict.path("orphaned").asBoolean()).as("%s orphaned", drill.name()).isFalse();
            }
        }
        List<String> refused = drills.stream().filter(drill -> drill.outcome() == Outcome.CLEANUP_REFUSED)
                .map(drill -> night.result().verdictOf(drill.name()).path("instance").asText()).toList();
        assertThat(night.steps().registry.instanceIds()).containsExactlyInAnyOrderElementsOf(refused);

        // The night's summary names every failed drill and every orphan.
        List<String> failed = drills.stream().filter(drill -> drill.outcome() != Outcome.PASSES).map(Drill::name)
                .toList();
        if (failed.isEmpty()) {
            assertThat(night.result().status()).isEqualTo("SUCCEEDED");
        } else {
            assertThat(night.result().status()).isEqualTo("FAILED");
            assertThat(night.result().error()).contains("RestoreDrill.DrillsFailed");
            JsonNode cause = Json.parse(night.result().cause().orElseThrow());
            assertThat(cause.path("failedDrills")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(failed);
            assertThat(cause.path("orphanedInstances")).hasSize(refused.size());
        }
        assertThat(night.plan().summaryDocument().path("verdicts")).hasSize(size);

        // History: the parent's is the same whatever the fleet (the children's events are their own); a child's is
        // bounded by its restore. Payloads: far below 256 KiB, also for the parent of 500 drills.
        assertThat(night.parentEvents()).isLessThan(40);
        assertThat(night.largestChildEvents()).isLessThan(HistoryEventModel.HISTORY_QUOTA / 20);
        assertThat(night.largestPayloadBytes()).isLessThan(PAYLOAD_QUOTA / 8);

        // Concurrency: never more drills at once than the plan's concurrency, never more instances than the quota.
        assertThat(night.peakDrills()).isEqualTo(Math.min(size, concurrency));
        assertThat(night.peakInstances()).isLessThanOrEqualTo(concurrency);
        // A restore waits for a deleting instance at most its deletion: within Restore's quota retries (15 x 60 s).
        assertThat(night.longestQuotaWaitSeconds()).isLessThanOrEqualTo(FleetSimulation.DELETION_TAIL.toSeconds());
        if (size == 100) {
            // The goal: 100 drills within a 4-hour window at concurrency 40.
            assertThat(Duration.ofSeconds(night.nightSeconds())).isLessThanOrEqualTo(Duration.ofHours(4));
        }
        // The longest drill bounds it from below, the work divided by the slots plus the longest drill from above.
        long longest = drills.stream().mapToLong(Drill::restoreSeconds).max().orElseThrow();
        assertThat(night.nightSeconds()).isGreaterThan(longest);
    }

    @org.junit.jupiter.api.Test
    void aNightOf500FailedDrillsKeepsTheParentsHistoryAndStateSmall() {
        // The worst case for the parent's state: every drill failed, so the summary names all 500. Cheap to run: each
        // child fails at its restore and goes straight to its cleanup.
        List<Drill> drills = FleetSimulation.allFailingAtRestore(500);
        Night night = FleetSimulation.run(drills, 40, 40);
        System.out.println(night.line());

        assertThat(night.result().status()).isEqualTo("FAILED");
        assertThat(night.result().iterations()).hasSize(500);
        for (Drill drill : drills) {
            assertThat(night.result().verdictOf(drill.name()).path("verdict").asText()).isEqualTo("FAILED");
            assertThat(night.result().verdictOf(drill.name()).path("cleanup").asText()).isEqualTo("deleted");
        }
        assertThat(night.steps().registry.instanceIds()).isEmpty();
        assertThat(Json.parse(night.result().cause().orElseThrow()).path("failedDrills")).hasSize(500);
        // The parent's history does not grow with the fleet; its largest state (the summary of 500 failed drills, as
        // the simulated summarize writes it: names, no reasons) stays far below 256 KiB. The real summarize's output
        // for 500 failed drills is bounded by fleet-lambdas (contract, Amendments: about 109 KB at worst).
        assertThat(night.parentEvents()).isLessThan(40);
        assertThat(night.result().parent().largestPayloadBytes()).isLessThan(PAYLOAD_QUOTA / 8);
    }

    /** benchmark/fleet.sh reads the lines from -Dfleet.report. */
    private static void report(Night night) throws Exception {
        System.out.println(night.line());
        String file = System.getProperty("fleet.report");
        if (file != null && !file.isBlank()) {
            Files.writeString(Path.of(file), night.line() + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
