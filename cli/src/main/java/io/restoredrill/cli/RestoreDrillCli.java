package io.restoredrill.cli;

import io.restoredrill.core.domain.InvalidConfigurationException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code restore-drill}: the command line. Each subcommand is a driving adapter over the core. */
@Command(name = "restore-drill",
        mixinStandardHelpOptions = true,
        versionProvider = RestoreDrillCli.Version.class,
        description = "Proves that your newest PostgreSQL backup restores and holds the data you expect.",
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

    /** The system property that sets how much slf4j reports about itself (its own warnings, not our messages). */
    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    /**
     * The subcommands, by name, in the order the usage help lists them. picocli builds a command's model by
     * reflection when it is added (about a tenth of a second for all of them, before any work starts), so a command
     * line whose first argument names a subcommand gets only that one ({@link #commandLine(String...)}).
     */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    public static void main(String[] args) throws InterruptedException {
        System.exit(launch(System.getenv(), args));
    }

    /**
     * What {@link #main} does, but for {@code System.exit}: returns the exit code. A {@code run} command line's
     * scratch database starts being created before the command line is even parsed ({@link EarlyScratchDatabase}),
     * and is dropped again when the command did not take it.
     */
    static int launch(Map<String, String> env, String... args) throws InterruptedException {
        // Logging's set-up (slf4j-simple's date format loads the JDK's locale data, some 25 ms) runs on another core
        // while the command line is built, instead of on the way to a drill's first connection. A message logged
        // meanwhile (on the thread creating the early database) is queued and logged when the set-up is done; slf4j
        // would add a warning about that replay, which is slf4j's own business, not the user's.
        if (System.getProperty(SLF4J_VERBOSITY) == null) {
            System.setProperty(SLF4J_VERBOSITY, "ERROR");
        }
        Thread logging = Thread.ofPlatform().daemon().name("restore-drill-logging")
                .start(LoggerFactory::getILoggerFactory);
        try (EarlyScratchDatabase early = EarlyScratchDatabase.startFor(args, env)) {
            CommandLine cli = commandLine(withEarlyDatabase(CommandLine.defaultFactory(), early), args);
            logging.join();
            return cli.execute(args);
        }
    }

    /** {@code factory}, except that {@code run} gets the database started from the raw command line. */
    private static CommandLine.IFactory withEarlyDatabase(CommandLine.IFactory factory, EarlyScratchDatabase early) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == RunCommand.class ? type.cast(new RunCommand(early)) : factory.create(type);
            }
        };
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return commandLine(CommandLine.defaultFactory(), args).execute(args);
    }

    /** The configured command line, with our exit codes for configuration errors. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The command line with its subcommands made by {@code factory} (tests hand some their own wiring). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        return commandLine(factory, new String[0]);
    }

    /**
     * The command line for these arguments: with only the subcommand the first one names, when it names one (its
     * options, help and errors are the same either way); with every subcommand otherwise ({@code --help},
     * {@code help run}, a mistyped name).
     */
    static CommandLine commandLine(CommandLine.IFactory factory, String... args) {
        CommandLine cli = new CommandLine(new RestoreDrillCli(), factory);
        // `help run` needs the command it explains: the help command comes with all of them.
        Class<?> named = args.length == 0 || args[0].equals("help") ? null : SUBCOMMANDS.get(args[0]);
        if (named != null) {
            cli.addSubcommand(args[0], new CommandLine(named, factory));
        } else {
            SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, new CommandLine(command, factory)));
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidConfigurationException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("restore-drill: " + e.getMessage());
                return USAGE_ERROR;
            }
            throw e;
        });
        return cli;
    }

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("run", RunCommand.class);
        commands.put("start", StartCommand.class);
        commands.put("invoke", InvokeCommand.class);
        commands.put("preflight", PreflightCommand.class);
        commands.put("baseline", BaselineCommand.class);
        commands.put("history", HistoryCommand.class);
        commands.put("guard-plan", GuardPlanCommand.class);
        commands.put("audit", AuditCommand.class);
        commands.put("help", CommandLine.HelpCommand.class);
        return commands;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RestoreDrillCli.class.getPackage().getImplementationVersion();
            return new String[] {"restore-drill " + (version == null ? "(development build)" : version)};
        }
    }
}
