package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListMapRunsResponse;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows an execution of the parent state machine to its end and reports each drill's verdict as its child execution
 * ends. The parent's Distributed Map runs one child execution per drill; their events are not in the parent's history,
 * so each round asks:
 * <ol>
 *   <li>DescribeExecution of the parent: still running? (after it ended, one last round picks up the last children);</li>
 *   <li>ListMapRuns(executionArn), paged: the parent's Map Runs (none until the plan step has finished)
 *       (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListMapRuns.html);</li>
 *   <li>ListExecutions(mapRunArn), paged with nextToken: "a list of all of the child workflow executions started by
 *       a Map Run"; mapRunArn excludes stateMachineArn ("either a mapRunArn or a stateMachineArn, but not both"), and
 *       only then does an item carry its mapRunArn and itemCount. An item has no output, results come newest first,
 *       and the listing is eventually consistent
 *       (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html,
 *       .../API_ExecutionListItem.html);</li>
 *   <li>DescribeExecution of each child that has newly ended, once: its output is the verdict document, or its
 *       error and cause when it failed (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html:
 *       output "is set only if the execution succeeds").</li>
 * </ol>
 * A 500-drill night costs one ListMapRuns, one ListExecutions a page of up to 1,000 children and the parent's describe
 * a round, plus one DescribeExecution a drill over the whole night.
 */
final class ChildExecutionFollower {

    /** The most ListExecutions and ListMapRuns return in one page (API Reference, maxResults). */
    static final int PAGE = 1000;
    /**
     * Rounds after the parent has ended while a child is still listed as running: ListExecutions is eventually
     * consistent, and a parent ends only after all its children (the Map waits for them).
     */
    static final int SETTLING_ROUNDS = 5;
    /** How much of a failed child's cause a verdict line quotes. */
    static final int REASON_CHARS = 300;

    /** Waits between rounds (the command sleeps the thread). */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration interval) throws InterruptedException;
    }

    /**
     * One drill's verdict, from the end of its child execution.
     *
     * @param drill    the drill's name
     * @param verdict  PASSED, FAILED, ... as the verdict document says; FAILED for a child that did not succeed
     * @param reason   the verdict's reason; for a failed child, its error and cause
     * @param cleanup  what cleanup did; for a failed child, that it ended without cleanup
     * @param orphaned whether the temporary instance may still be running
     */
    record ChildVerdict(String drill, String verdict, String reason, String cleanup, boolean orphaned,
                        String executionArn) {
        ChildVerdict {
            Objects.requireNonNull(drill, "drill");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(cleanup, "cleanup");
            Objects.requireNonNull(executionArn, "executionArn");
        }
    }

    private final SfnClient sfn;
    private final Pause pause;
    private final Set<String> reported = new HashSet<>();

    ChildExecutionFollower(SfnClient sfn, Pause pause) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /**
     * Rounds every {@code interval} until the parent has ended, reporting each child's verdict once, as it ends.
     *
     * @return the parent's description once it has ended
     */
    DescribeExecutionResponse follow(String parentArn, Duration interval, Consumer<ChildVerdict> onVerdict)
            throws InterruptedException {
        while (true) {
            DescribeExecutionResponse parent = sfn.describeExecution(r -> r.executionArn(parentArn));
            boolean ended = parent.status() != ExecutionStatus.RUNNING
                    && parent.status() != ExecutionStatus.PENDING_REDRIVE; // a redrive will run it again
            int running = reportEndedChildren(parentArn, onVerdict);
            if (ended) {
                // A stopped parent may leave children running; otherwise they have all ended, and a listing that
                // still shows one running is behind: ask again a few times.
                for (int round = 0; running > 0 && round < SETTLING_ROUNDS; round++) {
                    pause.sleep(interval);
                    running = reportEndedChildren(parentArn, onVerdict);
                }
                return parent;
            }
            pause.sleep(interval);
        }
    }

    /** @return how many children are still listed as running */
    private int reportEndedChildren(String parentArn, Consumer<ChildVerdict> onVerdict) {
        int running = 0;
        for (String mapRunArn : mapRuns(parentArn)) {
            String token = null;
            do {
                String page = token;
                ListExecutionsResponse children = sfn.listExecutions(r -> r.mapRunArn(mapRunArn).maxResults(PAGE)
                        .nextToken(page));
                running += (int) children.executions().stream().filter(c -> c.status() == ExecutionStatus.RUNNING)
                        .count();
                // Newest first (API Reference); a night's verdicts print in the order the children ended.
                List<ExecutionListItem> ended = new ArrayList<>(children.executions().stream()
                        .filter(c -> c.status() != ExecutionStatus.RUNNING
                                && c.status() != ExecutionStatus.PENDING_REDRIVE)
                        .filter(c -> !reported.contains(c.executionArn()))
                        .toList());
                ended.sort((a, b) -> compareStop(a, b));
                for (ExecutionListItem child : ended) {
                    onVerdict.accept(verdict(sfn.describeExecution(r -> r.executionArn(child.executionArn()))));
                    reported.add(child.executionArn());
                }
                token = children.nextToken();
            } while (token != null && !token.isEmpty());
        }
        return running;
    }

    private static int compareStop(ExecutionListItem a, ExecutionListItem b) {
        if (a.stopDate() == null || b.stopDate() == null) {
            return a.stopDate() == null ? (b.stopDate() == null ? 0 : 1) : -1;
        }
        return a.stopDate().compareTo(b.stopDate());
    }

    private List<String> mapRuns(String parentArn) {
        List<String> arns = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            ListMapRunsResponse runs = sfn.listMapRuns(r -> r.executionArn(parentArn).maxResults(PAGE).nextToken(page));
            runs.mapRuns().stream().map(MapRunListItem::mapRunArn).forEach(arns::add);
            token = runs.nextToken();
        } while (token != null && !token.isEmpty());
        return arns;
    }

    /**
     * The verdict document of a succeeded child; a child that failed, timed out or was aborted (children do not fail
     * by design) is FAILED with its error and cause, and its cleanup unknown, as the summarize step reports it.
     */
    static ChildVerdict verdict(DescribeExecutionResponse child) {
        Optional<JsonNode> output = ExecutionOutcome.json(child.output());
        String drill = output.map(o -> o.path("drill").asText("")).filter(s -> !s.isEmpty())
                .or(() -> ExecutionOutcome.json(child.input())
                        .map(i -> i.path("state").path("drill").path("name").asText(""))
                        .filter(s -> !s.isEmpty()))
                .orElse(Optional.ofNullable(child.name()).orElse(child.executionArn()));
        if (child.status() == ExecutionStatus.SUCCEEDED && output.isPresent()) {
            JsonNode verdict = output.get();
            return new ChildVerdict(drill, verdict.path("verdict").asText("?"), verdict.path("reason").asText(""),
                    verdict.path("cleanup").asText(""), verdict.path("orphaned").asBoolean(false),
                    child.executionArn());
        }
        String error = Optional.ofNullable(child.error()).orElse(child.statusAsString());
        // A cause may be a whole stack trace: the terminal gets its start, the child's history keeps all of it.
        String cause = Optional.ofNullable(child.cause()).map(c -> ": " + trimmed(c)).orElse("");
        return new ChildVerdict(drill, "FAILED", "child execution " + child.statusAsString() + ": " + error + cause,
                "unknown: the child execution ended without its cleanup; the reaper deletes its instance at expiry",
                true, child.executionArn());
    }

    static String trimmed(String text) {
        return text.length() <= REASON_CHARS ? text : text.substring(0, REASON_CHARS) + "... ("
                + (text.length() - REASON_CHARS) + " more characters)";
    }
}
