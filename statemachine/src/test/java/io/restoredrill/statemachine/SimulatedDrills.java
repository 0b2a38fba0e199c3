package io.restoredrill.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.workflow.CleanupResult;
import io.restoredrill.core.workflow.DrillState;
import io.restoredrill.core.workflow.InstanceStatus;
import io.restoredrill.statemachine.harness.StreamTask;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The four steps of a drill, simulated over an {@link InstanceRegistry}, each drill following its {@link Script}:
 * small Java stand-ins for the Lambda handlers, so every path of the workflow can be driven on the real engine.
 */
final class SimulatedDrills {

    final InstanceRegistry registry = new InstanceRegistry();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** Every state document the steps received, for checking what the workflow passes along. */
    final List<Received> received = new CopyOnWriteArrayList<>();

    record Received(String step, DrillState state) {
    }

    SimulatedDrills script(String drill, Script script) {
        scripts.put(drill, script);
        return this;
    }

    Map<String, StreamTask> tasks() {
        return Map.of(
                "restore", StreamTask.of(this::restore),
                "status", StreamTask.of(this::status),
                "validate", StreamTask.of(this::validate),
                "cleanup", StreamTask.of(this::cleanup));
    }

    /**
     * The temporary instance's identifier, derived from drill and execution like the real one, so that cleanup
     * finds it even when restore failed before reporting it.
     */
    static String instanceIdOf(DrillState state) {
        String execution = state.executionId().substring(state.executionId().lastIndexOf(':') + 1);
        return "restore-drill-" + state.drill().spec().name() + "-"
                + Integer.toHexString(execution.hashCode());
    }

    private DrillState restore(DrillState state) {
        received.add(new Received("restore", state));
        String id = instanceIdOf(state);
        registry.launch(id);
        scriptOf(state).restore().maybeThrow(count(state, "restore"));
        return state.withInstance(instance(id, "creating"));
    }

    private DrillState status(DrillState state) {
        received.add(new Received("status", state));
        String id = state.instance().orElseThrow().id();
        List<String> statuses = scriptOf(state).statuses();
        String next = statuses.get(Math.min(count(state, "status") - 1, statuses.size() - 1));
        registry.setStatus(id, next);
        return state.withInstance(instance(id, registry.status(id).orElse("deleted")));
    }

    private DrillState validate(DrillState state) {
        received.add(new Received("validate", state));
        Script script = scriptOf(state);
        int round = count(state, "validate");
        script.validate().maybeThrow(round);
        if (round < script.proofRounds()) {
            // Proofs left for the next round: progress, no verdict (as the real step returns it).
            return state.withProving(new DrillState.Proving(round, Instant.now(), "orders",
                    "s3://reports/orders/in-progress/x.json",
                    List.of(new DrillState.ProofCursor("full-read", round, 10, round * 840_000L, false))));
        }
        return state.withValidation(script.failureReason()
                .map(reason -> new DrillState.Validation("FAILED", Optional.of(reason), Optional.empty(), 3, 1, 4, 1200))
                .orElseGet(() -> new DrillState.Validation("PASSED", Optional.empty(),
                        Optional.of("s3://reports/orders/report.json"), 4, 0, 4, 1200)));
    }

    private DrillState cleanup(DrillState state) {
        received.add(new Received("cleanup", state));
        scriptOf(state).cleanup().maybeThrow(count(state, "cleanup"));
        String id = state.instance().map(DrillState.Instance::id).orElseGet(() -> instanceIdOf(state));
        CleanupResult result = registry.delete(id) ? CleanupResult.DELETED : CleanupResult.ALREADY_GONE;
        return state.withCleanup(new DrillState.Cleanup(result, Optional.of(id), Instant.now()));
    }

    /** How many times a step ran for a drill, this call included. */
    int calls(String drill, String step) {
        AtomicInteger count = calls.get(drill + "/" + step);
        return count == null ? 0 : count.get();
    }

    private int count(DrillState state, String step) {
        return calls.computeIfAbsent(state.drill().spec().name() + "/" + step, ignored -> new AtomicInteger())
                .incrementAndGet();
    }

    private Script scriptOf(DrillState state) {
        return scripts.getOrDefault(state.drill().spec().name(), Script.passing());
    }

    private static DrillState.Instance instance(String id, String status) {
        return new DrillState.Instance(id, InstanceStatus.of(status), status, Optional.empty(), Optional.empty(), Optional.empty(),
                Instant.now().plus(Duration.ofHours(6)));
    }

    static JsonNode spec(String name) {
        return Json.parse("""
                {"name": "%s",
                 "source": {"rdsSnapshot": {"dbInstanceIdentifier": "%s-prod"}},
                 "maxBackupAgeHours": 26,
                 "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill-isolated",
                                    "vpcSecurityGroupIds": ["sg-0abc"]}},
                 "checks": [{"name": "orders present", "sql": "SELECT count(*) FROM orders", "expect": ">= 1000"}]}
                """.formatted(name, name));
    }

    /** The first {@code times} calls of a step throw; later ones run normally. */
    record Fault(int times, Supplier<RuntimeException> error) {

        static final Fault NONE = new Fault(0, () -> new IllegalStateException("unused"));

        static Fault once(Supplier<RuntimeException> error) {
            return new Fault(1, error);
        }

        static Fault always(Supplier<RuntimeException> error) {
            return new Fault(Integer.MAX_VALUE, error);
        }

        void maybeThrow(int call) {
            if (call <= times) {
                throw error.get();
            }
        }
    }

    /**
     * How one drill goes.
     *
     * @param statuses      what the status step reports, call after call; the last one repeats
     * @param failureReason when present, validation finds a failed check, for this reason
     * @param proofRounds   the validate round that returns the verdict; the ones before return proofs in progress
     */
    record Script(Fault restore, List<String> statuses, Fault validate, Optional<String> failureReason,
                  Fault cleanup, int proofRounds) {

        static Script passing() {
            return new Script(Fault.NONE, List.of("creating", "creating", "available"), Fault.NONE, Optional.empty(),
                    Fault.NONE, 1);
        }

        Script restore(Fault fault) {
            return new Script(fault, statuses, validate, failureReason, cleanup, proofRounds);
        }

        Script statuses(String... values) {
            return new Script(restore, List.of(values), validate, failureReason, cleanup, proofRounds);
        }

        Script validate(Fault fault) {
            return new Script(restore, statuses, fault, failureReason, cleanup, proofRounds);
        }

        Script checksFail(String reason) {
            return new Script(restore, statuses, validate, Optional.of(reason), cleanup, proofRounds);
        }

        Script cleanup(Fault fault) {
            return new Script(restore, statuses, validate, failureReason, fault, proofRounds);
        }

        /** Validate's proofs take this many rounds; Integer.MAX_VALUE: they never finish. */
        Script proofRounds(int rounds) {
            return new Script(restore, statuses, validate, failureReason, cleanup, rounds);
        }
    }
}
