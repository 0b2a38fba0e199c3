package io.restoredrill.statemachine;

import io.restoredrill.statemachine.harness.ExecutionResult;

import java.util.Map;

/**
 * How many history events an execution writes on real Step Functions (Standard workflow), from what it went through
 * on the local engine. The engine's own event log has no Task events (no TaskScheduled, TaskStarted, ...) and no Map
 * Run events, so they are counted from the states entered, with the events each state type writes in an execution's
 * history (GetExecutionHistory, "HistoryEvent" in the Step Functions API Reference,
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html):
 * <ul>
 *   <li>the execution: ExecutionStarted, and ExecutionSucceeded or ExecutionFailed: 2;</li>
 *   <li>Task whose Resource is a Lambda function ARN: TaskStateEntered, LambdaFunctionScheduled,
 *       LambdaFunctionStarted, LambdaFunctionSucceeded (or LambdaFunctionFailed / LambdaFunctionTimedOut),
 *       TaskStateExited: 5. A caught failure is counted as 5 too (an upper bound);</li>
 *   <li>each retry of a Task: one more LambdaFunctionScheduled, LambdaFunctionStarted and LambdaFunctionFailed: 3;</li>
 *   <li>Pass, Choice, Wait, Succeed: &lt;Type&gt;StateEntered and &lt;Type&gt;StateExited: 2;</li>
 *   <li>Fail: FailStateEntered: 1 (the ExecutionFailed that follows is the execution's);</li>
 *   <li>Map in Distributed mode: MapStateEntered, MapRunStarted, MapRunSucceeded (or MapRunFailed), MapStateExited: 4.
 *       Its iterations are child executions with histories of their own ("Distributed mode", Developer Guide,
 *       https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html), so none of their events
 *       count in the parent's.</li>
 * </ul>
 * The quota it is checked against: 25,000 events in an execution's history (Step Functions service quotas,
 * https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html).
 */
final class HistoryEventModel {

    /** The most events an execution's history may hold. */
    static final int HISTORY_QUOTA = 25_000;

    static final int EXECUTION = 2;
    static final int TASK_RETRY = 3;
    static final Map<String, Integer> PER_STATE = Map.of(
            "Task", 5,
            "Pass", 2,
            "Choice", 2,
            "Wait", 2,
            "Succeed", 2,
            "Fail", 1,
            "Map", 4);

    private HistoryEventModel() {
    }

    /** The history events of one execution (parent, or one child), from its local trace. */
    static int events(ExecutionResult.Trace trace) {
        int events = EXECUTION + TASK_RETRY * trace.retries();
        for (Map.Entry<String, Integer> entered : trace.statesByType().entrySet()) {
            Integer perState = PER_STATE.get(entered.getKey());
            if (perState == null) {
                throw new IllegalArgumentException("no event model for state type " + entered.getKey());
            }
            events += perState * entered.getValue();
        }
        return events;
    }

    /** The events one status poll costs: Wait, CheckInstanceStatus, IsInstanceAvailable, CountPoll, CheckPollBudget. */
    static int perPoll() {
        return PER_STATE.get("Wait") + PER_STATE.get("Task") + PER_STATE.get("Choice") + PER_STATE.get("Pass")
                + PER_STATE.get("Choice");
    }
}
