package io.restoredrill.cli;

import io.restoredrill.core.adapter.config.ReportJson;
import io.restoredrill.core.adapter.s3.S3BaselineAcceptance;
import io.restoredrill.core.adapter.s3.S3ReportStore;
import io.restoredrill.core.adapter.source.S3Clients;
import io.restoredrill.core.adapter.source.S3Location;
import io.restoredrill.core.domain.AcceptableBaseline;
import io.restoredrill.core.domain.BaselineAcceptance;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.InvalidConfigurationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code restore-drill baseline accept}: makes a given report the drill's baseline after a deliberate change, so
 * that the next drill compares with it. Locally it writes the file {@code run --baseline} reads; on the AWS path
 * it replaces {@code <prefix>/<drill>/latest.json} in the reports bucket. Either way the acceptance (who, when,
 * why, from which report) is stored with the baseline, and {@link AcceptableBaseline} decides what may be accepted.
 */
@Command(name = "accept",
        description = {"Make a report the drill's baseline after a deliberate change (a purged table, a dropped"
                + " column).",
                "Locally: --report <report.json> --baseline <file>. AWS: --bucket <reports bucket> --drill <name>"
                        + " --execution <id>, or --report s3://bucket/key."},
        sortOptions = false,
        mixinStandardHelpOptions = true)
final class BaselineAcceptCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--report", paramLabel = "<report.json | s3://bucket/key>",
            description = "The report to accept: a local report file, or a report object in S3.")
    private String report;

    @Option(names = "--baseline", paramLabel = "<file>",
            description = "Local mode: where to write the accepted baseline, the file you give `run --baseline`.")
    private Path baseline;

    @Option(names = "--bucket", paramLabel = "<bucket>",
            description = "AWS path: the reports bucket (the stack's ReportsBucketName output).")
    private String bucket;

    @Option(names = "--prefix", defaultValue = S3ReportStore.DEFAULT_PREFIX, paramLabel = "<prefix>",
            description = "AWS path: the reports' key prefix (default: ${DEFAULT-VALUE}).")
    private String prefix;

    @Option(names = "--drill", paramLabel = "<name>", description = "AWS path: the drill's name.")
    private String drill;

    @Option(names = "--execution", paramLabel = "<execution ARN | name>",
            description = "AWS path: the Step Functions execution whose report to accept.")
    private String execution;

    @Option(names = "--reason", required = true, paramLabel = "<text>",
            description = "Why the change is deliberate; stored with the baseline and shown in later reports.")
    private String reason;

    @Option(names = "--by", paramLabel = "<name>",
            description = "Who accepts it (default: this machine's user name).")
    private String by;

    private final Supplier<S3Client> s3Clients;
    private final Clock clock;

    BaselineAcceptCommand() {
        this(S3Clients::fromEnvironment, Clock.systemUTC());
    }

    BaselineAcceptCommand(Supplier<S3Client> s3Clients, Clock clock) {
        this.s3Clients = s3Clients;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        boolean s3Report = report != null && report.startsWith("s3://");
        boolean aws = bucket != null || drill != null || execution != null || s3Report;
        if (reason.isBlank()) {
            throw new InvalidConfigurationException("--reason is blank: say why the change is deliberate");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (aws) {
            acceptInS3(s3Report, out);
        } else {
            acceptLocally(out);
        }
        out.flush();
        return RestoreDrillCli.PASSED;
    }

    private void acceptLocally(PrintWriter out) {
        if (report == null || baseline == null) {
            throw new InvalidConfigurationException("baseline accept needs --report <report.json> and --baseline"
                    + " <file> (local mode), or --bucket, --drill and --execution (AWS path)");
        }
        Path reportFile = Path.of(report);
        DrillReport accepted = AcceptableBaseline.check(ReportJson.read(reportFile), reportFile.toString());
        BaselineAcceptance acceptance = acceptance(reportFile.toAbsolutePath().normalize().toString());
        ReportJson.writeAcceptedBaseline(accepted, acceptance, baseline);
        printAccepted(out, accepted, baseline.toString(), acceptance);
        out.printf("  next      restore-drill run ... --baseline %s%n", baseline);
    }

    private void acceptInS3(boolean s3Report, PrintWriter out) {
        if (baseline != null) {
            throw new InvalidConfigurationException("--baseline is a local file; on the AWS path the baseline is the"
                    + " drill's latest.json in the reports bucket: leave --baseline out");
        }
        try (S3Client s3 = s3Clients.get()) {
            S3BaselineAcceptance acceptances = new S3BaselineAcceptance(s3);
            S3BaselineAcceptance.StoredReport stored;
            if (s3Report) {
                if (bucket != null || execution != null) {
                    throw new InvalidConfigurationException("give either --report s3://bucket/key or --bucket with"
                            + " --drill and --execution, not both");
                }
                S3Location location = LocalWiring.parse("--report", () -> S3Location.parse(report));
                if (location.prefix().isEmpty() || location.prefix().endsWith("/")) {
                    throw new InvalidConfigurationException("--report " + report + " names no object: give the"
                            + " report's full URI, s3://bucket/reports/<drill>/<yyyy>/<MM>/<dd>/<execution>.json");
                }
                stored = acceptances.read(location.bucket(), location.prefix());
            } else {
                if (bucket == null || drill == null || execution == null || report != null) {
                    throw new InvalidConfigurationException("on the AWS path give --bucket, --drill and --execution"
                            + " (or --report s3://bucket/key)");
                }
                stored = acceptances.find(bucket, prefix, drill, execution);
            }
            if (drill != null && !drill.equals(stored.report().drillName())) {
                throw new InvalidConfigurationException("report " + stored.location() + " is drill "
                        + stored.report().drillName() + "'s, not " + drill + "'s");
            }
            BaselineAcceptance acceptance = acceptance(stored.location());
            String location = acceptances.accept(stored, prefix, acceptance);
            printAccepted(out, stored.report(), location, acceptance);
        }
    }

    private BaselineAcceptance acceptance(String from) {
        String who = Optional.ofNullable(by).filter(b -> !b.isBlank())
                .orElseGet(() -> Optional.ofNullable(System.getProperty("user.name")).orElse("unknown"));
        return LocalWiring.parse("--reason", () -> new BaselineAcceptance(who, clock.instant(), reason.strip(), from));
    }

    private static void printAccepted(PrintWriter out, DrillReport report, String where,
                                      BaselineAcceptance acceptance) {
        out.printf("restore-drill %s: baseline accepted%n", report.drillName());
        out.printf("  report    %s (%s, started %s, %d tables)%n", acceptance.report(), report.verdict(),
                report.startedAt(), report.tables().size());
        out.printf("  baseline  %s%n", where);
        out.printf("  accepted  by %s at %s: %s%n", acceptance.acceptedBy(), acceptance.acceptedAt(),
                acceptance.reason());
    }
}
