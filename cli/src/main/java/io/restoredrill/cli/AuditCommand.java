package io.restoredrill.cli;

import io.restoredrill.core.adapter.audit.AuditReportJson;
import io.restoredrill.core.adapter.backup.AwsBackupVaults;
import io.restoredrill.core.adapter.rds.CopyPlaces;
import io.restoredrill.core.adapter.rds.RdsClients;
import io.restoredrill.core.adapter.rds.RdsDatabaseInventory;
import io.restoredrill.core.adapter.s3.S3DrillCoverage;
import io.restoredrill.core.adapter.source.S3Clients;
import io.restoredrill.core.adapter.source.S3Location;
import io.restoredrill.core.audit.AccountAudit;
import io.restoredrill.core.audit.AccountAuditReport;
import io.restoredrill.core.audit.AuditPolicy;
import io.restoredrill.core.audit.DatabaseFinding;
import io.restoredrill.core.audit.Finding;
import io.restoredrill.core.audit.Severity;
import io.restoredrill.core.domain.Hours;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.port.BackupVaults;
import io.restoredrill.core.port.DrillCoverageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code restore-drill audit}: reviews every RDS DB instance and Aurora cluster of the account, region by region, for
 * deletion protection, independent backups and drill coverage. Read-only.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Reviews every RDS DB instance and Aurora cluster in the account and region: deletion"
                + " protection, the age of its newest independent backup (manual, shared or AWS Backup snapshots),"
                + " whether automated snapshots are its only backups, and (with --reports) which drill covers it and"
                + " when it last passed. Each finding has a severity and a fix. Read-only.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no database (outside the excluded ones) has a high-severity finding",
                "1:some database has a high-severity finding: no deletion protection, or no independent backup",
                "2:usage error, or the account or the reports cannot be read (the message names the permission)"})
public final class AuditCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--region", paramLabel = "<region>",
            description = "Audit this region (repeatable); default: the environment's region (AWS_REGION).")
    private List<String> regions = List.of();

    @Option(names = "--json", paramLabel = "<report.json>", description = "Write the audit as JSON here.")
    private Path json;

    @Option(names = "--exclude-tag", paramLabel = "<key[=value]>",
            description = "Databases carrying this tag are listed as excluded, not judged; with a key only, the"
                    + " tag's value is the reason. Repeatable. Default: " + AuditPolicy.DEFAULT_EXCLUSION_TAG + ".")
    private List<String> excludeTags = List.of();

    @Option(names = "--reports", paramLabel = "<s3://bucket/prefix/>",
            description = "The drills' reports prefix: read each drill's latest.json to see which database it covers"
                    + " and when it last passed.")
    private String reports;

    @Option(names = "--copies-in", paramLabel = "<region>",
            description = "A region of this account that holds snapshot copies of the audited databases (repeatable):"
                    + " a copy there counts as an independent backup of its database.")
    private List<String> copyRegions = List.of();

    @Option(names = "--backup-account-role", paramLabel = "<role-arn>",
            description = "A role in a backup account to read its snapshot copies with (repeatable): read in each"
                    + " audited region and each --copies-in region. Needs rds:DescribeDBSnapshots and"
                    + " rds:DescribeDBClusterSnapshots there, and sts:AssumeRole on the role here.")
    private List<String> backupRoles = List.of();

    @Option(names = "--backup-vaults",
            description = "Read AWS Backup: the vaults that hold each database's recovery points, and whether a vault"
                    + " lock protects each (backup:ListRecoveryPointsByResource, backup:DescribeBackupVault).")
    private boolean backupVaults;

    @Option(names = "--max-backup-age", defaultValue = "7d", paramLabel = "<duration>",
            converter = DurationConverter.class,
            description = "An independent backup older than this is a medium finding (default: ${DEFAULT-VALUE}).")
    private Duration maxBackupAge;

    @Option(names = "--max-since-pass", defaultValue = "7d", paramLabel = "<duration>",
            converter = DurationConverter.class,
            description = "A covering drill that last passed longer ago than this is a medium finding"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration maxSincePass;

    private final Function<Optional<Region>, RdsClient> rdsClients;
    private final BiFunction<Region, String, RdsClient> roleClients;
    private final Function<Region, AwsBackupVaults> vaultClients;
    private final Supplier<S3Client> s3Clients;
    private final Clock clock;

    public AuditCommand() {
        this(region -> region.map(RdsClients::inRegion).orElseGet(RdsClients::fromEnvironment),
                AuditCommand::assumingRole, region -> AwsBackupVaults.fromEnvironment(Optional.of(region)),
                S3Clients::fromEnvironment, Clock.systemUTC());
    }

    AuditCommand(Function<Optional<Region>, RdsClient> rdsClients, Supplier<S3Client> s3Clients, Clock clock) {
        this(rdsClients, AuditCommand::assumingRole, region -> AwsBackupVaults.fromEnvironment(Optional.of(region)),
                s3Clients, clock);
    }

    AuditCommand(Function<Optional<Region>, RdsClient> rdsClients, BiFunction<Region, String, RdsClient> roleClients,
                 Function<Region, AwsBackupVaults> vaultClients, Supplier<S3Client> s3Clients, Clock clock) {
        this.rdsClients = rdsClients;
        this.roleClients = roleClients;
        this.vaultClients = vaultClients;
        this.s3Clients = s3Clients;
        this.clock = clock;
    }

    /** An RDS client of a backup account: the role's temporary credentials, refreshed by the SDK as they expire. */
    static RdsClient assumingRole(Region region, String roleArn) {
        StsClient sts = StsClient.builder().region(region).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        return RdsClients.inRegion(region, StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName("restore-drill-audit")).build());
    }

    @Override
    public Integer call() {
        AuditPolicy policy = new AuditPolicy(excludeTags.isEmpty() ? AuditPolicy.defaults().exclusions()
                : excludeTags.stream().map(t -> LocalWiring.parse("--exclude-tag",
                        () -> AuditPolicy.ExclusionTag.parse(t))).toList(),
                maxBackupAge, maxSincePass);
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new InvalidConfigurationException("--json " + json + ": folder " + parent + " does not exist");
            }
        }
        backupRoles.forEach(role -> LocalWiring.parse("--backup-account-role", () -> CopyPlaces.roleAccount(role)));
        Optional<S3Location> reportsAt = Optional.ofNullable(reports)
                .map(r -> LocalWiring.parse("--reports", () -> S3Location.parse(r)));
        List<Optional<Region>> audited = regions.isEmpty() ? List.of(Optional.empty())
                : new LinkedHashSet<>(regions).stream().map(r -> Optional.of(Region.of(r.strip()))).toList();

        Instant now = clock.instant();
        List<AccountAuditReport> results = new ArrayList<>();
        Optional<S3Client> s3 = reportsAt.map(r -> s3Clients.get());
        try {
            Optional<DrillCoverageSource> drills = reportsAt.map(r -> new S3DrillCoverage(s3.orElseThrow(), r.bucket(),
                    r.prefix()));
            for (Optional<Region> region : audited) {
                try (RdsClient rds = rdsClients.apply(region);
                     CopyPlaces copies = new CopyPlaces(rds.serviceClientConfiguration().region(), copyRegions,
                             backupRoles, r -> rdsClients.apply(Optional.of(r)), roleClients)) {
                    Optional<AwsBackupVaults> vaults = backupVaults
                            ? Optional.of(vaultClients.apply(rds.serviceClientConfiguration().region()))
                            : Optional.empty();
                    try {
                        results.add(new AccountAudit(new RdsDatabaseInventory(rds), drills, copies.places(),
                                vaults.map(v -> (BackupVaults) v), policy,
                                Clock.fixed(now, java.time.ZoneOffset.UTC)).run());
                    } finally {
                        vaults.ifPresent(AwsBackupVaults::close);
                    }
                }
            }
        } finally {
            s3.ifPresent(S3Client::close);
        }

        PrintWriter out = spec.commandLine().getOut();
        results.forEach(r -> print(out, r, now));
        if (json != null) {
            try {
                Files.writeString(json, AuditReportJson.toJson(now, results) + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
            }
            out.println("audit report: " + json);
        }
        long high = AuditReportJson.count(results, Severity.HIGH);
        out.println("audit: " + high + " high, " + AuditReportJson.count(results, Severity.MEDIUM) + " medium, "
                + AuditReportJson.count(results, Severity.LOW) + " low finding(s)"
                + (high > 0 ? ": FAILED (a database without deletion protection or without an independent backup)"
                        : ": passed (nothing at high severity)"));
        return results.stream().anyMatch(AccountAuditReport::anyHigh) ? RestoreDrillCli.DRILL_FAILED
                : RestoreDrillCli.PASSED;
    }

    private static void print(PrintWriter out, AccountAuditReport report, Instant now) {
        long excluded = report.databases().stream().filter(DatabaseFinding::excluded).count();
        out.println("audit: " + report.inventory() + ": " + report.databases().size() + " database(s)"
                + (excluded > 0 ? ", " + excluded + " excluded" : ""));
        for (DatabaseFinding d : report.databases()) {
            String name = d.database().kind().label() + " " + d.database().identifier();
            if (d.excluded()) {
                out.println("  EXCLUDED " + name + ": " + d.excludedBecause().orElseThrow());
                continue;
            }
            out.println("  " + String.format("%-8s", d.worst().map(s -> s.name()).orElse("OK")) + " " + name + ": "
                    + summary(d, now));
            for (Finding f : d.findings()) {
                out.println("           " + f.severity().name() + " " + f.problem());
                out.println("             fix: " + f.fix());
            }
        }
        report.notes().forEach(n -> out.println("  note: " + n));
    }

    private static String summary(DatabaseFinding d, Instant now) {
        String protection = d.database().deletionProtection() ? "deletion protection on" : "deletion protection OFF";
        String backup = d.newestIndependentBackup()
                .map(b -> "newest independent backup " + b.identifier() + " (" + b.type().label() + ", "
                        + Hours.of(d.newestBackupAge().orElse(Duration.ZERO)) + " h old)")
                .orElse(d.onlyAutomatedBackups() ? "automated snapshots only" : "no backup");
        String drill = d.drill().map(c -> "; drill " + c.drillName() + " passed "
                + Hours.of(Duration.between(c.lastPassedAt(), now)) + " h ago").orElse("");
        return protection + "; " + backup + drill;
    }
}
