package io.restoredrill.cli;

import io.restoredrill.cli.history.HistoryJson;
import io.restoredrill.cli.history.HistoryPage;
import io.restoredrill.core.adapter.history.FolderReportArchive;
import io.restoredrill.core.adapter.s3.S3ReportArchive;
import io.restoredrill.core.adapter.source.S3Clients;
import io.restoredrill.core.adapter.source.S3Location;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.history.FleetHistory;
import io.restoredrill.core.port.ReportArchive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code restore-drill history}: reads the kept reports (a folder written with {@code run --history}, or the AWS
 * path's reports prefix in S3) and writes the history page, and its figures as JSON when asked.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Writes the drill history of a period as one self-contained HTML page (and as JSON): a"
                + " pass/fail calendar, restore and check times, backup ages and rows per table over time, per drill,"
                + " with a fleet summary on top.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the page was written", "1:the page was written, but some report files could not be read"
                + " (the page lists them)", "2:usage error, or the reports cannot be listed"})
public final class HistoryCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--reports", required = true, paramLabel = "<folder | s3://bucket/prefix/>",
            description = "Where the reports are: a folder (run --history) or the reports prefix in S3.")
    private String reports;

    @Option(names = "--drill", paramLabel = "<name>", description = "Only this drill.")
    private String drill;

    @Option(names = "--since", defaultValue = "90d", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "The period: reports of drills started this long ago or later (default: ${DEFAULT-VALUE}).")
    private Duration since;

    @Option(names = "--html", paramLabel = "<page.html>", description = "Write the page here.")
    private Path html;

    @Option(names = "--json", paramLabel = "<history.json>", description = "Write the figures as JSON here.")
    private Path json;

    private final Clock clock;

    public HistoryCommand() {
        this(Clock.systemUTC());
    }

    HistoryCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (html == null && json == null) {
            throw new InvalidConfigurationException("history: give --html <page.html>, --json <history.json> or both");
        }
        Duration period = since;
        requireFolderOf("--html", html);
        requireFolderOf("--json", json);
        Instant now = clock.instant();
        Instant from = now.minus(period);
        FleetHistory history;
        if (reports.startsWith("s3://")) {
            S3Location location = LocalWiring.parse("--reports", () -> S3Location.parse(reports));
            try (S3Client s3 = S3Clients.fromEnvironment()) {
                history = read(new S3ReportArchive(s3, location.bucket(), location.prefix()), from, now);
            }
        } else {
            history = read(new FolderReportArchive(Path.of(reports)), from, now);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (html != null) {
            Path pageFolder = html.toAbsolutePath().getParent();
            write(html, new HistoryPage(location -> link(location, pageFolder), version()).render(history));
            out.println("history page: " + html + " (" + history.drills().size() + " drills, " + history.runs()
                    + " runs)");
        }
        if (json != null) {
            write(json, HistoryJson.toJson(history) + "\n");
            out.println("history figures: " + json);
        }
        if (!history.unreadable().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("restore-drill: " + history.unreadable().size() + " report file(s) could not be read:");
            history.unreadable().forEach(u -> err.println("  " + u.location() + ": " + u.reason()));
            return RestoreDrillCli.DRILL_FAILED;
        }
        return RestoreDrillCli.PASSED;
    }

    private FleetHistory read(ReportArchive archive, Instant from, Instant now) {
        ReportArchive.Listing listing = archive.list(Optional.ofNullable(drill), from);
        return FleetHistory.of(listing, from, now, archive.describe(), now);
    }

    /** A local report as a path relative to the page (the page and the reports move together); S3 via the console. */
    static String link(String location, Path pageFolder) {
        if (location.startsWith("s3://")) {
            String rest = location.substring("s3://".length());
            int slash = rest.indexOf('/');
            return "https://s3.console.aws.amazon.com/s3/object/" + rest.substring(0, slash) + "?prefix="
                    + URLEncoder.encode(rest.substring(slash + 1), StandardCharsets.UTF_8);
        }
        Path report = Path.of(location).toAbsolutePath();
        try {
            return pageFolder.relativize(report).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return report.toUri().toString();
        }
    }

    private static void requireFolderOf(String option, Path file) {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new InvalidConfigurationException(option + " " + file + ": folder " + parent + " does not exist");
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String version() {
        String version = HistoryCommand.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
