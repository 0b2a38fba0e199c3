package io.restoredrill.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.adapter.config.ReportJson;
import io.restoredrill.core.adapter.in.lambda.StateJson;
import io.restoredrill.core.adapter.metrics.EmfDrillMetrics;
import io.restoredrill.core.adapter.postgres.DumpRestorers;
import io.restoredrill.core.adapter.postgres.JdbcDatabaseInspector;
import io.restoredrill.core.adapter.postgres.PostgresProofs;
import io.restoredrill.core.adapter.postgres.ScratchServerDatabases;
import io.restoredrill.core.adapter.s3.S3BaselineAcceptance;
import io.restoredrill.core.adapter.s3.S3ProgressStore;
import io.restoredrill.core.adapter.s3.S3ReportStore;
import io.restoredrill.core.adapter.secrets.SecretsManagerCredentials;
import io.restoredrill.core.adapter.source.S3BackupSource;
import io.restoredrill.core.adapter.source.S3Location;
import io.restoredrill.core.domain.BaselineAcceptance;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.testing.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Freshness, per-table tolerances and an accepted baseline on the AWS path: the validate step against an embedded
 * PostgreSQL standing in for the restored RDS instance, moto for Secrets Manager and the reports bucket.
 */
class ValidateFreshnessAndBaselineTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:30:00Z");
    /** When the snapshot was created: what freshness is measured against on this path. */
    private static final Instant SNAPSHOT_CREATED = Instant.parse("2026-11-26T00:00:00Z");
    private static final Instant EXPIRES_AT = NOW.minus(Duration.ofMinutes(10)).plus(Duration.ofHours(6));
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:restore-drill:nightly-2";
    private static final String REPORTS = "drill-reports";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedPostgres restoredInstance;
    private static S3Client s3;
    private static SecretsManagerClient secrets;

    private ValidateStep step;
    private String secretArn;

    @BeforeAll
    static void start() throws Exception {
        restoredInstance = EmbeddedPostgres.builder().start();
        TestPostgres.execute(endpoint("postgres"), "CREATE DATABASE orders");
        // The newest order is from 23:00, an hour before the snapshot; the audit log was purged.
        TestPostgres.execute(endpoint("orders"),
                "CREATE TABLE orders (id int PRIMARY KEY, placed_at timestamptz NOT NULL)",
                "INSERT INTO orders SELECT g, timestamptz '2026-11-25T23:00:00Z' - g * interval '1 hour'"
                        + " FROM generate_series(0, 4) g",
                "CREATE TABLE audit_log (id int, entry text)");
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
        secrets = MotoServer.configure(SecretsManagerClient.builder()).httpClientBuilder(MotoServer.httpClient())
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        restoredInstance.close();
        s3.close();
        secrets.close();
    }

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        s3.createBucket(r -> r.bucket(REPORTS));
        secretArn = secrets.createSecret(r -> r.name("rds!db-0456")
                .secretString("{\"username\":\"postgres\",\"password\":\"managed\"}")).arn();
        step = new ValidateStep(new SecretsManagerCredentials(secrets), new JdbcDatabaseInspector(),
                new PostgresProofs(), new S3ReportStore(s3, REPORTS, "reports"),
                new S3ProgressStore(s3, REPORTS, "reports"),
                new EmfDrillMetrics(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        "RestoreDrill", Clock.fixed(NOW, ZoneOffset.UTC)),
                new ValidateStep.DumpLoading(DumpRestorers.standard(),
                        dumps -> new S3BackupSource(s3, new S3Location(dumps.bucket(), dumps.prefix())),
                        ScratchServerDatabases::new),
                Clock.fixed(NOW, ZoneOffset.UTC), false, Optional.empty());
    }

    private static DatabaseEndpoint endpoint(String database) {
        return new DatabaseEndpoint("localhost", restoredInstance.getPort(), database, "postgres", Optional.empty(),
                false);
    }

    /** A snapshot drill whose spec has these extra top-level keys, e.g. {@code "proofs": {...}}. */
    private DrillState restored(String extraKeys) throws Exception {
        return restored(extraKeys, EXECUTION);
    }

    private DrillState restored(String extraKeys, String execution) throws Exception {
        JsonNode spec = JSON.readTree("{\"name\": \"orders\", \"source\": {\"rdsSnapshot\": {\"dbInstanceIdentifier\":"
                + " \"orders-prod\"}}, \"target\": {\"rds\": {\"instanceClass\": \"db.t4g.medium\","
                + " \"dbSubnetGroupName\": \"drill-isolated\", \"vpcSecurityGroupIds\": [\"sg-0abc\"]}},"
                + " \"checks\": [], " + extraKeys + "}");
        return DrillState.start(StateJson.drill(spec), execution)
                .withBackup(new DrillState.Backup("rds-snapshot", "orders-prod-2026-11-26",
                        "arn:aws:rds:us-east-1:123456789012:snapshot:orders-prod-2026-11-26", "manual",
                        SNAPSHOT_CREATED, 3.5, true, Optional.empty()))
                .withInstance(new DrillState.Instance("rd-orders-nightly-2", InstanceStatus.AVAILABLE, "available",
                        Optional.of(new DrillState.Endpoint("localhost", restoredInstance.getPort())),
                        Optional.of(secretArn), Optional.of("postgres"), EXPIRES_AT));
    }

    private static String freshness(String maxAge) {
        return "\"proofs\": {\"integrity\": \"off\", \"fullRead\": \"off\", \"schema\": \"off\", \"freshness\":"
                + " [{\"table\": \"orders\", \"column\": \"placed_at\", \"maxAge\": \"" + maxAge + "\"}]}";
    }

    private static JsonNode report(DrillState result) throws Exception {
        String location = result.validation().orElseThrow().reportLocation().orElseThrow();
        String key = location.substring(("s3://" + REPORTS + "/").length());
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(REPORTS).key(key)).asUtf8String());
    }

    private static void lastPassingNight(long orders, long auditLog) {
        DrillReport lastNight = new DrillReport("earlier", "orders", Verdict.PASSED, Optional.empty(), "orders-prod",
                Optional.empty(), Optional.empty(), NOW.minus(Duration.ofDays(1)), new DrillReport.Timings(1, 1, 2),
                Optional.empty(), List.of(), List.of(new TableRowCount("public", "audit_log", auditLog),
                new TableRowCount("public", "orders", orders)), List.of());
        s3.putObject(r -> r.bucket(REPORTS).key("reports/orders/latest.json"),
                RequestBody.fromString(ReportJson.toJson(lastNight)));
    }

    @Test
    void aFreshnessVerdictOfTheFirstRoundReachesTheReportOfTheLastRound() throws Exception {
        // Integrity and the full read on (the defaults), and a first round with no time for them: they are left for
        // a second round, while freshness ran with the checks in the first.
        String proofs = "\"proofs\": {\"schema\": \"off\", \"freshness\": [{\"table\": \"orders\","
                + " \"column\": \"placed_at\", \"maxAge\": \"2h\"}]}";
        DrillState first = step.validate(restored(proofs), Duration.ZERO);
        assertThat(first.validation()).as("proofs left for a second round").isEmpty();

        // The second round reads what the first found from the work file in S3, as a new invocation would.
        DrillState second = step.validate(first, ValidateStep.DEFAULT_ROUND);

        assertThat(second.validation().orElseThrow().verdict()).isEqualTo("PASSED");
        JsonNode report = report(second);
        assertThat(report.path("proofs")).extracting(p -> p.path("name").asText() + " " + p.path("verdict").asText())
                .containsExactly("freshness PASSED", "integrity PASSED", "full-read PASSED");
        assertThat(report.at("/freshness/0/newestValue").asText()).isEqualTo("2026-11-25T23:00:00Z");
        assertThat(report.at("/freshness/0/lagHours").asDouble()).isEqualTo(1.0);
    }

    @Test
    void judgesTheRecoveryPointObjectiveOfASnapshotByItsCreationTime() throws Exception {
        DrillState result = step.validate(restored("\"proofs\": \"off\", \"objectives\": {\"recoveryPoint\": \"2h\"}"));

        assertThat(result.validation().orElseThrow().verdict()).as("a missed objective fails no drill")
                .isEqualTo("PASSED");
        JsonNode report = report(result);
        assertThat(report.at("/objectives/0/name").asText()).isEqualTo("recoveryPoint");
        assertThat(report.at("/objectives/0/verdict").asText()).isEqualTo("MISSED");
        assertThat(report.at("/objectives/0/achievedSeconds").asDouble())
                .isEqualTo(Duration.between(SNAPSHOT_CREATED, Instant.parse(report.at("/startedAt").asText()))
                        .toSeconds(), org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void freshDataPassesMeasuredAgainstTheSnapshotsCreationTime() throws Exception {
        DrillState result = step.validate(restored(freshness("2h")));

        assertThat(result.validation().orElseThrow().verdict()).as(result.validation().toString()).isEqualTo("PASSED");
        JsonNode report = report(result);
        assertThat(report.at("/proofs/0/name").asText()).isEqualTo("freshness");
        assertThat(report.at("/proofs/0/verdict").asText()).isEqualTo("PASSED");
        assertThat(report.at("/freshness/0/newestValue").asText()).isEqualTo("2026-11-25T23:00:00Z");
        assertThat(report.at("/freshness/0/backupTakenAt").asText()).isEqualTo("2026-11-26T00:00:00Z");
        assertThat(report.at("/freshness/0/lagHours").asDouble()).isEqualTo(1.0);
    }

    @Test
    void dataOlderThanMaxAgeFailsTheValidation() throws Exception {
        DrillState result = step.validate(restored(freshness("30m")));

        DrillState.Validation validation = result.validation().orElseThrow();
        assertThat(validation.verdict()).isEqualTo("FAILED");
        assertThat(validation.failureReason().orElseThrow()).contains("proof freshness failed",
                "public.orders.placed_at: newest value 2026-11-25T23:00:00Z is 1h0m older than the backup"
                        + " (2026-11-26T00:00:00Z), more than the allowed 30m0s");
        assertThat(report(result).at("/freshness/0/verdict").asText()).isEqualTo("FAILED");
    }

    @Test
    void aSpecsPerTableToleranceLetsThePurgedAuditLogPassWhileTheOrdersShrinkFails() throws Exception {
        lastPassingNight(10, 300);

        DrillState result = step.validate(restored("\"proofs\": \"off\", \"tables\": {\"audit_log\":"
                + " {\"maxShrink\": \"100%\"}}"));

        assertThat(result.validation().orElseThrow().failureReason().orElseThrow())
                .isEqualTo("public.orders shrank from 10 to 5 rows (-50.0%) since the last passing drill"
                        + " (s3://drill-reports/reports/orders/latest.json)");
    }

    @Test
    void afterAnOperatorAcceptsTheShrunkReportTheNextNightPassesAndRecordsTheAcceptance() throws Exception {
        lastPassingNight(10, 300);
        DrillState failed = step.validate(restored("\"proofs\": \"off\""));
        assertThat(failed.validation().orElseThrow().verdict()).isEqualTo("FAILED");

        S3BaselineAcceptance acceptance = new S3BaselineAcceptance(s3);
        String baseline = acceptance.accept(acceptance.find(REPORTS, "reports", "orders", EXECUTION), "reports",
                new BaselineAcceptance("ops@example.com", NOW.plus(Duration.ofHours(1)),
                        "orders before 2026 archived (CHG-123)", "s3://drill-reports/reports/orders/2026/11/26/nightly-2.json"));
        DrillState nextNight = step.validate(restored("\"proofs\": \"off\"", EXECUTION + "-next-night"));

        assertThat(baseline).isEqualTo("s3://drill-reports/reports/orders/latest.json");
        assertThat(nextNight.validation().orElseThrow().verdict()).as(nextNight.validation().toString())
                .isEqualTo("PASSED");
        JsonNode report = report(nextNight);
        assertThat(report.at("/baseline/origin").asText()).isEqualTo("s3://drill-reports/reports/orders/latest.json");
        assertThat(report.at("/baseline/acceptance/acceptedBy").asText()).isEqualTo("ops@example.com");
        assertThat(report.at("/baseline/acceptance/reason").asText()).isEqualTo("orders before 2026 archived (CHG-123)");
        assertThat(report.at("/baseline/acceptance/acceptedAt").asText()).isEqualTo("2026-11-26T04:30:00Z");
    }
}
