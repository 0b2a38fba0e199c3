package io.restoredrill.cli;

import io.restoredrill.cli.preflight.CheckResult;
import io.restoredrill.cli.preflight.Preflight;
import io.restoredrill.cli.preflight.StackNotFoundException;
import io.restoredrill.cli.preflight.aws.PreflightWiring;
import io.restoredrill.core.aws.FunctionCalls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code restore-drill preflight}: after {@code cdk deploy} and before the first night, checks a deployed stack
 * against the real account and prints a checklist with a fix for every failure. Reads only; changes nothing.
 */
@Command(name = "preflight",
        description = "Check a deployed restore-drill stack before its first night: snapshots and keys, subnet group,"
                + " network path to the instances, every function's IAM calls (asked of AWS's policy simulator),"
                + " the RDS CA bundle, the reports bucket, the schedule, the alarm subscription, and the configured"
                + " concurrency against the account's RDS quotas (a warning when drills would queue).",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every check passed (warnings, e.g. drills that will queue, are printed and pass)",
            "1:a check failed (each failure is printed with its fix)",
            "2:usage or configuration error (e.g. no such stack in this account and region)"})
final class PreflightCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--stack", required = true, paramLabel = "<name>",
            description = "Name of the deployed CloudFormation stack (cdk deploy's stackName; standard AWS credential,"
                    + " region and endpoint chain).")
    private String stack;

    private final Supplier<PreflightWiring> wiring;

    PreflightCommand() {
        this(PreflightWiring::fromEnvironment);
    }

    PreflightCommand(Supplier<PreflightWiring> wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (PreflightWiring aws = wiring.get()) {
            Preflight.Checklist checklist = new Preflight(aws.ports(), FunctionCalls.load(), Instant::now).run(stack);
            print(checklist, out);
            return checklist.passed() ? RestoreDrillCli.PASSED : RestoreDrillCli.DRILL_FAILED;
        } catch (StackNotFoundException e) {
            err.println("restore-drill: " + e.getMessage());
            return RestoreDrillCli.USAGE_ERROR;
        } catch (SdkException e) {
            err.println("error: " + e.getClass().getName() + ": " + e.getMessage());
            return RestoreDrillCli.DRILL_FAILED;
        }
    }

    private static void print(Preflight.Checklist checklist, PrintWriter out) {
        out.printf(Locale.ROOT, "restore-drill preflight %s (%s, account %s)%n", checklist.stack().name(),
                checklist.stack().region(), checklist.stack().account());
        List<CheckResult> results = checklist.results();
        int subject = results.stream().mapToInt(r -> r.subject().length()).max().orElse(1);
        int check = results.stream().mapToInt(r -> r.check().length()).max().orElse(1);
        String line = "  %-4s  %-" + subject + "s  %-" + check + "s  %s%n";
        for (CheckResult result : results) {
            out.printf(Locale.ROOT, line, result.status(), result.subject(), result.check(), result.detail());
            result.fix().ifPresent(fix -> out.printf(Locale.ROOT, "        fix: %s%n", fix));
        }
        long failed = results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).count();
        long warned = results.stream().filter(r -> r.status() == CheckResult.Status.WARN).count();
        out.printf(Locale.ROOT, "%d passed, %s%d failed%n", results.size() - failed - warned,
                warned == 0 ? "" : warned + (warned == 1 ? " warning, " : " warnings, "), failed);
        out.flush();
    }
}
