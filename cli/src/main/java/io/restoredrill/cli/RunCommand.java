package io.restoredrill.cli;

import io.restoredrill.core.adapter.config.ChecksFile;
import io.restoredrill.core.adapter.config.ReportJson;
import io.restoredrill.core.history.ReportLayout;
import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ProofSettings;
import io.restoredrill.core.drill.DrillCommand;
import io.restoredrill.core.drill.RestoreDrill;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code restore-drill run}: one local drill. Maps options to a {@link DrillCommand} and the report back. */
@Command(name = "run",
        description = "Restore the newest backup into a temporary PostgreSQL, run the checks, tear it down.",
        sortOptions = false,
        mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** The database {@code main} started creating from the raw command line, if any. */
    private final EarlyScratchDatabase early;

    RunCommand() {
        this(EarlyScratchDatabase.none());
    }

    RunCommand(EarlyScratchDatabase early) {
        this.early = early;
    }

    @Option(names = "--backups", required = true, paramLabel = "<folder | s3://bucket/prefix/>",
            description = "Where the backups are: a local folder, or an S3 prefix (standard AWS credential,"
                    + " region and endpoint chain; AWS_ENDPOINT_URL reaches an emulator).")
    private String backups;

    @Option(names = "--checks", paramLabel = "<checks.yaml>",
            description = "Health checks (and proof settings) to run against the restored database. Without it the"
                    + " drill restores, counts every table's rows and runs the default proofs.")
    private Path checks;

    @Option(names = "--target", defaultValue = "embedded", paramLabel = "<embedded | postgresql://user@host:port/db>",
            description = "Where to restore: an embedded PostgreSQL started for this drill (default), or a"
                    + " scratch server on which a uniquely named temporary database is created and dropped."
                    + " The password comes from the URL or PGPASSWORD.")
    private String target;

    @Option(names = "--pg-version", paramLabel = "<major>",
            description = "Embedded PostgreSQL major version to use instead of the dump's (15, 16, 17, 18).")
    private Integer pgVersion;

    @Option(names = "--jobs", paramLabel = "<n>",
            description = "Connections the restore uses at once: an archive's tables load in parallel (directory"
                    + " dumps, custom archives written to a file), a large table's COPY spreads over idle connections"
                    + " (plain dumps too), an archive's indexes and constraints build in parallel, and so do a plain"
                    + " dump's index and key builds (default: this machine's cores, at least 2; 1 restores on one"
                    + " connection).")
    private Integer jobs;

    @Option(names = "--max-age", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Fail when the newest backup is older than this, e.g. 26h, 2d, 90m.")
    private Duration maxAge;

    @Option(names = "--baseline", paramLabel = "<report.json>",
            description = "A previous report (or one made the baseline with `baseline accept`): fail when a table"
                    + " lost more rows than --max-shrink (or its tables: entry) since then. When --report is the same"
                    + " file, a passing drill replaces it and a failing one is written beside it.")
    private Path baseline;

    @Option(names = "--max-shrink", defaultValue = "10%", paramLabel = "<percent>",
            converter = PercentageConverter.class,
            description = "Allowed row loss per table against --baseline (default: ${DEFAULT-VALUE}).")
    private double maxShrink;

    @Option(names = "--no-proofs",
            description = "Run no proofs (integrity, full read, schema, freshness), whatever the checks file's \"proofs:\" says:"
                    + " only the row counts, the checks and the baseline's shrinkage.")
    private boolean noProofs;

    @Option(names = "--report", paramLabel = "<report.json>", description = "Write the JSON report here.")
    private Path report;

    @Option(names = "--history", paramLabel = "<folder>",
            description = "Also keep the report in this folder as <drill>/<yyyy>/<MM>/<dd>/<id>.json, the layout the"
                    + " AWS path uses in S3, for `restore-drill history`.")
    private Path history;

    @Option(names = "--name", paramLabel = "<name>",
            description = "Drill name for the report (default: derived from --backups).")
    private String name;

    /**
     * Where the report goes: {@code --report}, except that a failing drill never replaces the baseline it was
     * compared with. With {@code --report} and {@code --baseline} the same file (the nightly loop "keep today's
     * report as tomorrow's baseline"), a failed report is written beside it as {@code <name>.failed.json}:
     * accepting it is a person's decision ({@code restore-drill baseline accept}).
     */
    private Path reportFile(DrillReport result) {
        boolean overBaseline = baseline != null
                && report.toAbsolutePath().normalize().equals(baseline.toAbsolutePath().normalize());
        if (result.passed() || !overBaseline) {
            return report;
        }
        String name = report.getFileName().toString().replaceFirst("\\.json$", "");
        Path aside = report.resolveSibling(name + ".failed.json");
        spec.commandLine().getErr().printf("restore-drill: the drill failed, so its report is written to %s and"
                + " the baseline %s stays as it was; if the change is deliberate: restore-drill baseline accept"
                + " --report %s --baseline %s --reason ...%n", aside, baseline, aside, baseline);
        return aside;
    }

    @Override
    public Integer call() {
        // Everything the user gave is checked before anything is restored: a typo must not cost a restore. What needs
        // no file read first. A scratch server's database may be under way already (EarlyScratchDatabase): a mistake
        // found here drops it again.
        if (report != null) {
            Path parent = report.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new InvalidConfigurationException("--report " + report + ": folder " + parent + " does not exist");
            }
        }
        if (history != null && Files.exists(history) && !Files.isDirectory(history)) {
            throw new InvalidConfigurationException("--history " + history + " is a file, not a folder");
        }
        if (jobs != null && jobs < 1) {
            throw new InvalidConfigurationException("--jobs " + jobs + ": must be at least 1");
        }
        // A scratch server's temporary database is created while the command line, the checks file and the baseline
        // are read and the newest backup is found (a mistake found meanwhile drops it again): CREATE DATABASE no
        // longer comes before the restore.
        try (DatabaseCreatedAhead databases = early.take(target, Optional.ofNullable(pgVersion)).orElseGet(
                () -> LocalWiring.databases(target, Optional.ofNullable(pgVersion), System.getenv()))) {
            if (report != null || history != null) {
                // While the drill runs: the report's serialisers are ready when it ends, and its writing is quick.
                Thread.ofPlatform().daemon().name("restore-drill-report").start(ReportJson::prepareWriting);
            }
            ChecksFile.Contents checksFile = checks == null ? ChecksFile.none() : ChecksFile.load(checks);
            ProofSettings proofs = noProofs ? ProofSettings.none() : checksFile.proofs();
            Optional<Baseline> previous = Optional.ofNullable(baseline).map(ReportJson::readBaseline);
            LocalWiring wiring = LocalWiring.forOptions(backups, databases, Optional.ofNullable(jobs));
            DrillCommand command = LocalWiring.parse("--max-shrink", () -> new DrillCommand(
                    Optional.ofNullable(name).orElseGet(() -> LocalWiring.drillName(backups)),
                    checksFile.checks(), Optional.ofNullable(maxAge), previous, maxShrink, proofs, checksFile.tables(),
                    checksFile.objectives()));

            RestoreDrill drill = new RestoreDrill(wiring.source(), wiring.databases(), wiring.restorer(),
                    wiring.inspector(), wiring.proofs(), TerminalProgress.onStderrIfInteractive(), Clock.systemUTC());
            DrillReport result = drill.run(command);

            PrintWriter out = spec.commandLine().getOut();
            new SummaryPrinter(out).print(result);
            out.flush();
            if (report != null) {
                ReportJson.write(result, reportFile(result));
            }
            if (history != null) {
                ReportJson.write(result, history.resolve(ReportLayout.datedPath(result.drillName(), result.startedAt(),
                        result.drillId())));
            }
            return result.passed() ? RestoreDrillCli.PASSED : RestoreDrillCli.DRILL_FAILED;
        }
    }
}
