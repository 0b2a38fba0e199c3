package io.restoredrill.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line is built with only the subcommand its first argument names; help and errors stay whole. */
class RestoreDrillCliTest {

    private record Result(int exitCode, String out, String err) {
    }

    private static Result execute(String... args) {
        CommandLine cli = RestoreDrillCli.commandLine(CommandLine.defaultFactory(), args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    @Test
    void aCommandLineNamingASubcommandHoldsOnlyThatOne() {
        assertThat(RestoreDrillCli.commandLine(CommandLine.defaultFactory(), "run", "--help").getSubcommands())
                .containsOnlyKeys("run");
    }

    @Test
    void helpListsEveryCommand() {
        Result help = execute("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("run ", "start ", "invoke ", "preflight ", "baseline ", "history ",
                "guard-plan ", "audit ", "help ");
    }

    @Test
    void helpOfACommandExplainsThatCommand() {
        Result help = execute("help", "audit");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: restore-drill audit");
    }

    @Test
    void aMistypedCommandIsAUsageErrorThatListsTheCommands() {
        Result wrong = execute("rnu", "--backups", "x");

        assertThat(wrong.exitCode()).isEqualTo(RestoreDrillCli.USAGE_ERROR);
        assertThat(wrong.err()).contains("Unmatched arguments from index 0: 'rnu'", "Commands:", "  run ", "  audit ");
    }

    @Test
    void anUnknownOptionOfACommandIsReportedByThatCommand() {
        Result wrong = execute("run", "--bogus", "--backups", "x", "--checks", "y");

        assertThat(wrong.exitCode()).isEqualTo(RestoreDrillCli.USAGE_ERROR);
        assertThat(wrong.err()).contains("Unknown option: '--bogus'", "Usage: restore-drill run");
    }
}
