package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.adapter.config.Durations;
import io.restoredrill.core.domain.InvalidConfigurationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code restore-drill start}: a manual run of the deployed state machine over a drills file. Starts the execution,
 * prints its ARN and, with {@code --wait}, follows it to the end and prints each drill's verdict.
 */
@Command(name = "start",
        description = "Start the deployed restore-drill state machine on a drills file (a manual nightly run).",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:started (with --wait: the execution succeeded, every drill passed)",
            "1:with --wait: the execution failed, timed out or was aborted; or a Step Functions API error",
            "2:usage or configuration error (a bad drills file starts nothing)"})
final class StartCommand implements Callable<Integer> {

    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    @Option(names = "--state-machine", required = true, paramLabel = "<arn>",
            description = "ARN of the deployed restore-drill state machine (standard AWS credential, region and"
                    + " endpoint chain; AWS_ENDPOINT_URL reaches an emulator).")
    private String stateMachineArn;

    @Option(names = "--drills", required = true, paramLabel = "<drills.yaml>",
            description = "One drill spec, or `drills: [spec, ...]`; checked before anything starts.")
    private Path drills;

    @Option(names = "--wait", description = "Follow the execution to its end, print each drill's verdict and exit"
            + " as `run` does.")
    private boolean wait;

    @Option(names = "--name", paramLabel = "<execution-name>",
            description = "Execution name (default: manual-<UTC time>-<random>). Unique per state machine.")
    private String name;

    @Option(names = "--poll-interval", defaultValue = "5s", paramLabel = "<duration>",
            description = "With --wait: how often to ask for the execution's status (default: ${DEFAULT-VALUE}).")
    private String pollInterval;

    @Override
    public Integer call() throws InterruptedException {
        // Everything the user gave is checked before the first API call: a typo must not start an execution.
        String input = DrillsInput.fromFile(drills);
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
            ExecutionOutcome outcome = ExecutionOutcome.of(sfn, untilEnded(sfn, executionArn, interval));
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

    private static DescribeExecutionResponse untilEnded(SfnClient sfn, String executionArn, Duration interval)
            throws InterruptedException {
        while (true) {
            DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(executionArn));
            // PENDING_REDRIVE: a redrive was asked for and the execution will run again; keep following it.
            if (execution.status() != ExecutionStatus.RUNNING && execution.status() != ExecutionStatus.PENDING_REDRIVE) {
                return execution;
            }
            Thread.sleep(interval.toMillis());
        }
    }

    private static void print(ExecutionOutcome outcome, PrintWriter out) {
        out.printf(Locale.ROOT, "restore-drill execution %s: %s%n", outcome.executionArn(), outcome.status());
        int width = outcome.verdicts().stream().mapToInt(v -> v.path("drill").asText().length()).max().orElse(0);
        for (JsonNode verdict : outcome.verdicts()) {
            out.printf(Locale.ROOT, "  %-6s  %-" + Math.max(width, 1) + "s  %s%s%n",
                    verdict.path("verdict").asText("?"), verdict.path("drill").asText("?"),
                    verdict.path("reason").asText(""),
                    verdict.path("orphaned").asBoolean(false) ? "  [" + verdict.path("cleanup").asText() + "]" : "");
        }
        if (!outcome.failedDrills().isEmpty()) {
            out.println("  failed drills: " + String.join(", ", outcome.failedDrills()));
        }
        if (!outcome.orphanedInstances().isEmpty()) {
            out.println("  orphaned instances (still running, delete them): "
                    + String.join(", ", outcome.orphanedInstances()));
        }
        if (!outcome.succeeded() && outcome.failedDrills().isEmpty()) {
            // Not a drill's failure: the execution itself failed, timed out or was stopped. Say what AWS said.
            out.printf(Locale.ROOT, "  %s: %s%n", outcome.error().orElse(outcome.status().toString()),
                    outcome.cause().orElse("(no cause given)"));
        }
        out.flush();
    }

    private Duration pollInterval() {
        try {
            Duration interval = Durations.parse(pollInterval);
            if (interval.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return interval;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("--poll-interval " + pollInterval + ": " + e.getMessage(), e);
        }
    }
}
