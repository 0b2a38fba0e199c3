package io.restoredrill.cli;

import io.restoredrill.core.domain.InvalidConfigurationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code restore-drill}: the command line. Each subcommand is a driving adapter over the core. */
@Command(name = "restore-drill",
        mixinStandardHelpOptions = true,
        versionProvider = RestoreDrillCli.Version.class,
        description = "Proves that your newest PostgreSQL backup restores and holds the data you expect.",
        subcommands = {RunCommand.class, StartCommand.class, InvokeCommand.class, PreflightCommand.class,
                BaselineCommand.class, HistoryCommand.class, GuardPlanCommand.class, AuditCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:restored and every check passed (start --wait: every drill passed; invoke: the handler returned;"
                    + " preflight: every check passed; baseline accept: the baseline was replaced;"
                    + " audit: nothing at high severity)",
            "1:the drill failed (no backup, backup too old, restore error, a check failed, timeout; start --wait:"
                    + " the execution failed; invoke: the handler threw; preflight: a check failed;"
                    + " audit: a high-severity finding)",
            "2:usage or configuration error (baseline accept: also a report that cannot become the baseline)"})
public final class RestoreDrillCli {

    public static final int PASSED = 0;
    public static final int DRILL_FAILED = 1;
    public static final int USAGE_ERROR = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, with our exit codes for configuration errors. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The command line with its subcommands made by {@code factory} (tests hand some their own wiring). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(new RestoreDrillCli(), factory);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidConfigurationException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("restore-drill: " + e.getMessage());
                return USAGE_ERROR;
            }
            throw e;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RestoreDrillCli.class.getPackage().getImplementationVersion();
            return new String[] {"restore-drill " + (version == null ? "(development build)" : version)};
        }
    }
}
