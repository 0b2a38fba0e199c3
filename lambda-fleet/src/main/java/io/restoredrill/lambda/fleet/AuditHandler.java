package io.restoredrill.lambda.fleet;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.adapter.backup.AwsBackupVaults;
import io.restoredrill.core.adapter.metrics.EmfAuditMetrics;
import io.restoredrill.core.adapter.rds.CopyPlaces;
import io.restoredrill.core.adapter.rds.RdsClients;
import io.restoredrill.core.adapter.rds.RdsDatabaseInventory;
import io.restoredrill.core.adapter.s3.S3AuditReportStore;
import io.restoredrill.core.adapter.s3.S3DrillCoverage;
import io.restoredrill.core.adapter.s3.S3ReportStore;
import io.restoredrill.core.adapter.source.S3Clients;
import io.restoredrill.core.audit.AccountAudit;
import io.restoredrill.core.audit.NightlyAudit;
import io.restoredrill.core.port.BackupVaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The nightly account audit, invoked by an EventBridge schedule: reviews every RDS instance and Aurora cluster of
 * the account in the function's region (see {@link AccountAudit}), keeps the report at {@code audit/} in the
 * reports bucket, and publishes {@code AuditDatabasesAtHigh}, which the stack alarms on. Returns where the report
 * is and what it counted. It fails (an invocation error) only when it cannot read the account or keep the report;
 * a database at high severity is the alarm's business.
 */
public final class AuditHandler implements RequestStreamHandler {

    private static final Logger log = LoggerFactory.getLogger(AuditHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NightlyAudit audit;

    public AuditHandler() {
        this(fromEnvironment(AuditConfig.fromEnvironment(), RdsClients.fromEnvironment(), S3Clients.fromEnvironment(),
                Clock.systemUTC(), System.out, RdsClients::inRegion, AuditHandler::assumingRole,
                region -> AwsBackupVaults.fromEnvironment(Optional.of(region))));
    }

    public AuditHandler(NightlyAudit audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * The nightly audit over these clients (the function's INIT, tests). Copies are looked for in the configured
     * regions and backup accounts each night, with clients opened for the night and closed after it.
     */
    public static NightlyAudit fromEnvironment(AuditConfig config, RdsClient rds, S3Client s3, Clock clock,
                                               PrintStream metricsOut, Function<Region, RdsClient> inRegion,
                                               BiFunction<Region, String, RdsClient> withRole,
                                               Function<Region, AwsBackupVaults> vaultClients) {
        S3DrillCoverage coverage = new S3DrillCoverage(s3, config.reportsBucket(), S3ReportStore.DEFAULT_PREFIX);
        return new NightlyAudit(() -> {
            Region here = rds.serviceClientConfiguration().region();
            Optional<AwsBackupVaults> vaults = config.backupVaults() ? Optional.of(vaultClients.apply(here))
                    : Optional.empty();
            try (CopyPlaces copies = new CopyPlaces(here, config.copyRegions(), config.backupRoles(), inRegion,
                    withRole)) {
                return List.of(new AccountAudit(new RdsDatabaseInventory(rds), Optional.of(coverage), copies.places(),
                        vaults.map(v -> (BackupVaults) v), config.policy(), clock).run());
            } finally {
                vaults.ifPresent(AwsBackupVaults::close);
            }
        }, new S3AuditReportStore(s3, config.reportsBucket()), new EmfAuditMetrics(metricsOut));
    }

    /** A backup account's RDS client: the role's temporary credentials, refreshed by the SDK as they expire. */
    static RdsClient assumingRole(Region region, String roleArn) {
        StsClient sts = StsClient.builder().region(region).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        return RdsClients.inRegion(region, roleCredentials(sts, roleArn));
    }

    /**
     * The role's credentials: AssumeRole with RoleArn and a fixed RoleSessionName (2 to 64 characters of
     * {@code [\w+=,.@-]}: STS API Reference, AssumeRole, https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html),
     * which CloudTrail in the backup account shows; the default duration (one hour) outlasts a night's audit.
     */
    static StsAssumeRoleCredentialsProvider roleCredentials(StsClient sts, String roleArn) {
        return StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(SESSION_NAME)).build();
    }

    /** How the backup account's CloudTrail names the audit's sessions. */
    static final String SESSION_NAME = "restore-drill-audit";

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try {
            JsonNode event = JSON.readTree(input);
            log.info("audit run for scheduled event {}", event == null ? null : event.path("id").asText(null));
            NightlyAudit.Outcome outcome = audit.run();
            log.info("audit of {} database(s): {} at high severity; report {}", outcome.databases(),
                    outcome.databasesAtHigh(), outcome.location());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("checkedAt", outcome.checkedAt().toString());
            result.put("report", outcome.location());
            result.put("databases", outcome.databases());
            result.put("databasesAtHigh", outcome.databasesAtHigh());
            JSON.writeValue(output, result);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event or write the audit's result", e);
        }
    }
}
