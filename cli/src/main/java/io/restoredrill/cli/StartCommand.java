package io.restoredrill.cli;

import io.restoredrill.core.domain.InvalidConfigurationException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code restore-drill start}: a manual run of the deployed state machine, over a drills file given inline, a subset
 * of the deployed drill list, or the whole deployed list. Starts the execution, prints its ARN and, with
 * {@code --wait}, follows its child executions (one per drill), prints each drill's verdict as its child ends, and
 * at the end the night's summary.
 */
@Command(name = "start",
        description = "Start the deployed restore-drill state machine (a manual nightly run): on the deployed drill"
                + " list, a subset of it (--only) or a drills file (--drills).",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:started (with --wait: the execution succeeded, every drill passed)",
            "1:with --wait: a drill failed, or the execution failed, timed out or was aborted; or a Step Functions"
                    + " API error",
            "2:usage or configuration error (a bad drills file starts nothing)"})
final class StartCommand implements Callable<Integer> {

    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Drill names shorter than this still line up in the verdict lines printed as children end. */
    private static final int DRILL_COLUMN = 16;

    @Spec
    private CommandSpec spec;

    @Option(names = "--state-machine", required = true, paramLabel = "<arn>",
            description = "ARN of the deployed restore-drill state machine (standard AWS credential, region and"
                    + " endpoint chain; AWS_ENDPOINT_URL reaches an emulator).")
    private String stateMachineArn;

    /** At most one of the two; neither runs the deployed list. */
    static final class Drills {
        @Option(names = "--drills", paramLabel = "<drills.yaml>",
                description = "Run these drills instead of the deployed list: one drill spec, or `drills: [spec, ...]`;"
                        + " checked before anything starts.")
        Path file;

        @Option(names = "--only", split = ",", paramLabel = "<drill>",
                description = "Run only these drills of the deployed list (comma-separated names). The run fails at"
                        + " its plan step, naming it, if a name is not in the list.")
        List<String> only;

        @Option(names = "--alarm-test",
                description = "A fire drill of the alarms: a night of one drill that fails on purpose, restoring"
                        + " nothing, so the failed-execution alarm proves it reaches the on-call engineer. The history"
                        + " records it as an alarm test, not as a backup that failed.")
        boolean alarmTest;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private Drills drills;

    @Option(names = "--wait", description = "Follow the execution to its end, print each drill's verdict as it"
            + " completes and the night's summary, and exit as `run` does.")
    private boolean wait;

    @Option(names = "--name", paramLabel = "<execution-name>",
            description = "Execution name (default: manual-<UTC time>-<random>). Unique per state machine.")
    private String name;

    @Option(names = "--poll-interval", defaultValue = "5s", paramLabel = "<duration>",
            converter = DurationConverter.class,
            description = "With --wait: how often to ask for the execution's and its drills' status"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration pollInterval;

    @Override
    public Integer call() throws InterruptedException {
        // Everything the user gave is checked before the first API call: a typo must not start an execution.
        String input = input();
        Duration interval = pollInterval();
        String executionName = name != null ? name
                : "manual-" + NAME_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        try (SfnClient sfn = StepFunctionsClients.fromEnvironment()) {
            String executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(executionName)
                    .input(input)).executionArn();
            out.println(executionArn);
            out.flush();
            if (!wait) {
                return RestoreDrillCli.PASSED;
            }
            err.println("restore-drill: following " + executionName + " (Ctrl-C stops following, not the execution)");
            err.flush();
            ChildExecutionFollower follower = new ChildExecutionFollower(sfn, d -> Thread.sleep(d.toMillis()));
            ExecutionOutcome outcome = ExecutionOutcome.of(sfn,
                    follower.follow(executionArn, interval, verdict -> print(verdict, out)));
            print(outcome, out);
            return outcome.succeeded() ? RestoreDrillCli.PASSED : RestoreDrillCli.DRILL_FAILED;
        } catch (InvalidArnException | StateMachineDoesNotExistException | InvalidNameException e) {
            err.println("error: " + e.getClass().getName() + ": " + e.getMessage());
            return RestoreDrillCli.USAGE_ERROR;
        } catch (SdkException e) {
            err.println("error: " + e.getClass().getName() + ": " + e.getMessage());
            return RestoreDrillCli.DRILL_FAILED;
        }
    }

    private String input() {
        if (drills != null && drills.file != null) {
            return DrillsInput.fromFile(drills.file);
        }
        if (drills != null && drills.only != null) {
            return DrillsInput.only(drills.only);
        }
        if (drills != null && drills.alarmTest) {
            return DrillsInput.alarmTest();
        }
        return DrillsInput.deployedList();
    }

    private static void print(ChildExecutionFollower.ChildVerdict verdict, PrintWriter out) {
        out.printf(Locale.ROOT, "  %-6s  %-" + DRILL_COLUMN + "s  %s%s%n", verdict.verdict(), verdict.drill(),
                verdict.reason(), verdict.orphaned() ? "  [" + verdict.cleanup() + "]" : "");
        out.flush();
    }

    private static void print(ExecutionOutcome outcome, PrintWriter out) {
        out.printf(Locale.ROOT, "restore-drill execution %s: %s%n", outcome.executionArn(), outcome.status());
        outcome.summary().ifPresent(s -> out.printf(Locale.ROOT, "  %d drills: %d passed, %d failed, %d orphaned%n",
                s.drills(), s.passed(), s.failed(), s.orphaned()));
        if (!outcome.failedDrills().isEmpty() || outcome.failedNotListed() > 0) {
            out.println("  failed drills: " + listed(outcome.failedDrills(), outcome.failedNotListed()));
        }
        if (!outcome.orphanedInstances().isEmpty() || outcome.orphansNotListed() > 0) {
            out.println("  orphaned instances (still running, delete them): "
                    + listed(outcome.orphanedInstances(), outcome.orphansNotListed()));
        }
        outcome.summaryLocation().ifPresent(location -> out.println("  every verdict: " + location));
        if (!outcome.succeeded() && outcome.failedDrills().isEmpty() && outcome.failedNotListed() == 0) {
            // Not a drill's failure: the execution itself failed (e.g. its plan), timed out or was stopped.
            out.printf(Locale.ROOT, "  %s: %s%n", outcome.error().orElse(outcome.status().toString()),
                    outcome.cause().orElse("(no cause given)"));
        }
        out.flush();
    }

    private static String listed(List<String> names, int notListed) {
        String more = notListed > 0 ? notListed + " more (see summary.json)" : "";
        return names.isEmpty() ? more : String.join(", ", names) + (more.isEmpty() ? "" : " and " + more);
    }

    private Duration pollInterval() {
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new InvalidConfigurationException("--poll-interval " + pollInterval + ": must be positive");
        }
        return pollInterval;
    }
}
