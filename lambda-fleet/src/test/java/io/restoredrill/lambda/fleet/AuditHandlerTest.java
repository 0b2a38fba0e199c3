package io.restoredrill.lambda.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.s3.S3AuditReportStore;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit function fed a real EventBridge Scheduled Event, on moto (RDS and S3). Every AWS call it makes must be
 * in the call manifest (core's AwsCallRecorder fails the test otherwise), which infra's IAM evaluation proves the
 * function's role allows.
 */
class AuditHandlerTest {

    private static final String BUCKET = "drill-reports";
    private static final Instant NOW = Instant.parse("2026-11-26T02:30:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private MotoRdsAccount account;
    private S3Client s3;
    private final ByteArrayOutputStream metrics = new ByteArrayOutputStream();
    private final SentRequests sent = new SentRequests();

    @BeforeEach
    void world() {
        account = MotoRdsAccount.create();
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    @AfterEach
    void close() {
        account.close();
        s3.close();
    }

    @Test
    void auditsTheAccountKeepsTheReportAndCountsTheDatabasesAtHighSeverity() throws Exception {
        account.productionInstance("billing-prod", false);
        account.manualSnapshot("billing-prod", "billing-manual-1");
        account.productionInstance("payments-prod", true);
        account.manualSnapshot("payments-prod", "payments-manual-1");
        AuditConfig config = AuditConfig.from(Map.of("REPORTS_BUCKET", BUCKET, "AWS_REGION", "us-east-1",
                "AUDIT_BACKUP_VAULTS", "false"));
        AuditHandler handler = new AuditHandler(AuditHandler.fromEnvironment(config, account.rds(), s3,
                Clock.fixed(NOW, ZoneOffset.UTC), new PrintStream(metrics, true, StandardCharsets.UTF_8),
                region -> { throw new AssertionError("no copy region configured"); },
                (region, role) -> { throw new AssertionError("no backup account configured"); },
                region -> { throw new AssertionError("AWS Backup not to be read"); }));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream event = getClass().getResourceAsStream("/events/audit-schedule-event.json")) {
            handler.handleRequest(event, out, null);
        }

        JsonNode result = JSON.readTree(out.toByteArray());
        assertThat(result.path("databases").asInt()).isEqualTo(2);
        assertThat(result.path("databasesAtHigh").asInt()).isEqualTo(1);
        assertThat(result.path("report").asText())
                .isEqualTo("s3://" + BUCKET + "/" + S3AuditReportStore.datedKey(NOW));
        JsonNode stored = JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(S3AuditReportStore.LATEST))
                .asUtf8String());
        assertThat(stored.path("regions").get(0).path("databases")).filteredOn(d -> d.path("identifier").asText()
                .equals("billing-prod")).singleElement()
                .satisfies(d -> assertThat(d.path("worstSeverity").asText()).isEqualTo("high"));
        assertThat(JSON.readTree(metrics.toString(StandardCharsets.UTF_8)).path("AuditDatabasesAtHigh").asInt())
                .isEqualTo(1);
    }

    @Test
    void readsTheBackupAccountThroughItsRoleAndTheOtherRegions() throws Exception {
        account.productionInstance("orders-prod", true);
        String role = "arn:aws:iam::111122223333:role/restore-drill-audit";
        AuditConfig config = AuditConfig.from(Map.of("REPORTS_BUCKET", BUCKET, "AWS_REGION", "us-east-1",
                "AUDIT_COPY_REGIONS", "eu-west-1", "AUDIT_BACKUP_ACCOUNT_ROLES", role, "AUDIT_BACKUP_VAULTS", "false"));
        AuditHandler handler = new AuditHandler(AuditHandler.fromEnvironment(config, account.rds(), s3,
                Clock.fixed(NOW, ZoneOffset.UTC), new PrintStream(metrics, true, StandardCharsets.UTF_8),
                region -> MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient())
                        .region(region).build(),
                (region, roleArn) -> MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient())
                        .region(region).credentialsProvider(AuditHandler.roleCredentials(MotoServer.configure(
                                StsClient.builder()).httpClientBuilder(MotoServer.httpClient())
                                .overrideConfiguration(c -> c.addExecutionInterceptor(sent)).build(), roleArn))
                        .build(),
                region -> { throw new AssertionError("AWS Backup not to be read"); }));

        try (InputStream event = getClass().getResourceAsStream("/events/audit-schedule-event.json")) {
            handler.handleRequest(event, new ByteArrayOutputStream(), null);
        }

        JsonNode stored = JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(S3AuditReportStore.LATEST))
                .asUtf8String());
        // STS API Reference, AssumeRole: RoleArn (20 to 2048 characters) and RoleSessionName (2 to 64 of
        // [\w+=,.@-]) are required (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
        assertThat(sent.of(AssumeRoleRequest.class)).isNotEmpty().allSatisfy(call -> {
            AssumeRoleRequest request = (AssumeRoleRequest) call.request();
            assertThat(request.roleArn()).isEqualTo(role).hasSizeBetween(20, 2048);
            assertThat(request.roleSessionName()).matches("[\\w+=,.@-]{2,64}");
            assertThat(request.durationSeconds()).isNull();
        });
        assertThat(stored.path("regions").get(0).path("notes").toString())
                .contains("this account in eu-west-1")
                .contains("account 111122223333 in us-east-1 (role " + role + ")")
                .contains("account 111122223333 in eu-west-1 (role " + role + ")");
    }

    @Test
    void aMissingOrBadSettingFailsInitNamingTheVariable() {
        assertThatThrownBy(() -> AuditConfig.from(Map.of("AWS_REGION", "us-east-1", "AUDIT_MAX_BACKUP_AGE", "soon")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("REPORTS_BUCKET is not set")
                .hasMessageContaining("AUDIT_MAX_BACKUP_AGE=soon");
        AuditConfig config = AuditConfig.from(Map.of("REPORTS_BUCKET", BUCKET, "AWS_REGION", "us-east-1",
                "AUDIT_EXCLUDE_TAGS", "env=dev, restore-drill:audit-exclude", "AUDIT_MAX_BACKUP_AGE", "36h"));
        assertThat(config.policy().exclusions()).extracting(e -> e.key() + e.value().map(v -> "=" + v).orElse(""))
                .containsExactly("env=dev", "restore-drill:audit-exclude");
        assertThat(config.policy().maxBackupAge()).hasHours(36);
        assertThat(AuditConfig.from(Map.of("REPORTS_BUCKET", BUCKET, "AWS_REGION", "us-east-1",
                "AUDIT_COPY_REGIONS", "eu-west-1, eu-central-1", "AUDIT_BACKUP_ACCOUNT_ROLES",
                "arn:aws:iam::111122223333:role/restore-drill-audit"))).satisfies(c -> {
                    assertThat(c.copyRegions()).containsExactly("eu-west-1", "eu-central-1");
                    assertThat(c.backupRoles()).containsExactly("arn:aws:iam::111122223333:role/restore-drill-audit");
                });
        assertThatThrownBy(() -> AuditConfig.from(Map.of("REPORTS_BUCKET", BUCKET, "AWS_REGION", "us-east-1",
                "AUDIT_BACKUP_ACCOUNT_ROLES", "backup-reader")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("AUDIT_BACKUP_ACCOUNT_ROLES: backup-reader is not a role ARN");
        assertThat(AuditConfig.from(Map.of("REPORTS_BUCKET", BUCKET, "AWS_REGION", "us-east-1")).backupVaults())
                .isTrue();
        assertThatThrownBy(() -> AuditConfig.from(Map.of("REPORTS_BUCKET", BUCKET, "AWS_REGION", "us-east-1",
                "AUDIT_BACKUP_VAULTS", "yes"))).hasMessageContaining("AUDIT_BACKUP_VAULTS=yes: must be true or false");
    }
}
